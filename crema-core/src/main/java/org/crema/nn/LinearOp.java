package org.crema.nn;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.Node;
import org.crema.backend.Gemm;
import org.crema.backend.Parallel;

/**
 * The fused affine map y = x W^T + b as one graph node: the forward is a single GEMM whose output is
 * pre-filled with the bias (beta = 1), the backward two GEMMs and a column sum. Composing
 * matmul + transpose + add instead would allocate three outputs and three nodes per layer and step.
 */
final class LinearOp {
    private LinearOp() {}

    /** Elements per task of the in-place ReLU (as {@link Activations}). */
    private static final int RELU_GRAIN = 1 << 15;

    static Tensor apply(Tensor input, Tensor weight, Tensor bias) { return apply(input, weight, bias, false); }

    /**
     * With {@code relu}, max(x W^T + b, 0) as one node: the ReLU runs in place on the GEMM's output, so
     * the pre-activation is never a tensor of its own (one allocation and one pass fewer). The values
     * and gradients are bit for bit those of {@code relu(linear(x))}: the same GEMM, the same max, and
     * a backward that masks by the output's sign as {@link Activations}' ReLU does.
     */
    static Tensor apply(Tensor input, Tensor weight, Tensor bias, boolean relu) {
        check(input, weight, bias);
        int[] inShape = input.shape();
        int in = weight.size(1), out = weight.size(0);
        int m = countRows(inShape);
        int[] outShape = inShape.clone();
        outShape[outShape.length - 1] = out;
        Tensor x = input.contiguous().detach();
        Tensor w = weight.contiguous().detach();
        Tensor b = bias == null ? null : bias.contiguous().detach();
        Tensor y;
        if (input.dtype() == DType.FLOAT32) {
            float[] c = new float[m * out];
            float beta = 0;
            if (b != null) {
                fillRows(b.storageFloats(), b.storageOffset(), c, m, out);
                beta = 1;
            }
            Gemm.sgemm(false, true, m, out, in, 1f, x.storageFloats(), x.storageOffset(), in,
                    w.storageFloats(), w.storageOffset(), in, beta, c, 0, out);
            if (relu) reluInPlace(c);
            y = Tensor.wrap(c, outShape);
        } else {
            double[] c = new double[m * out];
            double beta = 0;
            if (b != null) {
                fillRows(b.storageDoubles(), b.storageOffset(), c, m, out);
                beta = 1;
            }
            Gemm.dgemm(false, true, m, out, in, 1.0, x.storageDoubles(), x.storageOffset(), in,
                    w.storageDoubles(), w.storageOffset(), in, beta, c, 0, out);
            if (relu) reluInPlace(c);
            y = Tensor.wrap(c, outShape);
        }
        Tensor act = y;
        return Node.record(y, relu ? "linearRelu" : "linear", new Tensor[] {input, weight, bias}, g -> {
            Tensor gc = relu ? maskBySign(g.contiguous(), act) : g.contiguous();
            Tensor dx = input.requiresGrad() ? gradInput(gc, w, m, in, out, inShape) : null;
            Tensor dw = weight.requiresGrad() ? gradWeight(gc, x, m, in, out) : null;
            Tensor db = bias != null && bias.requiresGrad() ? gradBias(gc, m, out) : null;
            return new Tensor[] {dx, dw, db};
        });
    }

    private static int countRows(int[] shape) {
        int r = 1;
        for (int i = 0; i < shape.length - 1; i++) r *= shape[i];
        return r;
    }

    /** Math.max(v, 0) as Activations' ReLU computes it (NaN stays NaN, -0 becomes +0). */
    private static void reluInPlace(float[] c) {
        Parallel.forRange(c.length, RELU_GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) c[i] = Math.max(c[i], 0f);
        });
    }

    private static void reluInPlace(double[] c) {
        Parallel.forRange(c.length, RELU_GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) c[i] = Math.max(c[i], 0.0);
        });
    }

    /** g * signum(y) for the ReLU output y >= 0, the gradient of the pre-activation (as Activations' reluBackward). */
    private static Tensor maskBySign(Tensor g, Tensor y) {
        int n = (int) y.numel(), go = g.storageOffset();
        if (y.dtype() == DType.FLOAT32) {
            float[] ys = y.storageFloats(), gs = g.storageFloats(), d = new float[n];
            Parallel.forRange(n, RELU_GRAIN, (s, e) -> {
                for (int i = s; i < e; i++) d[i] = gs[go + i] * Math.signum(ys[i]);
            });
            return Tensor.wrap(d, y.shape());
        }
        double[] ys = y.storageDoubles(), gs = g.storageDoubles(), d = new double[n];
        Parallel.forRange(n, RELU_GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) d[i] = gs[go + i] * Math.signum(ys[i]);
        });
        return Tensor.wrap(d, y.shape());
    }

    private static void fillRows(float[] bias, int off, float[] c, int m, int n) {
        for (int i = 0; i < m; i++) System.arraycopy(bias, off, c, i * n, n);
    }

    private static void fillRows(double[] bias, int off, double[] c, int m, int n) {
        for (int i = 0; i < m; i++) System.arraycopy(bias, off, c, i * n, n);
    }

    /** dX = dY W: [m, out] x [out, in]. */
    private static Tensor gradInput(Tensor g, Tensor w, int m, int in, int out, int[] inShape) {
        if (g.dtype() == DType.FLOAT32) {
            float[] dx = new float[m * in];
            Gemm.sgemm(false, false, m, in, out, 1f, g.storageFloats(), g.storageOffset(), out,
                    w.storageFloats(), w.storageOffset(), in, 0f, dx, 0, in);
            return Tensor.wrap(dx, inShape);
        }
        double[] dx = new double[m * in];
        Gemm.dgemm(false, false, m, in, out, 1.0, g.storageDoubles(), g.storageOffset(), out,
                w.storageDoubles(), w.storageOffset(), in, 0.0, dx, 0, in);
        return Tensor.wrap(dx, inShape);
    }

    /** dW = dY^T X: [out, m] x [m, in]. */
    private static Tensor gradWeight(Tensor g, Tensor x, int m, int in, int out) {
        if (g.dtype() == DType.FLOAT32) {
            float[] dw = new float[out * in];
            Gemm.sgemm(true, false, out, in, m, 1f, g.storageFloats(), g.storageOffset(), out,
                    x.storageFloats(), x.storageOffset(), in, 0f, dw, 0, in);
            return Tensor.wrap(dw, out, in);
        }
        double[] dw = new double[out * in];
        Gemm.dgemm(true, false, out, in, m, 1.0, g.storageDoubles(), g.storageOffset(), out,
                x.storageDoubles(), x.storageOffset(), in, 0.0, dw, 0, in);
        return Tensor.wrap(dw, out, in);
    }

    /** db = column sums of dY, accumulated row by row so the inner loop is contiguous. */
    private static Tensor gradBias(Tensor g, int m, int out) {
        int off = g.storageOffset();
        if (g.dtype() == DType.FLOAT32) {
            float[] gs = g.storageFloats();
            float[] db = new float[out];
            for (int i = 0; i < m; i++) {
                int row = off + i * out;
                for (int j = 0; j < out; j++) db[j] += gs[row + j];
            }
            return Tensor.wrap(db, out);
        }
        double[] gs = g.storageDoubles();
        double[] db = new double[out];
        for (int i = 0; i < m; i++) {
            int row = off + i * out;
            for (int j = 0; j < out; j++) db[j] += gs[row + j];
        }
        return Tensor.wrap(db, out);
    }

    private static void check(Tensor input, Tensor weight, Tensor bias) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("linear: weight must be 2-D [out_features, in_features], got shape "
                    + Arrays.toString(weight.shape()));
        }
        int out = weight.size(0), in = weight.size(1);
        if (input.dim() == 0 || input.size(-1) != in) {
            throw new IllegalArgumentException("linear: expected input [..., " + in + "], got " + Arrays.toString(input.shape()));
        }
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("linear: expected a floating-point input, got " + input.dtype()
                    + "; convert with to(DType.FLOAT32)");
        }
        if (input.dtype() != weight.dtype()) {
            throw new IllegalArgumentException("linear: input is " + input.dtype() + " but weight is " + weight.dtype()
                    + "; convert the input or call module.to(" + input.dtype() + ")");
        }
        if (bias != null) {
            if (bias.dim() != 1 || bias.size(0) != out) {
                throw new IllegalArgumentException("linear: bias must have shape [" + out + "], got " + Arrays.toString(bias.shape()));
            }
            if (bias.dtype() != weight.dtype()) {
                throw new IllegalArgumentException("linear: bias is " + bias.dtype() + " but weight is " + weight.dtype());
            }
        }
    }
}
