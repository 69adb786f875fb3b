package org.crema;

/** softmax and logSoftmax along one dim, computed stably (max subtracted before exp). */
final class Softmax {
    private Softmax() {}

    static Tensor softmax(Tensor x, int dim, boolean log) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException((log ? "logSoftmax" : "softmax") + ": needs a floating-point tensor, got " + x.dtype());
        }
        Tensor out = forward(x, dim, log);
        return org.crema.autograd.Node.record(out, log ? "logSoftmax" : "softmax", new Tensor[] {x}, g -> {
            if (log) {
                // d/dx log_softmax: g - softmax * sum(g)
                return new Tensor[] {g.sub(out.exp().mul(g.sum(dim, true)))};
            }
            return new Tensor[] {out.mul(g.sub(g.mul(out).sum(dim, true)))};
        });
    }

    private static Tensor forward(Tensor x, int dim, boolean log) {
        int[] shape = x.shape();
        if (shape.length == 0) return log ? Tensor.zerosLike(x) : Tensor.onesLike(x);
        Tensor c = x.contiguous();
        Tensor out = Tensor.empty(c.dtype(), shape);
        int n = shape[dim], outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.length; i++) inner *= shape[i];
        if (n == 0) return out;
        if (inner == 1 && c.dtype() == DType.FLOAT32) {
            lastDimFloat(c.storageFloats(), c.storageOffset(), out.storageFloats(), outer, n, log);
            return out;
        }
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) max = Math.max(max, c.getStorage(c.offset + base + k * inner));
                if (max == Double.NEGATIVE_INFINITY) max = 0; // an all -inf row stays finite-safe
                double sum = 0;
                for (int k = 0; k < n; k++) sum += Math.exp(c.getStorage(c.offset + base + k * inner) - max);
                double logSum = Math.log(sum);
                for (int k = 0; k < n; k++) {
                    double v = c.getStorage(c.offset + base + k * inner) - max;
                    out.setStorage(base + k * inner, log ? v - logSum : Math.exp(v) / sum);
                }
            }
        }
        return out;
    }

    /** The common case (softmax over the last dim of a FLOAT32 tensor): the backend's row kernel. */
    private static void lastDimFloat(float[] x, int xo, float[] y, int rows, int n, boolean log) {
        org.crema.backend.Parallel.forRange(rows, rows * n < (1 << 15) ? Integer.MAX_VALUE : Math.max(1, 4096 / n),
                (s, e) -> org.crema.backend.Backend.current().softmaxRows(x, xo + s * n, y, s * n, e - s, n, log));
    }
}
