package org.crema.nn;

import java.util.Arrays;
import java.util.function.Function;
import org.crema.DType;
import org.crema.Tensor;

/**
 * The shared part of {@link RNNCell}, {@link LSTMCell} and {@link GRUCell}: one timestep, with torch's
 * cell parameters {@code weight_ih} [gates*hidden, input], {@code weight_hh} [gates*hidden, hidden],
 * {@code bias_ih} and {@code bias_hh}, initialised U(-1/sqrt(hidden), 1/sqrt(hidden)). Input is
 * [batch, inputSize] or unbatched [inputSize]; states are [batch, hidden] or [hidden].
 */
public abstract sealed class RNNCellBase extends Module permits RNNCell, LSTMCell, GRUCell {
    private final RecurrentSteps.Kind kind;
    private final int inputSize, hiddenSize;
    private final boolean bias;

    RNNCellBase(RecurrentSteps.Kind kind, int inputSize, int hiddenSize, boolean bias) {
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": inputSize and hiddenSize must be positive, got "
                    + inputSize + " and " + hiddenSize);
        }
        this.kind = kind;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.bias = bias;
        int g = kind.gates * hiddenSize;
        registerParameter("weight_ih", RecurrentSteps.uniformInit(hiddenSize, g, inputSize));
        registerParameter("weight_hh", RecurrentSteps.uniformInit(hiddenSize, g, hiddenSize));
        if (bias) {
            registerParameter("bias_ih", RecurrentSteps.uniformInit(hiddenSize, g));
            registerParameter("bias_hh", RecurrentSteps.uniformInit(hiddenSize, g));
        }
    }

    public int inputSize() { return inputSize; }

    public int hiddenSize() { return hiddenSize; }

    /** The next hidden state from a zero state. */
    @Override
    public Tensor forward(Tensor input) { return step(input, null, null).h(); }

    /** One step; h and c may be null (zeros); c is used by LSTMCell only. */
    RecurrentSteps.State step(Tensor input, Tensor h, Tensor c) { return step(input, h, c, this::param); }

    /** The step with parameters looked up by name through p (tests substitute their own leaves). */
    RecurrentSteps.State step(Tensor input, Tensor h, Tensor c, Function<String, Tensor> p) {
        if ((input.dim() != 1 && input.dim() != 2) || input.size(-1) != inputSize) {
            throw shapeError("[batch, " + inputSize + "] or unbatched [" + inputSize + "]", input);
        }
        boolean unbatched = input.dim() == 1;
        DType dt = p.apply("weight_ih").dtype();
        Tensor x = unbatched ? input.to(dt).unsqueeze(0) : input.to(dt);
        int batch = x.size(0);
        Tensor h0 = state("h", h, batch, unbatched, dt);
        Tensor c0 = kind == RecurrentSteps.Kind.LSTM ? state("c", c, batch, unbatched, dt) : null;
        Tensor bhh = p.apply("bias_hh");
        Tensor gx = RecurrentSteps.inputProjection(kind, x, p.apply("weight_ih"), p.apply("bias_ih"), bhh);
        RecurrentSteps.State s = RecurrentSteps.step(kind, gx, h0, c0, p.apply("weight_hh").t(), kind.foldsHiddenBias() ? null : bhh);
        if (!unbatched) return s;
        return new RecurrentSteps.State(s.h().squeeze(0), s.c() == null ? null : s.c().squeeze(0));
    }

    private Tensor state(String which, Tensor given, int batch, boolean unbatched, DType dt) {
        if (given == null) return Tensor.zeros(dt, batch, hiddenSize);
        int[] expected = unbatched ? new int[] {hiddenSize} : new int[] {batch, hiddenSize};
        if (!Arrays.equals(given.shape(), expected)) {
            throw new IllegalArgumentException(this + ": expected state " + which + " of shape " + Arrays.toString(expected)
                    + ", got " + Arrays.toString(given.shape()));
        }
        return unbatched ? given.to(dt).unsqueeze(0) : given.to(dt);
    }

    @Override
    public String extraRepr() { return inputSize + ", " + hiddenSize + (bias ? "" : ", bias=false"); }
}
