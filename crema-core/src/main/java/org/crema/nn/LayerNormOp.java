package org.crema.nn;

import java.util.Arrays;
import org.crema.Tensor;
import org.crema.autograd.Node;
import org.crema.backend.Parallel;

import static org.crema.nn.BatchNormOp.at;
import static org.crema.nn.BatchNormOp.vector;

/**
 * Layer normalisation over the trailing dims as one graph node: each row of D = prod(normalizedShape)
 * values is normalised with its own mean and biased variance; rows are independent and run in
 * parallel. The weight and bias gradients are column sums over rows, accumulated in a separate pass
 * so parallel rows never write to the same slot.
 */
final class LayerNormOp {
    private LayerNormOp() {}

    static Tensor apply(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int[] shape = input.shape();
        int k = normalizedShape.length;
        boolean ok = k > 0 && k <= shape.length;
        for (int i = 0; ok && i < k; i++) ok = shape[shape.length - k + i] == normalizedShape[i];
        if (!ok) {
            throw new IllegalArgumentException("layerNorm: expected input [*, " + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "")
                    + "] (trailing dims equal to normalizedShape), got " + Arrays.toString(shape));
        }
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("layerNorm: expected a floating-point input, got " + input.dtype());
        }
        int d = 1;
        for (int s : normalizedShape) d *= s;
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null && !Arrays.equals(p.shape(), normalizedShape)) {
                throw new IllegalArgumentException("layerNorm: weight and bias must have shape " + Arrays.toString(normalizedShape)
                        + ", got " + Arrays.toString(p.shape()));
            }
        }
        int rows = d == 0 ? 0 : (int) (input.numel() / d);
        int dim = d;
        Tensor xc = input.contiguous().detach();
        float[] xf = xc.storageFloats();
        double[] xd = xc.storageDoubles();
        int xo = xc.storageOffset();
        double[] w = weight == null ? null : weight.toDoubleArray();
        double[] b = bias == null ? null : bias.toDoubleArray();
        double[] mean = new double[rows], invStd = new double[rows];
        float[] yf = xf != null ? new float[rows * d] : null;
        double[] yd = xf != null ? null : new double[rows * d];
        int grain = Math.max(1, (1 << 14) / Math.max(1, d));
        Parallel.forRange(rows, grain, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = r * dim;
                double shift = at(xf, xd, xo + base), s1 = 0, s2 = 0;
                for (int j = 0; j < dim; j++) {
                    double v = at(xf, xd, xo + base + j) - shift;
                    s1 += v;
                    s2 += v * v;
                }
                double m = s1 / dim;
                double is = 1 / Math.sqrt(Math.max(0, s2 / dim - m * m) + eps);
                mean[r] = shift + m;
                invStd[r] = is;
                for (int j = 0; j < dim; j++) {
                    double v = (at(xf, xd, xo + base + j) - mean[r]) * is;
                    if (w != null) v *= w[j];
                    if (b != null) v += b[j];
                    if (yf != null) yf[base + j] = (float) v; else yd[base + j] = v;
                }
            }
        });
        Tensor y = yf != null ? Tensor.wrap(yf, shape) : Tensor.wrap(yd, shape);
        return Node.record(y, "layerNorm", new Tensor[] {input, weight, bias}, g -> {
            Tensor gc = g.contiguous();
            float[] gf = gc.storageFloats();
            double[] gd = gc.storageDoubles();
            int go = gc.storageOffset();
            Tensor dx = null;
            if (input.requiresGrad()) {
                float[] df = xf != null ? new float[rows * dim] : null;
                double[] dd = xf != null ? null : new double[rows * dim];
                Parallel.forRange(rows, grain, (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        int base = r * dim;
                        double m = mean[r], is = invStd[r], s = 0, sx = 0;
                        for (int j = 0; j < dim; j++) {
                            double dyw = at(gf, gd, go + base + j) * (w == null ? 1 : w[j]);
                            s += dyw;
                            sx += dyw * (at(xf, xd, xo + base + j) - m) * is;
                        }
                        s /= dim;
                        sx /= dim;
                        for (int j = 0; j < dim; j++) {
                            double dyw = at(gf, gd, go + base + j) * (w == null ? 1 : w[j]);
                            double xhat = (at(xf, xd, xo + base + j) - m) * is;
                            double v = is * (dyw - s - xhat * sx);
                            if (df != null) df[base + j] = (float) v; else dd[base + j] = v;
                        }
                    }
                });
                dx = df != null ? Tensor.wrap(df, shape) : Tensor.wrap(dd, shape);
            }
            boolean needW = weight != null && weight.requiresGrad(), needB = bias != null && bias.requiresGrad();
            Tensor dw = null, db = null;
            if (needW || needB) {
                double[] sw = new double[dim], sb = new double[dim];
                for (int r = 0; r < rows; r++) {
                    int base = r * dim;
                    double m = mean[r], is = invStd[r];
                    for (int j = 0; j < dim; j++) {
                        double dy = at(gf, gd, go + base + j);
                        sb[j] += dy;
                        sw[j] += dy * (at(xf, xd, xo + base + j) - m) * is;
                    }
                }
                if (needW) dw = vector(sw, input.dtype()).reshape(normalizedShape);
                if (needB) db = vector(sb, input.dtype()).reshape(normalizedShape);
            }
            return new Tensor[] {dx, dw, db};
        });
    }
}
