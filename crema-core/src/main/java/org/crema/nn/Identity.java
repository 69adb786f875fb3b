package org.crema.nn;

import org.crema.Tensor;

/** Returns its input unchanged, as torch.nn.Identity: a placeholder where a layer is optional. */
public class Identity extends Module {
    public Identity() {}

    @Override
    public Tensor forward(Tensor input) { return input; }
}
