package org.crema.nn;

import org.crema.Tensor;

/** x for x > 0, negativeSlope * x otherwise, as torch.nn.LeakyReLU (default slope 0.01). */
public class LeakyReLU extends Module {
    private final double negativeSlope;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) {
        if (!Double.isFinite(negativeSlope)) throw new IllegalArgumentException("LeakyReLU: negativeSlope must be finite, got " + negativeSlope);
        this.negativeSlope = negativeSlope;
    }

    public double negativeSlope() { return negativeSlope; }

    @Override
    public Tensor forward(Tensor input) { return Functional.leakyRelu(input, negativeSlope); }

    @Override
    public String extraRepr() { return "negative_slope=" + negativeSlope; }
}
