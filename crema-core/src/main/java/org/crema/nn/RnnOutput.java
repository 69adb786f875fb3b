package org.crema.nn;

import org.crema.Tensor;

/**
 * What a recurrent layer returns from {@code forward(x, state)}: the top layer's output at every
 * timestep, [batch, seq, numDirections * hidden] (batch-first) or [seq, batch, ...], and the final
 * states of every layer and direction, h (and c for LSTM, else null) of shape
 * [numLayers * numDirections, batch, hidden], layer-major with the reverse direction second as torch.
 */
public record RnnOutput(Tensor output, Tensor h, Tensor c) {
    /** The final state, ready to pass to the next call. */
    public RnnState state() { return new RnnState(h, c); }
}
