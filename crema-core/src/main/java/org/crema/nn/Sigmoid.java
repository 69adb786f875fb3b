package org.crema.nn;

import org.crema.Tensor;

/** 1 / (1 + exp(-x)) elementwise, as torch.nn.Sigmoid. */
public class Sigmoid extends Module {
    public Sigmoid() {}

    @Override
    public Tensor forward(Tensor input) { return Functional.sigmoid(input); }
}
