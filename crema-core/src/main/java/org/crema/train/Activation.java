package org.crema.train;

import java.util.Arrays;
import java.util.Locale;
import org.crema.Tensor;
import org.crema.nn.Functional;

/** The activations a {@link Dense} layer can apply, by their Keras names. */
public enum Activation {
    LINEAR("linear"),
    RELU("relu"),
    SIGMOID("sigmoid"),
    TANH("tanh"),
    /** Softmax over the last dim. */
    SOFTMAX("softmax"),
    ELU("elu"),
    /** Exact (erf) GELU, Keras' default. */
    GELU("gelu"),
    /** Keras' negative slope 0.2 (torch's LeakyReLU default is 0.01). */
    LEAKY_RELU("leaky_relu");

    private final String kerasName;

    Activation(String kerasName) { this.kerasName = kerasName; }

    public String kerasName() { return kerasName; }

    public Tensor apply(Tensor z) {
        return switch (this) {
            case LINEAR -> z;
            case RELU -> Functional.relu(z);
            case SIGMOID -> z.sigmoid();
            case TANH -> z.tanh();
            case SOFTMAX -> z.softmax(-1);
            case ELU -> Functional.elu(z);
            case GELU -> Functional.gelu(z);
            case LEAKY_RELU -> Functional.leakyRelu(z, 0.2);
        };
    }

    /**
     * The activation of a Keras name ("relu", "sigmoid", "tanh", "softmax", "elu", "gelu", "leaky_relu", "linear";
     * null or "" means linear).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Activation of(String name) {
        if (name == null || name.isBlank()) return LINEAR;
        String key = name.strip().toLowerCase(Locale.ROOT);
        for (Activation a : values()) if (a.kerasName.equals(key)) return a;
        throw new IllegalArgumentException("unknown activation \"" + name + "\"; known: "
                + Arrays.stream(values()).map(Activation::kerasName).toList());
    }
}
