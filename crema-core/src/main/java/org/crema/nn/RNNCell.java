package org.crema.nn;

import org.crema.Tensor;

/** torch.nn.RNNCell: one Elman step h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu). */
public final class RNNCell extends RNNCellBase {
    private final RNN.Nonlinearity nonlinearity;

    public RNNCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true, RNN.Nonlinearity.TANH); }

    public RNNCell(int inputSize, int hiddenSize, boolean bias, RNN.Nonlinearity nonlinearity) {
        super(nonlinearity == RNN.Nonlinearity.RELU ? RecurrentSteps.Kind.RNN_RELU : RecurrentSteps.Kind.RNN_TANH,
                inputSize, hiddenSize, bias);
        this.nonlinearity = nonlinearity;
    }

    /** The next hidden state from h (null for zeros). */
    public Tensor forward(Tensor input, Tensor h) { return step(input, h, null).h(); }

    @Override
    public String extraRepr() { return super.extraRepr() + (nonlinearity == RNN.Nonlinearity.RELU ? ", nonlinearity=relu" : ""); }
}
