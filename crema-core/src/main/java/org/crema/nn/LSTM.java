package org.crema.nn;

/**
 * torch.nn.LSTM: a (stacked, optionally bidirectional) long short-term memory layer with torch's
 * equations and parameter layout. Gates are stacked in the order i, f, g, o in
 * {@code weight_ih_l0} [4*hidden, input] and {@code weight_hh_l0} [4*hidden, hidden]:
 * <pre>
 * i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)     f = sigmoid(W_if x + b_if + W_hf h + b_hf)
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg)        o = sigmoid(W_io x + b_io + W_ho h + b_ho)
 * c' = f * c + i * g                            h' = o * tanh(c')
 * </pre>
 * <b>Input is batch-first by default</b>, [batch, seq, inputSize], as Crema's convention (torch's
 * default is seq-first); set {@code RecurrentOptions.batchFirst(false)} for [seq, batch, inputSize].
 * {@link #forward(org.crema.Tensor)} returns the output sequence; {@code forward(x, state)} also
 * returns the final h and c. Weights start at U(-1/sqrt(hidden), 1/sqrt(hidden)).
 */
public final class LSTM extends RNNBase {
    // its sequence kernels (PackedSgemm, PanelSgemm) start compiling when the first LSTM is built
    static { org.crema.backend.PackedSgemm.warmUp(); }

    public LSTM(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, RecurrentOptions.defaults()); }

    public LSTM(int inputSize, int hiddenSize, RecurrentOptions options) {
        super(RecurrentSteps.Kind.LSTM, inputSize, hiddenSize, options);
    }

    /** torch's argument order. */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        this(inputSize, hiddenSize, new RecurrentOptions(numLayers, bias, batchFirst, dropout, bidirectional));
    }
}
