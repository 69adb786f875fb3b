package org.crema.nn;

import org.crema.Tensor;

/** Hyperbolic tangent elementwise, as torch.nn.Tanh. */
public class Tanh extends Module {
    public Tanh() {}

    @Override
    public Tensor forward(Tensor input) { return Functional.tanh(input); }
}
