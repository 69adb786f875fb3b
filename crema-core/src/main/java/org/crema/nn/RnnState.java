package org.crema.nn;

import org.crema.Tensor;

/**
 * The recurrent state passed into and out of {@link RNN}, {@link LSTM}, {@link GRU} and {@link LSTMCell}:
 * the hidden state h and, for LSTMs only, the cell state c (null otherwise). For the sequence layers
 * both are [numLayers * numDirections, batch, hidden] (without the batch dim for unbatched input);
 * for the cells [batch, hidden].
 */
public record RnnState(Tensor h, Tensor c) {
    public RnnState {
        if (h == null) throw new IllegalArgumentException("RnnState: h must not be null");
    }

    /** A state with only a hidden state (RNN, GRU). */
    public static RnnState of(Tensor h) { return new RnnState(h, null); }

    /** An LSTM state. */
    public static RnnState of(Tensor h, Tensor c) { return new RnnState(h, c); }

    /**
     * The same values cut from the graph: carry the state across batches (truncated backpropagation
     * through time) without backpropagating into earlier batches.
     */
    public RnnState detach() { return new RnnState(h.detach(), c == null ? null : c.detach()); }
}
