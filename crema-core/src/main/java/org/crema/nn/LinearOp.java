package org.crema.nn;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradMode;
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
    static Tensor apply(Tensor input, Tensor weight, Tensor bias, boolean relu) { return apply(input, weight, bias, relu, null); }

    /**
     * With a {@link TransposedWeight} cache (a Linear module's), a FLOAT32 call that records no graph and
     * is large enough multiplies by the cached W^T instead ({@link #forwardTransposed}).
     */
    static Tensor apply(Tensor input, Tensor weight, Tensor bias, boolean relu, TransposedWeight cache) {
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
            if (cache != null && m >= TRANSPOSED_MIN_ROWS && out >= TRANSPOSED_MIN_OUT && in <= TRANSPOSED_MAX_IN
                    && (long) out * in <= TRANSPOSED_MAX_WEIGHT && !recordsGraph(input, weight, bias)) {
                forwardTransposed(x, cache.of(w), b, c, m, in, out, relu);
            } else {
                float beta = 0;
                if (b != null) {
                    fillRows(b.storageFloats(), b.storageOffset(), c, m, out);
                    beta = 1;
                }
                Gemm.sgemm(false, true, m, out, in, 1f, x.storageFloats(), x.storageOffset(), in,
                        w.storageFloats(), w.storageOffset(), in, beta, c, 0, out);
                if (relu) reluInPlace(c);
            }
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
            Tensor gc = relu ? Activations.reluBackward(act, g.contiguous()) : g.contiguous();
            Tensor dx = input.requiresGrad() ? gradInput(gc, w, m, in, out, inShape) : null;
            Tensor dw = weight.requiresGrad() ? gradWeight(gc, x, m, in, out) : null;
            Tensor db = bias != null && bias.requiresGrad() ? gradBias(gc, m, out) : null;
            return new Tensor[] {dx, dw, db};
        });
    }

    /**
     * Where x W^T by the cached W^T (NN) beats the NT product, measured at 1 thread (GFLOP/s per CPU
     * second, NT / NN): from 128 rows and 64 outputs on with up to 1024 inputs (256x256x784 79-88 / 86-91,
     * 256x128x256 55 / 81-85, 128x128x256 58 / 84, 256x84x120 29 / 61); below 128 rows, for thin outputs
     * (256x10x128 23-33 / 0.5-25) and for deep inputs (256x128x3136 90 / 71, 256x128x1568 76 / 74) the NT
     * product's dot-product path is as fast or faster (256x128x1024 71 / 74: about even).
     */
    static final int TRANSPOSED_MIN_ROWS = 128, TRANSPOSED_MIN_OUT = 64, TRANSPOSED_MAX_IN = 1024;
    /** The cache holds two copies of the weight: not for weights over 4M elements (16 MB each). */
    static final long TRANSPOSED_MAX_WEIGHT = 1L << 22;
    /** Rows per part of the row split (each part multiplies by the whole W^T). */
    private static final int ROWS_PER_PART = 64;

    private static boolean recordsGraph(Tensor input, Tensor weight, Tensor bias) {
        return GradMode.isEnabled() && (input.requiresGrad() || weight.requiresGrad() || (bias != null && bias.requiresGrad()));
    }

    /**
     * c = x W^T + b (then the ReLU) through the cached W^T, with the rows split over the pool: each part
     * fills its bias rows, multiplies and clamps them while they are in its cache, and the whole layer is
     * one hand-off (the GEMM inside a part runs on that thread). A row's value does not depend on the
     * split: every part takes the GEMM's packed NN path, which sums each element in the same order.
     */
    private static void forwardTransposed(Tensor x, float[] wt, Tensor b, float[] c, int m, int in, int out, boolean relu) {
        float[] xs = x.storageFloats(), bs = b == null ? null : b.storageFloats();
        int xo = x.storageOffset(), bo = b == null ? 0 : b.storageOffset();
        int parts = Math.max(1, Math.min(Parallel.threads(), m / ROWS_PER_PART));
        Parallel.forRange(parts, 1, (s, e) -> {
            for (int p = s; p < e; p++) {
                int r0 = (int) ((long) m * p / parts), r1 = (int) ((long) m * (p + 1) / parts);
                if (bs != null) {
                    for (int i = r0; i < r1; i++) System.arraycopy(bs, bo, c, i * out, out);
                }
                Gemm.sgemm(false, false, r1 - r0, out, in, 1f, xs, xo + r0 * in, in, wt, 0, out,
                        bs == null ? 0f : 1f, c, r0 * out, out);
                if (relu) {
                    for (int i = r0 * out, end = r1 * out; i < end; i++) c[i] = Math.max(c[i], 0f);
                }
            }
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
