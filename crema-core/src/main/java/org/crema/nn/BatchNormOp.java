package org.crema.nn;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.Node;
import org.crema.backend.Parallel;

/**
 * Batch normalisation over the channel dim 1 of [N, C, *] as one graph node. Per channel, the
 * forward makes one pass for the statistics (shifted sums, so large means do not cancel) and one for
 * y = x * scale + shift; the backward one pass for the two channel sums and one for dx. Channels are
 * independent, so both parallelise over channels.
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
        int l = spatial;
        checkVector("weight", weight, c);
        checkVector("bias", bias, c);
        checkVector("runningMean", runningMean, c);
        checkVector("runningVar", runningVar, c);
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: evaluation (training=false) needs runningMean and runningVar");
        }
        long count = (long) n * l;
        if (training && count <= 1) {
            throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got input shape "
                    + Arrays.toString(shape));
        }
        Tensor xc = input.contiguous().detach();
        float[] xf = xc.storageFloats();
        double[] xd = xc.storageDoubles();
        int xo = xc.storageOffset();
        double[] w = weight == null ? null : weight.toDoubleArray();
        double[] b = bias == null ? null : bias.toDoubleArray();
        double[] mean = new double[c], invStd = new double[c];
        int chw = c * l;
        int grain = (int) Math.max(1, (1 << 15) / Math.max(1, count));
        if (training) {
            double[] var = new double[c];
            Parallel.forRange(c, grain, (c0, c1) -> {
                for (int ch = c0; ch < c1; ch++) {
                    double k = at(xf, xd, xo + ch * l);
                    double s1 = 0, s2 = 0;
                    for (int i = 0; i < n; i++) {
                        int base = xo + i * chw + ch * l;
                        for (int j = 0; j < l; j++) {
                            double v = at(xf, xd, base + j) - k;
                            s1 += v;
                            s2 += v * v;
                        }
                    }
                    double m = s1 / count;
                    mean[ch] = k + m;
                    var[ch] = Math.max(0, s2 / count - m * m);
                    invStd[ch] = 1 / Math.sqrt(var[ch] + eps);
                }
            });
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
        Tensor y = normalize(xc, n, c, l, mean, invStd, w, b, grain);
        return Node.record(y, "batchNorm", new Tensor[] {input, weight, bias}, g -> {
            Tensor gc = g.contiguous();
            return backward(xc, gc, n, c, l, mean, invStd, w, training, grain,
                    input.requiresGrad(), weight != null && weight.requiresGrad(), bias != null && bias.requiresGrad(), shape);
        });
    }

    private static Tensor normalize(Tensor xc, int n, int c, int l, double[] mean, double[] invStd, double[] w, double[] b, int grain) {
        float[] xf = xc.storageFloats();
        double[] xd = xc.storageDoubles();
        int xo = xc.storageOffset(), chw = c * l;
        int total = n * chw;
        float[] yf = xf != null ? new float[total] : null;
        double[] yd = xf != null ? null : new double[total];
        Parallel.forRange(c, grain, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                double scale = invStd[ch] * (w == null ? 1 : w[ch]);
                double shift = (b == null ? 0 : b[ch]) - mean[ch] * scale;
                for (int i = 0; i < n; i++) {
                    int base = i * chw + ch * l;
                    if (yf != null) {
                        float sc = (float) scale, sh = (float) shift;
                        for (int j = 0; j < l; j++) yf[base + j] = xf[xo + base + j] * sc + sh;
                    } else {
                        for (int j = 0; j < l; j++) yd[base + j] = xd[xo + base + j] * scale + shift;
                    }
                }
            }
        });
        return yf != null ? Tensor.wrap(yf, xc.shape()) : Tensor.wrap(yd, xc.shape());
    }

    private static Tensor[] backward(Tensor xc, Tensor g, int n, int c, int l, double[] mean, double[] invStd, double[] w,
                                     boolean training, int grain, boolean needX, boolean needW, boolean needB, int[] shape) {
        float[] xf = xc.storageFloats(), gf = g.storageFloats();
        double[] xd = xc.storageDoubles(), gd = g.storageDoubles();
        int xo = xc.storageOffset(), go = g.storageOffset(), chw = c * l;
        long count = (long) n * l;
        double[] sumDy = new double[c], sumDyXhat = new double[c];
        Parallel.forRange(c, grain, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                double m = mean[ch], is = invStd[ch], s = 0, sx = 0;
                for (int i = 0; i < n; i++) {
                    int base = i * chw + ch * l;
                    for (int j = 0; j < l; j++) {
                        double dy = at(gf, gd, go + base + j);
                        s += dy;
                        sx += dy * (at(xf, xd, xo + base + j) - m) * is;
                    }
                }
                sumDy[ch] = s;
                sumDyXhat[ch] = sx;
            }
        });
        Tensor dx = null;
        if (needX) {
            int total = n * chw;
            float[] df = xf != null ? new float[total] : null;
            double[] dd = xf != null ? null : new double[total];
            Parallel.forRange(c, grain, (c0, c1) -> {
                for (int ch = c0; ch < c1; ch++) {
                    double m = mean[ch], is = invStd[ch], k = is * (w == null ? 1 : w[ch]);
                    // train: dx = k (dy - mean(dy) - xhat mean(dy xhat)); eval: the statistics are constants, dx = k dy
                    double mDy = training ? sumDy[ch] / count : 0, mDyX = training ? sumDyXhat[ch] / count : 0;
                    for (int i = 0; i < n; i++) {
                        int base = i * chw + ch * l;
                        for (int j = 0; j < l; j++) {
                            double xhat = (at(xf, xd, xo + base + j) - m) * is;
                            double v = k * (at(gf, gd, go + base + j) - mDy - xhat * mDyX);
                            if (df != null) df[base + j] = (float) v; else dd[base + j] = v;
                        }
                    }
                }
            });
            dx = df != null ? Tensor.wrap(df, shape) : Tensor.wrap(dd, shape);
        }
        DType dt = xc.dtype();
        return new Tensor[] {dx, needW ? vector(sumDyXhat, dt) : null, needB ? vector(sumDy, dt) : null};
    }

    static double at(float[] f, double[] d, int i) { return f != null ? f[i] : d[i]; }

    static Tensor vector(double[] v, DType dt) {
        if (dt == DType.FLOAT64) return Tensor.wrap(v, v.length);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.wrap(f, v.length);
    }

    private static void checkVector(String name, Tensor t, int c) {
        if (t != null && (t.dim() != 1 || t.size(0) != c)) {
            throw new IllegalArgumentException("batchNorm: " + name + " must have shape [" + c + "] (one value per channel), got "
                    + Arrays.toString(t.shape()));
        }
    }
}
