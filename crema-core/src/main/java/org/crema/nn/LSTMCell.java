package org.crema.nn;

import org.crema.Tensor;

/**
 * torch.nn.LSTMCell: one LSTM step (equations in {@link LSTM}, gates i, f, g, o). {@link #forward(Tensor)}
 * starts from zero states and returns only the new h; {@link #forward(Tensor, RnnState)} returns both
 * h and c, to be fed back at the next step.
 */
public final class LSTMCell extends RNNCellBase {
    public LSTMCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true); }

    public LSTMCell(int inputSize, int hiddenSize, boolean bias) { super(RecurrentSteps.Kind.LSTM, inputSize, hiddenSize, bias); }

    /** The next (h, c) from state (null for zeros; otherwise both h and c are needed). */
    public RnnState forward(Tensor input, RnnState state) {
        if (state != null && state.c() == null) {
            throw new IllegalArgumentException(this + ": an LSTM state needs both h and c; pass RnnState.of(h, c)");
        }
        RecurrentSteps.State s = step(input, state == null ? null : state.h(), state == null ? null : state.c());
        return RnnState.of(s.h(), s.c());
    }
}
