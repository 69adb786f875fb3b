package org.crema.nn;

import org.crema.Tensor;

/**
 * Gaussian error linear unit x * Phi(x), as torch.nn.GELU: exact (erf) by default, or the tanh
 * approximation 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) with {@code approximate = "tanh"}.
 */
public class GELU extends Module {
    private final String approximate;

    public GELU() { this("none"); }

    public GELU(String approximate) {
        this.approximate = Functional.checkGeluApproximate(approximate);
    }

    /** "none" (exact) or "tanh". */
    public String approximate() { return approximate; }

    @Override
    public Tensor forward(Tensor input) { return Functional.gelu(input, approximate); }

    @Override
    public String extraRepr() { return "none".equals(approximate) ? "" : "approximate='" + approximate + "'"; }
}
