package org.crema.nn;

import org.crema.Tensor;

/** max(x, 0) elementwise, as torch.nn.ReLU. */
public class ReLU extends Module {
    public ReLU() {}

    @Override
    public Tensor forward(Tensor input) { return Functional.relu(input); }
}
