package org.crema.nn;

import org.crema.Tensor;

/**
 * The per-step recurrences shared by the sequence layers (RNN, LSTM, GRU) and the single-step cells.
 * A step gets gx, the input's contribution already projected for all timesteps at once, and adds the
 * recurrent product h W_hh^T.
 */
final class RecurrentSteps {
    private RecurrentSteps() {}

    /** The cell types with their number of gate blocks in the weight matrices. */
    enum Kind {
        RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

        final int gates;

        Kind(int gates) { this.gates = gates; }

        /**
         * Whether b_hh can be added to the input projection once for all timesteps: true except for
         * GRU, whose b_hn sits inside r * (W_hn h + b_hn).
         */
        boolean foldsHiddenBias() { return this != GRU; }
    }

    /** x2d [M, in] -> x W_ih^T + b_ih (+ b_hh where it folds), [M, gates * hidden]. Biases may be null. */
    static Tensor inputProjection(Kind kind, Tensor x2d, Tensor wih, Tensor bih, Tensor bhh) {
        Tensor p = x2d.matmul(wih.t());
        if (bih != null) {
            p = p.add(kind.foldsHiddenBias() ? bih.add(bhh) : bih);
        }
        return p;
    }

    /** A step's new hidden state and (LSTM only) cell state. */
    record State(Tensor h, Tensor c) {}

    /**
     * One step from the projected input gx [B, gates * H] and the previous state. whhT is W_hh^T, transposed
     * once per sequence by the caller so that the steps share one transpose node and their weight
     * gradients accumulate as contiguous matrices.
     */
    static State step(Kind kind, Tensor gx, Tensor h, Tensor c, Tensor whhT, Tensor bhh) {
        Tensor rec = h.matmul(whhT);
        return switch (kind) {
            case RNN_TANH -> new State(gx.add(rec).tanh(), null);
            case RNN_RELU -> new State(gx.add(rec).relu(), null);
            case LSTM -> {
                int hidden = h.size(1);
                Tensor hc = RecurrentKernels.lstmCell(gx.add(rec), c);
                yield new State(hc.narrow(1, 0, hidden), hc.narrow(1, hidden, hidden));
            }
            case GRU -> new State(RecurrentKernels.gruCell(gx, bhh == null ? rec : rec.add(bhh), h), null);
        };
    }

    /** U(-1/sqrt(hidden), 1/sqrt(hidden)), torch's reset_parameters for every recurrent weight and bias. */
    static Tensor uniformInit(int hidden, int... shape) {
        double k = 1 / Math.sqrt(hidden);
        return Tensor.rand(shape).mul(2 * k).sub(k);
    }
}
