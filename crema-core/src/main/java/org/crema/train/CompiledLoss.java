package org.crema.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.nn.BCELoss;
import org.crema.nn.BCEWithLogitsLoss;
import org.crema.nn.CrossEntropyLoss;
import org.crema.nn.HuberLoss;
import org.crema.nn.L1Loss;
import org.crema.nn.Loss;
import org.crema.nn.MSELoss;
import org.crema.nn.NLLLoss;

/**
 * The loss a model was compiled with, plus what Keras does around it: targets reshaped to the output
 * ({@code [N]} against {@code [N, 1]}), float class labels turned into indices, and the Keras
 * cross-entropies that take probabilities (from_logits=False).
 *
 * <p>Keras computes those from the logits when the model ends in a softmax or sigmoid, for numerical
 * stability; so does Crema when the last layer is a {@link Dense} with that activation (see
 * {@link #logitsActivation()}).
 */
final class CompiledLoss {
    /** How targets are read. */
    enum Targets { SAME_SHAPE, CLASS_INDICES, INDICES_OR_PROBABILITIES }

    /** Keras losses that take probabilities. */
    enum Probabilities { NONE, CATEGORICAL, SPARSE_CATEGORICAL, BINARY }

    static final List<String> NAMES = List.of("mse", "mean_squared_error", "mae", "mean_absolute_error", "huber",
            "huber_loss", "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
            "cross_entropy", "nll_loss", "bce_with_logits");

    private static final double EPSILON = 1e-7; // Keras' backend epsilon for clipping probabilities

    private final String name;
    private final Loss loss;
    private final Targets targets;
    private final Probabilities probabilities;

    private CompiledLoss(String name, Loss loss, Targets targets, Probabilities probabilities) {
        this.name = name;
        this.loss = loss;
        this.targets = targets;
        this.probabilities = probabilities;
    }

    static CompiledLoss of(Object spec) {
        if (spec instanceof String s) return byName(s);
        if (spec instanceof Loss l) return ofLoss(l);
        throw new IllegalArgumentException("compile: loss must be a name (" + String.join(", ", NAMES)
                + ") or an org.crema.nn.Loss, got " + (spec == null ? "null" : spec.getClass().getName()));
    }

    static CompiledLoss ofLoss(Loss l) {
        Targets t = l instanceof CrossEntropyLoss ? Targets.INDICES_OR_PROBABILITIES
                : l instanceof NLLLoss ? Targets.CLASS_INDICES : Targets.SAME_SHAPE;
        return new CompiledLoss(l.toString(), l, t, Probabilities.NONE);
    }

    static CompiledLoss byName(String name) {
        if (name == null) throw new IllegalArgumentException("compile: loss name is null");
        String key = name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "mse", "mean_squared_error" -> new CompiledLoss(key, new MSELoss(), Targets.SAME_SHAPE, Probabilities.NONE);
            case "mae", "mean_absolute_error" -> new CompiledLoss(key, new L1Loss(), Targets.SAME_SHAPE, Probabilities.NONE);
            case "huber", "huber_loss" -> new CompiledLoss(key, new HuberLoss(), Targets.SAME_SHAPE, Probabilities.NONE);
            case "categorical_crossentropy" -> new CompiledLoss(key, new CrossEntropyLoss(), Targets.SAME_SHAPE, Probabilities.CATEGORICAL);
            case "sparse_categorical_crossentropy" -> new CompiledLoss(key, new CrossEntropyLoss(), Targets.CLASS_INDICES, Probabilities.SPARSE_CATEGORICAL);
            case "binary_crossentropy" -> new CompiledLoss(key, new BCEWithLogitsLoss(), Targets.SAME_SHAPE, Probabilities.BINARY);
            case "cross_entropy" -> new CompiledLoss(key, new CrossEntropyLoss(), Targets.INDICES_OR_PROBABILITIES, Probabilities.NONE);
            case "nll_loss" -> new CompiledLoss(key, new NLLLoss(), Targets.CLASS_INDICES, Probabilities.NONE);
            case "bce_with_logits" -> new CompiledLoss(key, new BCEWithLogitsLoss(), Targets.SAME_SHAPE, Probabilities.NONE);
            default -> throw new IllegalArgumentException("compile: unknown loss \"" + name + "\"; known names: "
                    + String.join(", ", NAMES) + " (or pass an org.crema.nn.Loss)");
        };
    }

    String name() { return name; }

    /** True when binary outputs are logits, so that threshold metrics should cut at 0 rather than 0.5. */
    boolean binaryLogits() { return loss instanceof BCEWithLogitsLoss && probabilities == Probabilities.NONE; }

    /**
     * The activation whose input this loss can take instead of the probabilities (Keras' from-logits
     * shortcut), or null.
     */
    Activation logitsActivation() {
        return switch (probabilities) {
            case CATEGORICAL, SPARSE_CATEGORICAL -> Activation.SOFTMAX;
            case BINARY -> Activation.SIGMOID;
            case NONE -> null;
        };
    }

    /** The loss of the model's output (probabilities for the Keras cross-entropies). */
    Tensor compute(Tensor output, Tensor target) {
        Tensor t = adaptTarget(output, target);
        return switch (probabilities) {
            case NONE -> loss.forward(output, t);
            case CATEGORICAL -> {
                checkProbabilities(output);
                yield output.clamp(EPSILON, 1 - EPSILON).log().mul(t).sum(-1).neg().mean();
            }
            case SPARSE_CATEGORICAL -> {
                checkProbabilities(output);
                yield new NLLLoss().forward(output.clamp(EPSILON, 1 - EPSILON).log(), t);
            }
            case BINARY -> {
                checkProbabilities(output);
                yield new BCELoss().forward(output.clamp(EPSILON, 1 - EPSILON), t);
            }
        };
    }

    /** The same loss from the pre-activation output, when {@link #logitsActivation()} is not null. */
    Tensor computeFromLogits(Tensor logits, Tensor target) {
        Tensor t = adaptTarget(logits, target);
        return switch (probabilities) {
            case CATEGORICAL, SPARSE_CATEGORICAL -> new CrossEntropyLoss().forward(logits, t);
            case BINARY -> new BCEWithLogitsLoss().forward(logits, t);
            case NONE -> throw new IllegalStateException(name + " does not take logits");
        };
    }

    /** Targets as the loss wants them, converted and reshaped where Keras would accept them. */
    Tensor adaptTarget(Tensor output, Tensor target) {
        int[] os = output.shape();
        boolean classOutput = output.dim() >= 2;
        boolean indices = switch (targets) {
            case CLASS_INDICES -> true;
            case SAME_SHAPE -> false;
            // a floating target of the output's shape holds probabilities, anything else holds indices
            case INDICES_OR_PROBABILITIES -> !(target.dtype().isFloatingPoint() && Arrays.equals(target.shape(), os));
        };
        if (indices && classOutput) {
            Tensor t = target;
            if (t.dim() == output.dim() && t.size(-1) == 1 && os[os.length - 1] != 1) t = t.squeeze(-1);
            if (t.dtype().isFloatingPoint()) t = t.to(DType.INT64);
            return t;
        }
        Tensor t = target;
        if (!Arrays.equals(t.shape(), os) && t.numel() == output.numel() && t.dim() >= 1 && t.size(0) == os[0]) {
            t = t.reshape(os);
        }
        if (t.dtype() != output.dtype() && output.dtype().isFloatingPoint()) t = t.to(output.dtype());
        if (!Arrays.equals(t.shape(), os)) {
            throw new IllegalArgumentException("loss " + name + ": targets of shape " + Arrays.toString(target.shape())
                    + " do not match the model's output shape " + Arrays.toString(os)
                    + (probabilities == Probabilities.CATEGORICAL
                            ? " (categorical_crossentropy wants one-hot targets; use sparse_categorical_crossentropy for class indices)"
                            : ""));
        }
        return t;
    }

    private void checkProbabilities(Tensor output) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        try (var g = Tensor.noGrad()) {
            if (output.numel() == 0) return;
            lo = output.min().item();
            hi = output.max().item();
        }
        // NaN compares false: left to the NaN guard
        if (lo < -1e-6 || hi > 1 + 1e-6) {
            String fix = probabilities == Probabilities.BINARY
                    ? "end the model with Dense(1, \"sigmoid\"), or compile with \"bce_with_logits\" for logits"
                    : "end the model with Dense(classes, \"softmax\"), or compile with \"cross_entropy\" for logits";
            throw new IllegalArgumentException("loss " + name + " takes probabilities (Keras' from_logits=False), but the model's output"
                    + " ranges over [" + lo + ", " + hi + "]: " + fix);
        }
    }

    @Override
    public String toString() { return name; }
}
