package org.crema.nn;

import org.crema.Tensor;
import org.crema.autograd.Node;

import static org.crema.nn.ClassLossKernel.at;
import static org.crema.nn.ClassLossKernel.fromDoubles;

/**
 * Elementwise kernels of binary cross-entropy on probabilities and on logits, each with its own
 * backward. Composing them from log/clamp/abs ops would give NaN gradients at probability 0 or 1
 * (log's 1/x times clamp's zero) and a wrong gradient at logit 0 (abs and relu both have derivative 0
 * there), so they are written out as torch writes them.
 *
 * <p>Both take input and target of one shape and optional weight/posWeight already expanded to that
 * shape, and return the unreduced loss; gradients flow to input and to target.
 */
final class BinaryCrossEntropyKernel {
    private BinaryCrossEntropyKernel() {}

    /** torch clamps each log term at -100 so that a probability of exactly 0 or 1 gives a finite loss. */
    private static final double LOG_FLOOR = -100;
    /** torch's floor for x(1-x) in the backward. */
    private static final double GRAD_EPS = 1e-12;

    static Tensor probabilities(String op, Tensor input, Tensor target, Tensor weight) {
        Tensor x = input.contiguous(), y = target.to(input.dtype()).contiguous();
        double[] w = weight == null ? null : weight.contiguous().toDoubleArray();
        int n = (int) x.numel();
        float[] xf = x.storageFloats(), yf = y.storageFloats();
        double[] xd = x.storageDoubles(), yd = y.storageDoubles();
        int xo = x.storageOffset(), yo = y.storageOffset();
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            double p = at(xf, xd, xo + i), t = at(yf, yd, yo + i);
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(op + ": every input element must be a probability in [0, 1], got "
                        + p + " at flat position " + i + " (use BCEWithLogitsLoss on raw scores)");
            }
            double v = -(t * Math.max(Math.log(p), LOG_FLOOR) + (1 - t) * Math.max(Math.log1p(-p), LOG_FLOOR));
            loss[i] = w == null ? v : w[i] * v;
        }
        Tensor out = fromDoubles(loss, x.dtype(), x.shape());
        return Node.record(out, "binaryCrossEntropy", new Tensor[] {x, y}, g -> {
            double[] gs = g.contiguous().toDoubleArray();
            double[] gx = x.requiresGrad() ? new double[n] : null, gy = y.requiresGrad() ? new double[n] : null;
            for (int i = 0; i < n; i++) {
                double p = at(xf, xd, xo + i), t = at(yf, yd, yo + i);
                double s = w == null ? gs[i] : gs[i] * w[i];
                if (gx != null) gx[i] = s * (p - t) / Math.max(p * (1 - p), GRAD_EPS);
                if (gy != null) gy[i] = -s * (Math.max(Math.log(p), LOG_FLOOR) - Math.max(Math.log1p(-p), LOG_FLOOR));
            }
            return new Tensor[] {
                    gx == null ? null : fromDoubles(gx, x.dtype(), x.shape()),
                    gy == null ? null : fromDoubles(gy, y.dtype(), y.shape())};
        });
    }

    /**
     * loss = w * ((1 - y) x + (1 + (pw - 1) y) softplus(-x)), with softplus(-x) = log1p(exp(-|x|)) + max(-x, 0)
     * so that no exp overflows for any x.
     */
    static Tensor logits(Tensor input, Tensor target, Tensor weight, Tensor posWeight) {
        Tensor x = input.contiguous(), y = target.to(input.dtype()).contiguous();
        double[] w = weight == null ? null : weight.contiguous().toDoubleArray();
        double[] pw = posWeight == null ? null : posWeight.contiguous().toDoubleArray();
        int n = (int) x.numel();
        float[] xf = x.storageFloats(), yf = y.storageFloats();
        double[] xd = x.storageDoubles(), yd = y.storageDoubles();
        int xo = x.storageOffset(), yo = y.storageOffset();
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            double z = at(xf, xd, xo + i), t = at(yf, yd, yo + i);
            double lw = pw == null ? 1 : 1 + (pw[i] - 1) * t;
            double v = (1 - t) * z + lw * softplusNeg(z);
            loss[i] = w == null ? v : w[i] * v;
        }
        Tensor out = fromDoubles(loss, x.dtype(), x.shape());
        return Node.record(out, "binaryCrossEntropyWithLogits", new Tensor[] {x, y}, g -> {
            double[] gs = g.contiguous().toDoubleArray();
            double[] gx = x.requiresGrad() ? new double[n] : null, gy = y.requiresGrad() ? new double[n] : null;
            for (int i = 0; i < n; i++) {
                double z = at(xf, xd, xo + i), t = at(yf, yd, yo + i);
                double s = w == null ? gs[i] : gs[i] * w[i];
                double p = pw == null ? 1 : pw[i];
                if (gx != null) gx[i] = s * ((1 - t) - (1 + (p - 1) * t) * sigmoidNeg(z));
                if (gy != null) gy[i] = s * (-z + (p - 1) * softplusNeg(z));
            }
            return new Tensor[] {
                    gx == null ? null : fromDoubles(gx, x.dtype(), x.shape()),
                    gy == null ? null : fromDoubles(gy, y.dtype(), y.shape())};
        });
    }

    /** log(1 + exp(-z)) without overflow. */
    private static double softplusNeg(double z) { return Math.log1p(Math.exp(-Math.abs(z))) + Math.max(-z, 0); }

    /** sigmoid(-z) without overflow. */
    private static double sigmoidNeg(double z) {
        if (z >= 0) {
            double e = Math.exp(-z);
            return e / (1 + e);
        }
        return 1 / (1 + Math.exp(z));
    }
}
