package org.crema.nn;

import org.crema.Tensor;

/** x for x > 0, alpha * (exp(x) - 1) otherwise, as torch.nn.ELU (default alpha 1). */
public class ELU extends Module {
    private final double alpha;

    public ELU() { this(1.0); }

    public ELU(double alpha) {
        if (!Double.isFinite(alpha)) throw new IllegalArgumentException("ELU: alpha must be finite, got " + alpha);
        this.alpha = alpha;
    }

    public double alpha() { return alpha; }

    @Override
    public Tensor forward(Tensor input) { return Functional.elu(input, alpha); }

    @Override
    public String extraRepr() { return "alpha=" + alpha; }
}
