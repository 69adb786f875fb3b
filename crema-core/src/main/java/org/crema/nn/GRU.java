package org.crema.nn;

/**
 * torch.nn.GRU: a (stacked, optionally bidirectional) gated recurrent unit layer with torch's exact
 * equations, gates stacked r, z, n in {@code weight_ih_l0} [3*hidden, input] and
 * {@code weight_hh_l0} [3*hidden, hidden]:
 * <pre>
 * r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)     z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r * (W_hn h + b_hn))  h' = (1 - z) * n + z * h
 * </pre>
 * <b>Input is batch-first by default</b>, [batch, seq, inputSize] (torch's default is seq-first); set
 * {@code RecurrentOptions.batchFirst(false)} for [seq, batch, inputSize]. Weights start at
 * U(-1/sqrt(hidden), 1/sqrt(hidden)).
 */
public final class GRU extends RNNBase {
    public GRU(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, RecurrentOptions.defaults()); }

    public GRU(int inputSize, int hiddenSize, RecurrentOptions options) {
        super(RecurrentSteps.Kind.GRU, inputSize, hiddenSize, options);
    }

    /** torch's argument order. */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        this(inputSize, hiddenSize, new RecurrentOptions(numLayers, bias, batchFirst, dropout, bidirectional));
    }
}
