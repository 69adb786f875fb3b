package org.crema.optim;

import java.util.List;
import org.crema.Tensor;

/**
 * Penalties as differentiable loss terms, as Keras' regularizers: add them to the loss before backward.
 * {@code l2(params, lambda)} = lambda * sum(w^2) has gradient 2 * lambda * w, so an optimizer's
 * {@code weightDecay} wd is the same as {@code l2(params, wd / 2)}; {@code l1(params, lambda)} =
 * lambda * sum(|w|) has gradient lambda * sign(w), the same as the optimizers' {@code l1} option.
 *
 * <pre>{@code
 * Tensor loss = lossFn.forward(model.forward(x), y).add(Regularization.l2(model.parameters(), 1e-4));
 * }</pre>
 */
public final class Regularization {
    private Regularization() {}

    /** lambda * sum over all parameters of w^2, a scalar in the first parameter's dtype. */
    public static Tensor l2(List<Tensor> params, double lambda) { return penalty("l2", params, lambda, true); }

    /** lambda * sum over all parameters of |w|, a scalar in the first parameter's dtype. */
    public static Tensor l1(List<Tensor> params, double lambda) { return penalty("l1", params, lambda, false); }

    private static Tensor penalty(String name, List<Tensor> params, double lambda, boolean square) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("Regularization." + name + ": lambda must be finite and >= 0, got " + lambda);
        }
        if (params.isEmpty()) return Tensor.scalar(0);
        Tensor total = null;
        for (Tensor p : params) {
            Tensor t = (square ? p.square() : p.abs()).sum().to(params.get(0).dtype());
            total = total == null ? t : total.add(t);
        }
        return total.mul(lambda);
    }
}
