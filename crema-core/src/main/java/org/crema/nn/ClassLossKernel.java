package org.crema.nn;

import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.Node;
import org.crema.backend.Parallel;

/**
 * Fused per-sample kernel of cross-entropy (log-softmax + NLL + label smoothing, on logits) and of
 * NLL (on log-probabilities) with class-index targets. One pass per sample computes the
 * log-sum-exp, and the backward writes {@code softmax - onehot} directly instead of going through
 * the log-softmax and gather nodes: this is in every classifier's hot path.
 *
 * <p>Input is [N, C, d1...] with the class dim at 1, target INT64 [N, d1...]. The result holds the
 * unreduced per-sample losses and the sum of the valid samples' class weights (torch's weighted-mean
 * denominator; the count of non-ignored samples without weights).
 */
final class ClassLossKernel {
    private ClassLossKernel() {}

    record Result(Tensor perSample, double weightSum) {}

    /**
     * @param logits true for cross-entropy on raw scores, false for NLL on log-probabilities
     * @param weight class weights [C] already validated, or null
     */
    static Result apply(String op, Tensor input, Tensor target, Tensor weight, long ignoreIndex,
                        double smoothing, boolean logits) {
        Tensor x = input.contiguous();
        int[] shape = x.shape();
        int n = shape[0], c = shape[1];
        int inner = 1;
        for (int i = 2; i < shape.length; i++) inner *= shape[i];
        int samples = n * inner;
        long[] t = target.contiguous().toLongArray();
        double[] w = weight == null ? null : weight.toDoubleArray();

        // validate targets and collect the weighted-mean denominator before any math
        double weightSum = 0;
        for (int e = 0; e < samples; e++) {
            long y = t[e];
            if (y == ignoreIndex) continue;
            if (y < 0 || y >= c) {
                throw new IllegalArgumentException(op + ": target class " + y + " at flat position " + e
                        + " is out of range for " + c + " classes (expected 0.." + (c - 1)
                        + " or ignoreIndex " + ignoreIndex + ")");
            }
            weightSum += w == null ? 1 : w[(int) y];
        }
        double classWeightTotal = 0;
        if (w != null) for (double v : w) classWeightTotal += v;
        else classWeightTotal = c;

        float[] xf = x.storageFloats();
        double[] xd = x.storageDoubles();
        int xo = x.storageOffset();
        double[] loss = new double[samples];
        double[] lse = logits ? new double[samples] : null;
        final int fInner = inner;
        final double cwTotal = classWeightTotal;
        Parallel.forRange(samples, grain(samples, c), (s0, s1) -> {
            for (int e = s0; e < s1; e++) {
                long y = t[e];
                if (y == ignoreIndex) continue;
                int base = xo + (e / fInner) * c * fInner + e % fInner;
                double wy = w == null ? 1 : w[(int) y];
                double xy = at(xf, xd, base + (int) y * fInner);
                if (!logits) {
                    loss[e] = -wy * xy;
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) max = Math.max(max, at(xf, xd, base + k * fInner));
                double sum = 0;
                for (int k = 0; k < c; k++) sum += Math.exp(at(xf, xd, base + k * fInner) - max);
                double l = max + Math.log(sum);
                lse[e] = l;
                double v = (1 - smoothing) * wy * (l - xy);
                if (smoothing != 0) {
                    // sum_k w_k * (lse - x_k), the weighted negative log-likelihood of every class
                    double s = 0;
                    for (int k = 0; k < c; k++) s += (w == null ? 1 : w[k]) * at(xf, xd, base + k * fInner);
                    v += smoothing / c * (cwTotal * l - s);
                }
                loss[e] = v;
            }
        });

        int[] outShape = new int[shape.length - 1];
        outShape[0] = n;
        System.arraycopy(shape, 2, outShape, 1, shape.length - 2);
        Tensor out = fromDoubles(loss, x.dtype(), outShape);
        Tensor recorded = Node.record(out, logits ? "crossEntropy" : "nllLoss", new Tensor[] {x}, g -> {
            double[] gs = g.contiguous().toDoubleArray();
            double[] gx = new double[(int) x.numel()];
            Parallel.forRange(samples, grain(samples, c), (s0, s1) -> {
                for (int e = s0; e < s1; e++) {
                    long y = t[e];
                    if (y == ignoreIndex || gs[e] == 0) continue;
                    int base = (e / fInner) * c * fInner + e % fInner;
                    double wy = w == null ? 1 : w[(int) y];
                    if (!logits) {
                        gx[base + (int) y * fInner] = -gs[e] * wy;
                        continue;
                    }
                    double l = lse[e];
                    // d/dx_k = (1-eps) w_y (p_k - [k==y]) + eps/C (W p_k - w_k)
                    double a = gs[e] * ((1 - smoothing) * wy + smoothing / c * cwTotal);
                    double b = gs[e] * smoothing / c;
                    for (int k = 0; k < c; k++) {
                        int p = base + k * fInner;
                        double prob = Math.exp(at(xf, xd, xo + p) - l);
                        gx[p] = a * prob - b * (w == null ? 1 : w[k]);
                    }
                    gx[base + (int) y * fInner] -= gs[e] * (1 - smoothing) * wy;
                }
            });
            return new Tensor[] {fromDoubles(gx, x.dtype(), shape)};
        });
        return new Result(recorded, weightSum);
    }

    private static int grain(int samples, int c) {
        return (long) samples * c < (1 << 15) ? Integer.MAX_VALUE : Math.max(1, (1 << 14) / Math.max(c, 1));
    }

    static double at(float[] f, double[] d, int i) { return f != null ? f[i] : d[i]; }

    /** A tensor of dtype over the values (FLOAT32 rounds them). */
    static Tensor fromDoubles(double[] v, DType dtype, int[] shape) {
        if (dtype == DType.FLOAT64) return Tensor.wrap(v, shape);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.wrap(f, shape);
    }
}
