package org.crema;

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
            case FLOAT32 -> {
                float[] x = c.f;
                int o = c.offset;
                // four partial sums: fewer dependent adds and less rounding than one running sum
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int i = 0;
                for (; i + 3 < n; i += 4) {
                    s0 += x[o + i]; s1 += x[o + i + 1]; s2 += x[o + i + 2]; s3 += x[o + i + 3];
                }
                for (; i < n; i++) s0 += x[o + i];
                s = s0 + s1 + s2 + s3;
            }
            case FLOAT64 -> { for (int i = 0; i < n; i++) s += c.d[c.offset + i]; }
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
                    double s = 0;
                    for (int k = 0; k < n; k++) s += x[base + k];
                    y[ob] = (float) s;
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
