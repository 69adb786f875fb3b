package org.crema.nn;

import org.crema.Tensor;

/** torch.nn.GRUCell: one GRU step (equations in {@link GRU}, gates r, z, n). */
public final class GRUCell extends RNNCellBase {
    public GRUCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true); }

    public GRUCell(int inputSize, int hiddenSize, boolean bias) { super(RecurrentSteps.Kind.GRU, inputSize, hiddenSize, bias); }

    /** The next hidden state from h (null for zeros). */
    public Tensor forward(Tensor input, Tensor h) { return step(input, h, null).h(); }
}
