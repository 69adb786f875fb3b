package org.crema.nn;

import java.util.Arrays;
import java.util.function.Function;
import org.crema.DType;
import org.crema.Tensor;

/**
 * The shared machinery of {@link RNN}, {@link LSTM} and {@link GRU}: torch's parameters
 * ({@code weight_ih_l0} [gates*hidden, input], {@code weight_hh_l0} [gates*hidden, hidden],
 * {@code bias_ih_l0}, {@code bias_hh_l0}, then {@code _reverse} for the backward direction and
 * {@code _l1}... for deeper layers) and the forward over layers, directions and timesteps.
 *
 * <p>Each layer projects the inputs of all timesteps with one matrix product ([seq*batch, in] times
 * W_ih^T) and runs only the recurrent product and the gates per step. Input is batch-first by default,
 * [batch, seq, inputSize]; an unbatched [seq, inputSize] is accepted too.
 */
public abstract sealed class RNNBase extends Module permits RNN, LSTM, GRU {
    private final RecurrentSteps.Kind kind;
    private final int inputSize, hiddenSize;
    private final RecurrentOptions options;

    RNNBase(RecurrentSteps.Kind kind, int inputSize, int hiddenSize, RecurrentOptions options) {
        String name = getClass().getSimpleName();
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException(name + ": inputSize and hiddenSize must be positive, got " + inputSize + " and " + hiddenSize);
        }
        if (options == null) throw new IllegalArgumentException(name + ": options must not be null");
        this.kind = kind;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.options = options;
        int g = kind.gates * hiddenSize;
        for (int layer = 0; layer < options.numLayers(); layer++) {
            int in = layer == 0 ? inputSize : hiddenSize * options.numDirections();
            for (int dir = 0; dir < options.numDirections(); dir++) {
                String sfx = suffix(layer, dir);
                registerParameter("weight_ih" + sfx, RecurrentSteps.uniformInit(hiddenSize, g, in));
                registerParameter("weight_hh" + sfx, RecurrentSteps.uniformInit(hiddenSize, g, hiddenSize));
                if (options.bias()) {
                    registerParameter("bias_ih" + sfx, RecurrentSteps.uniformInit(hiddenSize, g));
                    registerParameter("bias_hh" + sfx, RecurrentSteps.uniformInit(hiddenSize, g));
                }
            }
        }
    }

    private static String suffix(int layer, int dir) { return "_l" + layer + (dir == 1 ? "_reverse" : ""); }

    public int inputSize() { return inputSize; }

    public int hiddenSize() { return hiddenSize; }

    public RecurrentOptions options() { return options; }

    /** The output sequence for a zero initial state: [batch, seq, numDirections * hidden] when batch-first. */
    @Override
    public Tensor forward(Tensor input) { return forward(input, null).output(); }

    /**
     * Runs the sequence from an initial state (null for zeros) and returns the output sequence with
     * the final states. Input is [batch, seq, inputSize] (batch-first, the default), [seq, batch,
     * inputSize] (batchFirst false) or unbatched [seq, inputSize]. The state's h (and c for LSTM) is
     * [numLayers * numDirections, batch, hidden], or [numLayers * numDirections, hidden] when unbatched.
     */
    public RnnOutput forward(Tensor input, RnnState state) { return run(input, state, this::param); }

    /** The forward with parameters looked up by name through p (tests substitute their own leaves). */
    RnnOutput run(Tensor input, RnnState state, Function<String, Tensor> p) {
        boolean batchFirst = options.batchFirst();
        String layout = batchFirst ? "[batch, seq, " + inputSize + "]" : "[seq, batch, " + inputSize + "]";
        if ((input.dim() != 2 && input.dim() != 3) || input.size(-1) != inputSize) {
            throw shapeError(layout + " or unbatched [seq, " + inputSize + "]", input);
        }
        boolean unbatched = input.dim() == 2;
        DType dt = p.apply("weight_ih_l0").dtype();
        Tensor x = input.to(dt);
        if (unbatched) x = x.unsqueeze(1);
        else if (batchFirst) x = x.transpose(0, 1);
        x = x.contiguous(); // time-major [T, B, in] so each step's projection is a contiguous slice
        int steps = x.size(0), batch = x.size(1);
        int dirs = options.numDirections(), layers = options.numLayers();

        int[] stateShape = {layers * dirs, batch, hiddenSize};
        Tensor h0 = initialState("h", state == null ? null : state.h(), stateShape, unbatched, dt);
        Tensor c0 = null;
        if (kind == RecurrentSteps.Kind.LSTM) {
            if (state != null && state.c() == null) {
                throw new IllegalArgumentException(this + ": an LSTM state needs both h and c; pass RnnState.of(h, c)");
            }
            c0 = initialState("c", state == null ? null : state.c(), stateShape, unbatched, dt);
        } else if (state != null && state.c() != null) {
            throw new IllegalArgumentException(this + ": " + getClass().getSimpleName()
                    + " has no cell state c; pass RnnState.of(h)");
        }

        Tensor[] hN = new Tensor[layers * dirs], cN = new Tensor[layers * dirs];
        boolean batchMajorOut = kind == RecurrentSteps.Kind.LSTM && dt == DType.FLOAT32 && batchFirst && !unbatched
                && layers == 1 && dirs == 1 && steps > 0;
        Tensor layerInput = x;
        for (int layer = 0; layer < layers; layer++) {
            Tensor[] dirOut = new Tensor[dirs];
            int in = layerInput.size(2);
            for (int dir = 0; dir < dirs; dir++) {
                String sfx = suffix(layer, dir);
                Tensor wih = p.apply("weight_ih" + sfx), whh = p.apply("weight_hh" + sfx);
                Tensor bih = p.apply("bias_ih" + sfx), bhh = p.apply("bias_hh" + sfx);
                int idx = layer * dirs + dir;
                Tensor h = h0.select(0, idx), c = c0 == null ? null : c0.select(0, idx);
                if (kind == RecurrentSteps.Kind.LSTM && dt == DType.FLOAT32 && steps > 0) {
                    // one node for the whole direction, input projection included; a single batch-first
                    // layer gets its output batch-major, as the caller returns it
                    LstmSequence.Result seq = LstmSequence.forward(layerInput, wih, whh, bih, bhh, h, c, dir == 1, batchMajorOut);
                    int last = dir == 0 ? steps - 1 : 0, stepDim = batchMajorOut ? 1 : 0;
                    dirOut[dir] = seq.h();
                    hN[idx] = dirOut[dir].select(stepDim, last);
                    cN[idx] = seq.cLast();
                    continue;
                }
                Tensor proj = RecurrentSteps.inputProjection(kind, layerInput.reshape(steps * batch, in), wih, bih, bhh)
                        .reshape(steps, batch, kind.gates * hiddenSize);
                Tensor stepBias = kind.foldsHiddenBias() ? null : bhh;
                Tensor whhT = whh.t();
                Tensor[] outs = new Tensor[steps];
                for (int s = 0; s < steps; s++) {
                    int t = dir == 0 ? s : steps - 1 - s;
                    RecurrentSteps.State next = RecurrentSteps.step(kind, proj.select(0, t), h, c, whhT, stepBias);
                    h = next.h();
                    c = next.c();
                    outs[t] = h;
                }
                hN[idx] = h;
                cN[idx] = c;
                dirOut[dir] = steps == 0 ? Tensor.zeros(dt, 0, batch, hiddenSize) : Tensor.stack(0, outs);
            }
            Tensor out = dirs == 1 ? dirOut[0] : Tensor.cat(2, dirOut);
            if (layer < layers - 1 && options.dropout() > 0 && isTraining()) out = dropout(out, options.dropout());
            layerInput = out;
        }

        Tensor output = unbatched ? layerInput.squeeze(1)
                : batchMajorOut ? layerInput : batchFirst ? layerInput.transpose(0, 1).contiguous() : layerInput;
        Tensor hOut = Tensor.stack(0, hN), cOut = c0 == null ? null : Tensor.stack(0, cN);
        if (unbatched) {
            hOut = hOut.squeeze(1);
            if (cOut != null) cOut = cOut.squeeze(1);
        }
        return new RnnOutput(output, hOut, cOut);
    }

    private Tensor initialState(String which, Tensor given, int[] shape, boolean unbatched, DType dt) {
        if (given == null) return Tensor.zeros(dt, shape);
        int[] expected = unbatched ? new int[] {shape[0], shape[2]} : shape;
        if (!Arrays.equals(given.shape(), expected)) {
            throw new IllegalArgumentException(this + ": expected initial state " + which + " of shape " + Arrays.toString(expected)
                    + " ([numLayers * numDirections, " + (unbatched ? "" : "batch, ") + "hidden]), got " + Arrays.toString(given.shape()));
        }
        Tensor s = given.to(dt);
        return unbatched ? s.unsqueeze(1) : s;
    }

    /** Inverted dropout with a mask drawn from the global generator. */
    private static Tensor dropout(Tensor x, double p) {
        if (p >= 1) return x.mul(0);
        Tensor keep = Tensor.rand(x.shape()).ge(p).to(x.dtype());
        return x.mul(keep.mul(1 / (1 - p)));
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (options.numLayers() != 1) sb.append(", num_layers=").append(options.numLayers());
        if (!options.bias()) sb.append(", bias=false");
        // printed always: Crema's default (true) differs from torch's, so the line is unambiguous to both readers
        sb.append(", batch_first=").append(options.batchFirst());
        if (options.dropout() != 0) sb.append(", dropout=").append(options.dropout());
        if (options.bidirectional()) sb.append(", bidirectional=true");
        return sb.toString();
    }
}
