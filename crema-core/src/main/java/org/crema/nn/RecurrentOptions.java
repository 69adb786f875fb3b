package org.crema.nn;

/**
 * The options of {@link RNN}, {@link LSTM} and {@link GRU} beyond the sizes, with torch's meaning.
 * Start from {@link #defaults()} and change what you need:
 * {@code RecurrentOptions.defaults().numLayers(2).dropout(0.1).bidirectional(true)}.
 *
 * @param numLayers     stacked layers, each fed the previous one's output (default 1)
 * @param bias          whether the layers have bias_ih and bias_hh (default true)
 * @param batchFirst    input and output are [batch, seq, features] (default <b>true</b>, unlike torch's
 *                      default; false means [seq, batch, features]); the states are always [layers*dirs, batch, hidden]
 * @param dropout       dropout probability on the outputs of every layer but the last, in training mode (default 0)
 * @param bidirectional a second direction per layer running backwards in time; outputs are concatenated (default false)
 */
public record RecurrentOptions(int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
    public RecurrentOptions {
        if (numLayers < 1) throw new IllegalArgumentException("RecurrentOptions: numLayers must be at least 1, got " + numLayers);
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("RecurrentOptions: dropout must be a probability in [0, 1], got " + dropout);
        }
    }

    public static RecurrentOptions defaults() { return new RecurrentOptions(1, true, true, 0.0, false); }

    public RecurrentOptions numLayers(int n) { return new RecurrentOptions(n, bias, batchFirst, dropout, bidirectional); }

    public RecurrentOptions bias(boolean b) { return new RecurrentOptions(numLayers, b, batchFirst, dropout, bidirectional); }

    public RecurrentOptions batchFirst(boolean b) { return new RecurrentOptions(numLayers, bias, b, dropout, bidirectional); }

    public RecurrentOptions dropout(double p) { return new RecurrentOptions(numLayers, bias, batchFirst, p, bidirectional); }

    public RecurrentOptions bidirectional(boolean b) { return new RecurrentOptions(numLayers, bias, batchFirst, dropout, b); }

    public int numDirections() { return bidirectional ? 2 : 1; }
}
