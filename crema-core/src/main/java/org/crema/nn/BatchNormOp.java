package org.crema.nn;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.Node;
import org.crema.backend.Parallel;

/**
 * Batch normalisation over the channel dim 1 of [N, C, *] as one graph node. The forward makes one
 * pass for the per-channel statistics (shifted sums, so large means do not cancel) and one for
 * y = x * scale + shift; the backward one pass for the two per-channel sums and one for
 * dx = a * dy + b * x + c with per-channel a, b, c.
 *
 * <p>Work is split into blocks of channels, and inside a block the loops run sample by sample in
 * memory order, so [N, C] inputs (one value per channel per sample) are read contiguously instead of
 * with stride C.
 */
final class BatchNormOp {
    private BatchNormOp() {}

    static Tensor apply(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                        boolean training, double momentum, double eps) {
        int[] shape = input.shape();
        if (input.dim() < 2) {
            throw new IllegalArgumentException("batchNorm: expected input [N, C, *] with at least 2 dims, got " + Arrays.toString(shape));
        }
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("batchNorm: expected a floating-point input, got " + input.dtype());
        }
        int n = shape[0], c = shape[1];
        int spatial = 1;
        for (int i = 2; i < shape.length; i++) spatial *= shape[i];
        Layout lay = new Layout(n, c, spatial);
        checkVector("weight", weight, c);
        checkVector("bias", bias, c);
        checkVector("runningMean", runningMean, c);
        checkVector("runningVar", runningVar, c);
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: evaluation (training=false) needs runningMean and runningVar");
        }
        long count = (long) n * spatial;
        if (training && count <= 1) {
            throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got input shape "
                    + Arrays.toString(shape));
        }
        Tensor xc = input.contiguous().detach();
        double[] w = weight == null ? null : weight.toDoubleArray();
        double[] b = bias == null ? null : bias.toDoubleArray();
        double[] mean = new double[c], invStd = new double[c];
        if (training) {
            double[] var = new double[c];
            double[] s1 = new double[c], s2 = new double[c];
            // shift each channel by its first value: sums of (x - k) and (x - k)^2 keep their precision
            double[] shift = new double[c];
            for (int ch = 0; ch < c; ch++) shift[ch] = get(xc, xc.storageOffset() + ch * spatial);
            sums(lay, xc, null, shift, s1, s2);
            for (int ch = 0; ch < c; ch++) {
                double m = s1[ch] / count;
                mean[ch] = shift[ch] + m;
                var[ch] = Math.max(0, s2[ch] / count - m * m);
                invStd[ch] = 1 / Math.sqrt(var[ch] + eps);
            }
            if (runningMean != null && runningVar != null) {
                double[] rm = runningMean.toDoubleArray(), rv = runningVar.toDoubleArray();
                double unbias = count / (double) (count - 1);
                for (int ch = 0; ch < c; ch++) {
                    rm[ch] = (1 - momentum) * rm[ch] + momentum * mean[ch];
                    rv[ch] = (1 - momentum) * rv[ch] + momentum * var[ch] * unbias;
                }
                Init.write(runningMean, rm);
                Init.write(runningVar, rv);
            }
        } else {
            double[] rm = runningMean.toDoubleArray(), rv = runningVar.toDoubleArray();
            for (int ch = 0; ch < c; ch++) {
                mean[ch] = rm[ch];
                invStd[ch] = 1 / Math.sqrt(rv[ch] + eps);
            }
        }
        double[] scale = new double[c], offset = new double[c];
        for (int ch = 0; ch < c; ch++) {
            scale[ch] = invStd[ch] * (w == null ? 1 : w[ch]);
            offset[ch] = (b == null ? 0 : b[ch]) - mean[ch] * scale[ch];
        }
        Tensor y = affine(lay, xc, scale, null, offset, shape);
        return Node.record(y, "batchNorm", new Tensor[] {input, weight, bias}, g -> {
            Tensor gc = g.contiguous();
            // sumDy[c] = sum dy, sumDyXc[c] = sum dy (x - mean); then sum dy xhat = sumDyXc * invStd
            double[] sumDy = new double[c], sumDyXc = new double[c];
            sums(lay, gc, xc, mean, sumDy, sumDyXc);
            Tensor dx = null;
            if (input.requiresGrad()) {
                double[] a = new double[c], bx = new double[c], k0 = new double[c];
                for (int ch = 0; ch < c; ch++) {
                    double k = invStd[ch] * (w == null ? 1 : w[ch]);
                    if (training) {
                        // dx = k (dy - mean(dy) - xhat mean(dy xhat)), xhat = (x - mean) invStd
                        double mDy = sumDy[ch] / count, mDyXhat = sumDyXc[ch] * invStd[ch] / count;
                        double q = k * invStd[ch] * mDyXhat;
                        a[ch] = k;
                        bx[ch] = -q;
                        k0[ch] = -k * mDy + q * mean[ch];
                    } else {
                        a[ch] = k;   // the running statistics are constants
                    }
                }
                dx = affine(lay, gc, a, training ? new Object[] {xc, bx} : null, k0, shape);
            }
            DType dt = xc.dtype();
            Tensor dw = null;
            if (weight != null && weight.requiresGrad()) {
                double[] sw = new double[c];
                for (int ch = 0; ch < c; ch++) sw[ch] = sumDyXc[ch] * invStd[ch];
                dw = vector(sw, dt);
            }
            Tensor db = bias != null && bias.requiresGrad() ? vector(sumDy, dt) : null;
            return new Tensor[] {dx, dw, db};
        });
    }

    /** [N, C, L] viewed contiguously; channels are split into blocks of about 32K values for the pool. */
    private record Layout(int n, int c, int l) {
        int grain() { return (int) Math.max(1, (1 << 15) / Math.max(1L, (long) n * l)); }
    }

    /**
     * Per channel: s1 += u and s2 += u * v' where, without v, u = x - k and v' = u (so s2 is the shifted
     * sum of squares); with v, u = dy and v' = v - k (the dy (x - mean) sum).
     */
    private static void sums(Layout lay, Tensor u, Tensor v, double[] k, double[] s1, double[] s2) {
        int n = lay.n, c = lay.c, l = lay.l, chw = c * l;
        float[] uf = u.storageFloats(), vf = v == null ? null : v.storageFloats();
        double[] ud = u.storageDoubles(), vd = v == null ? null : v.storageDoubles();
        int uo = u.storageOffset(), vo = v == null ? 0 : v.storageOffset();
        boolean squares = v == null;
        Parallel.forRange(c, lay.grain(), (c0, c1) -> {
            if (l == 1 && uf != null) {
                // [N, C] FLOAT32: one value per channel per row; the channel loop is contiguous and its
                // iterations independent, which C2 vectorizes
                for (int i = 0; i < n; i++) {
                    int row = uo + i * c, vrow = vo + i * c;
                    if (squares) {
                        for (int ch = c0; ch < c1; ch++) {
                            double t = uf[row + ch] - k[ch];
                            s1[ch] += t;
                            s2[ch] += t * t;
                        }
                    } else {
                        for (int ch = c0; ch < c1; ch++) {
                            double dy = uf[row + ch];
                            s1[ch] += dy;
                            s2[ch] += dy * (vf[vrow + ch] - k[ch]);
                        }
                    }
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                for (int ch = c0; ch < c1; ch++) {
                    int base = i * chw + ch * l;
                    double kk = k[ch], a1 = 0, a2 = 0;
                    for (int j = 0; j < l; j++) {
                        double x = at(uf, ud, uo + base + j);
                        if (squares) {
                            double t = x - kk;
                            a1 += t;
                            a2 += t * t;
                        } else {
                            a1 += x;
                            a2 += x * (at(vf, vd, vo + base + j) - kk);
                        }
                    }
                    s1[ch] += a1;
                    s2[ch] += a2;
                }
            }
        });
    }

    /**
     * out = a[c] * u + b[c] * v + k[c] elementwise (v and b given together as {tensor, double[]}, or
     * null), in u's dtype. The per-channel coefficients are narrowed once to the data type so the
     * inner loops stay in float for FLOAT32.
     */
    private static Tensor affine(Layout lay, Tensor u, double[] a, Object[] vb, double[] k, int[] shape) {
        int n = lay.n, c = lay.c, l = lay.l, chw = c * l, total = n * chw;
        Tensor v = vb == null ? null : (Tensor) vb[0];
        double[] b = vb == null ? null : (double[]) vb[1];
        int uo = u.storageOffset(), vo = v == null ? 0 : v.storageOffset();
        if (u.dtype() == DType.FLOAT32) {
            float[] us = u.storageFloats(), vs = v == null ? null : v.storageFloats(), out = new float[total];
            float[] af = toFloats(a), bf = b == null ? null : toFloats(b), kf = toFloats(k);
            Parallel.forRange(c, lay.grain(), (c0, c1) -> {
                for (int i = 0; i < n; i++) {
                    if (l == 1) {
                        int row = i * c;
                        if (vs == null) for (int ch = c0; ch < c1; ch++) out[row + ch] = af[ch] * us[uo + row + ch] + kf[ch];
                        else for (int ch = c0; ch < c1; ch++) out[row + ch] = af[ch] * us[uo + row + ch] + bf[ch] * vs[vo + row + ch] + kf[ch];
                        continue;
                    }
                    for (int ch = c0; ch < c1; ch++) {
                        int base = i * chw + ch * l;
                        float ac = af[ch], kc = kf[ch];
                        if (vs == null) {
                            for (int j = base; j < base + l; j++) out[j] = ac * us[uo + j] + kc;
                        } else {
                            float bc = bf[ch];
                            for (int j = base; j < base + l; j++) out[j] = ac * us[uo + j] + bc * vs[vo + j] + kc;
                        }
                    }
                }
            });
            return Tensor.wrap(out, shape);
        }
        double[] us = u.storageDoubles(), vs = v == null ? null : v.storageDoubles(), out = new double[total];
        Parallel.forRange(c, lay.grain(), (c0, c1) -> {
            for (int i = 0; i < n; i++) {
                for (int ch = c0; ch < c1; ch++) {
                    int base = i * chw + ch * l;
                    double ac = a[ch], kc = k[ch], bc = b == null ? 0 : b[ch];
                    if (vs == null) {
                        for (int j = base; j < base + l; j++) out[j] = ac * us[uo + j] + kc;
                    } else {
                        for (int j = base; j < base + l; j++) out[j] = ac * us[uo + j] + bc * vs[vo + j] + kc;
                    }
                }
            }
        });
        return Tensor.wrap(out, shape);
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    private static double get(Tensor t, int i) { return at(t.storageFloats(), t.storageDoubles(), i); }

    static double at(float[] f, double[] d, int i) { return f != null ? f[i] : d[i]; }

    static Tensor vector(double[] v, DType dt) {
        if (dt == DType.FLOAT64) return Tensor.wrap(v, v.length);
        return Tensor.wrap(toFloats(v), v.length);
    }

    private static void checkVector(String name, Tensor t, int c) {
        if (t != null && (t.dim() != 1 || t.size(0) != c)) {
            throw new IllegalArgumentException("batchNorm: " + name + " must have shape [" + c + "] (one value per channel), got "
                    + Arrays.toString(t.shape()));
        }
    }
}
