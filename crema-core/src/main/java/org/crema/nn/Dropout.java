package org.crema.nn;

import org.crema.Tensor;

/**
 * Inverted dropout, as torch.nn.Dropout: in training mode each element is zeroed with probability p
 * and the survivors scaled by 1 / (1 - p), so eval mode is the identity. The mask comes from the
 * global generator: {@code Tensor.manualSeed} makes it reproducible.
 */
public class Dropout extends Module {
    private final double p;

    public Dropout() { this(0.5); }

    public Dropout(double p) {
        Functional.checkDropoutP(p);
        this.p = p;
    }

    public double p() { return p; }

    @Override
    public Tensor forward(Tensor input) { return Functional.dropout(input, p, isTraining()); }

    @Override
    public String extraRepr() { return "p=" + p; }
}
