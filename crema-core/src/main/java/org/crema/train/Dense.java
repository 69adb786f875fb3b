package org.crema.train;

import java.util.Arrays;
import org.crema.Tensor;
import org.crema.nn.Functional;
import org.crema.nn.Init;
import org.crema.nn.Module;

/**
 * Keras' fully connected layer: {@code activation(x W^T + b)} over the last dim. The number of input
 * features is taken from the first input it sees (or from {@link Model#inputShape}), so a model can be
 * written as {@code Model.sequential(new Dense(10, "relu"), new Dense(1))}.
 *
 * <p>Parameters are named as torch's Linear ({@code weight} [units, in], {@code bias} [units]) so that a
 * state dict moves to a torch {@code nn.Sequential} of Linear layers unchanged. Initialisation is Keras'
 * (Glorot-uniform weights, zero bias), drawn from the global generator when the layer is built.
 */
public final class Dense extends Module {
    static {
        DenseArchitecture.register();   // so that org.crema.io.ModelFile can write and read it
    }

    /** Does nothing but load this class, whose static initialiser registers the file format. */
    static void registerFormat() {}

    private final int units;
    private final Activation activation;
    private final boolean useBias;
    private int inFeatures = -1;

    public Dense(int units) { this(units, Activation.LINEAR, true); }

    /** A layer with a Keras activation name ("relu", "sigmoid", "tanh", "softmax", "linear"). */
    public Dense(int units, String activation) { this(units, Activation.of(activation), true); }

    public Dense(int units, Activation activation) { this(units, activation, true); }

    public Dense(int units, Activation activation, boolean useBias) {
        if (units <= 0) throw new IllegalArgumentException("Dense: units must be positive, got " + units);
        if (activation == null) throw new IllegalArgumentException("Dense: activation must not be null (use Activation.LINEAR)");
        this.units = units;
        this.activation = activation;
        this.useBias = useBias;
    }

    /** A layer whose input size is known now, so its parameters exist before the first forward. */
    public static Dense of(int inFeatures, int units, String activation) {
        Dense d = new Dense(units, activation);
        d.build(inFeatures, org.crema.DType.FLOAT32);
        return d;
    }

    public int units() { return units; }

    public Activation activation() { return activation; }

    public boolean useBias() { return useBias; }

    /** The input size, or -1 while the layer has not seen an input yet. */
    public int inFeatures() { return inFeatures; }

    public boolean isBuilt() { return inFeatures >= 0; }

    /** Creates the parameters for inFeatures inputs (Glorot-uniform weights, zero bias). */
    void build(int inFeatures, org.crema.DType dtype) {
        if (isBuilt()) return;
        if (inFeatures <= 0) throw new IllegalArgumentException("Dense(units=" + units + "): input size must be positive, got " + inFeatures);
        Tensor w = Tensor.zeros(dtype, units, inFeatures);
        try (var g = Tensor.noGrad()) {
            Init.xavierUniform(w);
        }
        registerParameter("weight", w);
        if (useBias) registerParameter("bias", Tensor.zeros(dtype, units));
        this.inFeatures = inFeatures;
    }

    @Override
    public Tensor forward(Tensor input) {
        // relu as part of the linear op (in place on its output): same values, one pass and node fewer
        if (activation == Activation.RELU) return linear(input, true);
        return activation.apply(preActivation(input));
    }

    /** x W^T + b without the activation: the logits a fused cross-entropy loss wants. */
    public Tensor preActivation(Tensor input) { return linear(input, false); }

    private Tensor linear(Tensor input, boolean relu) {
        if (input.dim() == 0) throw shapeError("[..., features]", input);
        int features = input.size(-1);
        if (!isBuilt()) {
            if (!input.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("Dense(units=" + units + "): input must be floating-point, got " + input.dtype());
            }
            build(features, input.dtype());
        }
        if (features != inFeatures) {
            throw new IllegalArgumentException("Dense(units=" + units + "): expected input [..., " + inFeatures
                    + "], got shape " + Arrays.toString(input.shape()));
        }
        return relu ? Functional.linearRelu(input, param("weight"), param("bias"))
                : Functional.linear(input, param("weight"), param("bias"));
    }

    @Override
    public String extraRepr() {
        String in = isBuilt() ? "in_features=" + inFeatures + ", " : "";
        String act = activation == Activation.LINEAR ? "" : ", activation=" + activation.kerasName();
        return in + "units=" + units + act + (useBias ? "" : ", bias=false");
    }
}
