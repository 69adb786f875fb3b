package org.crema;

import org.crema.backend.Backend;
import org.crema.backend.Parallel;

/**
 * Reductions over one dimension. The input is made contiguous and read as [outer, n, inner], so the
 * innermost loop always walks memory in order.
 */
final class Reductions {
    private Reductions() {}

    enum Kind { SUM, MAX, MIN, ARGMAX, ARGMIN }

    static int[] reducedShape(int[] shape, int dim, boolean keepDim) {
        if (keepDim) {
            int[] out = shape.clone();
            out[dim] = 1;
            return out;
        }
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != dim) out[j++] = shape[i];
        return out;
    }

    /** Sum of every element, accumulated in double. */
    static double sumAll(Tensor t) {
        Tensor c = t.contiguous();
        int n = c.numelInt();
        double s = 0;
        switch (c.dtype()) {
            case FLOAT32 -> s = Backend.current().sum(c.f, c.offset, n);
            case FLOAT64 -> s = Backend.current().sum(c.d, c.offset, n);
            case INT64 -> {
                long ls = 0;
                for (int i = 0; i < n; i++) ls += c.l[c.offset + i];
                s = ls;
            }
        }
        return s;
    }

    static Tensor reduce(Kind kind, Tensor t, int dim, boolean keepDim) {
        int[] shape = t.shape();
        int n = shape[dim];
        if (n == 0 && kind != Kind.SUM) {
            throw new IllegalArgumentException(kind.name().toLowerCase() + ": cannot reduce dim " + dim
                    + " of size 0 (shape " + Shapes.str(shape) + ")");
        }
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.length; i++) inner *= shape[i];
        Tensor c = t.contiguous();
        boolean index = kind == Kind.ARGMAX || kind == Kind.ARGMIN;
        DType outType = index ? DType.INT64 : c.dtype();
        Tensor out = Tensor.empty(outType, reducedShape(shape, dim, keepDim));
        final int fInner = inner, fn = n;
        int work = outer * n * inner;
        Parallel.forRange(outer, work < Elementwise.PARALLEL_THRESHOLD ? Integer.MAX_VALUE
                : Math.max(1, (1 << 14) / Math.max(1, n * inner)), (s, e) -> {
            for (int o = s; o < e; o++) {
                int base = c.offset + o * fn * fInner;
                int ob = o * fInner;
                switch (kind) {
                    case SUM -> sumRow(c, base, fn, fInner, out, ob);
                    default -> extremeRow(kind, c, base, fn, fInner, out, ob);
                }
            }
        });
        return out;
    }

    private static void sumRow(Tensor c, int base, int n, int inner, Tensor out, int ob) {
        switch (c.dtype()) {
            case FLOAT32 -> {
                float[] x = c.f, y = out.f;
                if (inner == 1) {
                    y[ob] = (float) Backend.current().sum(x, base, n);
                } else {
                    for (int i = 0; i < inner; i++) y[ob + i] = 0;
                    for (int k = 0; k < n; k++) {
                        int rb = base + k * inner;
                        for (int i = 0; i < inner; i++) y[ob + i] += x[rb + i];
                    }
                }
            }
            case FLOAT64 -> {
                double[] x = c.d, y = out.d;
                for (int i = 0; i < inner; i++) y[ob + i] = 0;
                for (int k = 0; k < n; k++) {
                    int rb = base + k * inner;
                    for (int i = 0; i < inner; i++) y[ob + i] += x[rb + i];
                }
            }
            case INT64 -> {
                long[] x = c.l, y = out.l;
                for (int i = 0; i < inner; i++) y[ob + i] = 0;
                for (int k = 0; k < n; k++) {
                    int rb = base + k * inner;
                    for (int i = 0; i < inner; i++) y[ob + i] += x[rb + i];
                }
            }
        }
    }

    private static void extremeRow(Kind kind, Tensor c, int base, int n, int inner, Tensor out, int ob) {
        boolean max = kind == Kind.MAX || kind == Kind.ARGMAX;
        boolean index = kind == Kind.ARGMAX || kind == Kind.ARGMIN;
        for (int i = 0; i < inner; i++) {
            double best = c.getStorage(base + i);
            int bestK = 0;
            if (!Double.isNaN(best)) {
                for (int k = 1; k < n; k++) {
                    double v = c.getStorage(base + k * inner + i);
                    // NaN wins, as in PyTorch; the first of equal values wins
                    if (Double.isNaN(v)) { best = v; bestK = k; break; }
                    if (max ? v > best : v < best) { best = v; bestK = k; }
                }
            }
            if (index) out.l[ob + i] = bestK;
            else out.setStorage(ob + i, best);
        }
    }
}
