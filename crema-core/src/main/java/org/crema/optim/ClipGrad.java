package org.crema.optim;

import java.util.List;
import org.crema.DType;
import org.crema.Tensor;

/**
 * Gradient clipping as torch.nn.utils.clip_grad_norm_ / clip_grad_value_: call between backward and
 * {@code optimizer.step()}. Gradients change in place; parameters without a gradient are ignored.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = ClipGrad.clipGradNorm(model.parameters(), 1.0);
 * optimizer.step();
 * }</pre>
 */
public final class ClipGrad {
    private ClipGrad() {}

    /** Scales all gradients together so that their joint 2-norm is at most maxNorm; returns the norm before clipping. */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) { return clipGradNorm(params, maxNorm, 2.0, false); }

    /** The same with the p-norm of the given type ({@code Double.POSITIVE_INFINITY}: the largest absolute value). */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType) {
        return clipGradNorm(params, maxNorm, normType, false);
    }

    /**
     * Computes the norm of all gradients as if concatenated into one vector and, when it exceeds maxNorm, multiplies
     * every gradient by maxNorm / (norm + 1e-6). A NaN or infinite norm makes the gradients non-finite too (as in
     * PyTorch), unless errorIfNonfinite, which throws instead and leaves them untouched.
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        if (!(maxNorm >= 0)) throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        if (!(normType > 0)) throw new IllegalArgumentException("clipGradNorm: normType must be > 0 or infinity, got " + normType);
        boolean inf = normType == Double.POSITIVE_INFINITY;
        double acc = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            acc = inf ? Math.max(acc, normPart(g, normType, true)) : acc + normPart(g, normType, false);
            if (Double.isNaN(acc)) break;
        }
        double total = inf ? acc : normType == 2 ? Math.sqrt(acc) : normType == 1 ? acc : Math.pow(acc, 1 / normType);
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new IllegalStateException("clipGradNorm: the total " + (inf ? "inf" : normType) + "-norm of the gradients is " + total
                    + "; some gradient is NaN or infinite (check the loss and the learning rate)");
        }
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1 || Double.isNaN(coef)) {
            for (Tensor p : params) {
                if (p.grad() != null) scale(p.grad(), coef);
            }
        }
        return total;
    }

    /** Clamps every gradient element into [-clip, clip]. */
    public static void clipGradValue(List<Tensor> params, double clip) {
        if (!(clip >= 0)) throw new IllegalArgumentException("clipGradValue: clip must be >= 0, got " + clip);
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            if (g.isContiguous() && g.dtype() == DType.FLOAT32) {
                float[] a = g.storageFloats();
                float c = (float) clip;
                int o = g.storageOffset(), n = (int) g.numel();
                Optimizer.forRange(n, (s, e) -> {
                    for (int i = o + s; i < o + e; i++) a[i] = Math.max(-c, Math.min(c, a[i]));
                });
            } else if (g.isContiguous() && g.dtype() == DType.FLOAT64) {
                double[] a = g.storageDoubles();
                int o = g.storageOffset(), n = (int) g.numel();
                Optimizer.forRange(n, (s, e) -> {
                    for (int i = o + s; i < o + e; i++) a[i] = Math.max(-clip, Math.min(clip, a[i]));
                });
            } else {
                try (var ng = Tensor.noGrad()) {
                    g.copy_(g.clamp(-clip, clip));
                }
            }
        }
    }

    /** max |g| (inf) or sum |g|^p of one gradient, read in place when contiguous; NaN if any element is NaN. */
    private static double normPart(Tensor g, double p, boolean inf) {
        int n = (int) g.numel(), o = g.storageOffset();
        float[] f = g.isContiguous() ? g.storageFloats() : null;
        double[] d = g.isContiguous() ? g.storageDoubles() : null;
        if (f == null && d == null) {
            d = g.toDoubleArray();
            o = 0;
        }
        double acc = 0;
        for (int i = 0; i < n; i++) {
            double a = Math.abs(f != null ? f[o + i] : d[o + i]);
            if (inf) acc = Double.isNaN(a) || a > acc ? a : acc;
            else acc += p == 2 ? a * a : p == 1 ? a : Math.pow(a, p);
        }
        return acc;
    }

    private static void scale(Tensor g, double coef) {
        if (g.isContiguous() && g.dtype() == DType.FLOAT32) {
            float[] a = g.storageFloats();
            float c = (float) coef;
            int o = g.storageOffset(), n = (int) g.numel();
            Optimizer.forRange(n, (s, e) -> {
                for (int i = o + s; i < o + e; i++) a[i] *= c;
            });
        } else if (g.isContiguous() && g.dtype() == DType.FLOAT64) {
            double[] a = g.storageDoubles();
            int o = g.storageOffset(), n = (int) g.numel();
            Optimizer.forRange(n, (s, e) -> {
                for (int i = o + s; i < o + e; i++) a[i] *= coef;
            });
        } else {
            try (var ng = Tensor.noGrad()) {
                g.mul_(coef);
            }
        }
    }
}
