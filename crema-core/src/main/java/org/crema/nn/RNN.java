package org.crema.nn;

/**
 * torch.nn.RNN: the Elman recurrence h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu), stacked and
 * optionally bidirectional, with torch's parameter names ({@code weight_ih_l0} [hidden, input], ...).
 * <b>Input is batch-first by default</b>, [batch, seq, inputSize] (torch's default is seq-first); set
 * {@code RecurrentOptions.batchFirst(false)} for [seq, batch, inputSize]. Weights start at
 * U(-1/sqrt(hidden), 1/sqrt(hidden)).
 */
public final class RNN extends RNNBase {
    /** The recurrence's activation. */
    public enum Nonlinearity { TANH, RELU }

    private final Nonlinearity nonlinearity;

    public RNN(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, Nonlinearity.TANH, RecurrentOptions.defaults()); }

    public RNN(int inputSize, int hiddenSize, Nonlinearity nonlinearity) {
        this(inputSize, hiddenSize, nonlinearity, RecurrentOptions.defaults());
    }

    public RNN(int inputSize, int hiddenSize, RecurrentOptions options) { this(inputSize, hiddenSize, Nonlinearity.TANH, options); }

    public RNN(int inputSize, int hiddenSize, Nonlinearity nonlinearity, RecurrentOptions options) {
        super(nonlinearity == Nonlinearity.RELU ? RecurrentSteps.Kind.RNN_RELU : RecurrentSteps.Kind.RNN_TANH,
                inputSize, hiddenSize, options);
        this.nonlinearity = nonlinearity;
    }

    public Nonlinearity nonlinearity() { return nonlinearity; }

    @Override
    public String extraRepr() {
        return super.extraRepr() + (nonlinearity == Nonlinearity.RELU ? ", nonlinearity=relu" : "");
    }
}
