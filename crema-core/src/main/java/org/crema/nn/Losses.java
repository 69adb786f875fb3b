package org.crema.nn;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;

/**
 * The loss functions behind {@link Functional} and the {@link Loss} classes: argument checks with
 * messages that name the loss and the shapes, then either Tensor ops (regression losses, probability
 * targets) or the fused kernels (class-index targets, binary cross-entropy).
 */
final class Losses {
    private Losses() {}

    /** torch's default ignore_index. */
    static final long DEFAULT_IGNORE_INDEX = -100;

    // ------------------------------------------------------------------ regression

    static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
        checkPair("MSELoss", input, target);
        return reduce(input.sub(target).square(), reduction);
    }

    static Tensor l1(Tensor input, Tensor target, Reduction reduction) {
        checkPair("L1Loss", input, target);
        return reduce(input.sub(target).abs(), reduction);
    }

    /** 0.5 d^2 where |d| < delta, else delta (|d| - delta/2); torch's HuberLoss. */
    static Tensor huber(Tensor input, Tensor target, double delta, Reduction reduction) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("HuberLoss: delta must be positive and finite, got " + delta);
        }
        checkPair("HuberLoss", input, target);
        Tensor d = input.sub(target);
        Tensor a = d.abs();
        Tensor quadratic = d.square().mul(0.5);
        Tensor linear = a.sub(0.5 * delta).mul(delta);
        return reduce(Tensor.where(a.lt(delta), quadratic, linear), reduction);
    }

    // ------------------------------------------------------------------ binary

    static Tensor bce(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        String op = "BCELoss";
        checkPair(op, input, target);
        Tensor w = weight == null ? null : expandTo(op, "weight", weight, input);
        return reduce(BinaryCrossEntropyKernel.probabilities(op, input, target, w), reduction);
    }

    static Tensor bceWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) {
        String op = "BCEWithLogitsLoss";
        checkPair(op, input, target);
        Tensor w = weight == null ? null : expandTo(op, "weight", weight, input);
        Tensor pw = posWeight == null ? null : expandTo(op, "posWeight", posWeight, input);
        return reduce(BinaryCrossEntropyKernel.logits(input, target, w, pw), reduction);
    }

    private static Tensor expandTo(String op, String what, Tensor t, Tensor input) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": " + what + " must be floating-point, got " + t.dtype());
        }
        try {
            return t.expand(input.shape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + what + " of shape " + Arrays.toString(t.shape())
                    + " does not broadcast to the input shape " + Arrays.toString(input.shape()), e);
        }
    }

    // ------------------------------------------------------------------ classification

    /**
     * torch's cross_entropy: logits [N, C] or [N, C, d1...] (or unbatched [C]) against INT64 class
     * indices [N, d1...] or floating probabilities of the input's shape.
     */
    static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing,
                               Reduction reduction) {
        String op = "CrossEntropyLoss";
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(op + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        checkInput(op, input);
        boolean unbatched = input.dim() == 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        int c = x.size(1);
        checkWeight(op, weight, c);
        if (target.dtype().isFloatingPoint() && Arrays.equals(target.shape(), input.shape())) {
            Tensor t = unbatched ? target.unsqueeze(0) : target;
            return unbatch(probabilityTargets(x, t, weight, labelSmoothing, reduction), unbatched, reduction);
        }
        Tensor t = classTarget(op, input, target, unbatched);
        ClassLossKernel.Result r = ClassLossKernel.apply(op, x, t, weight, ignoreIndex, labelSmoothing, true);
        return unbatch(reduceWeighted(r, reduction), unbatched, reduction);
    }

    /** torch's nll_loss: log-probabilities [N, C] or [N, C, d1...] (or [C]) against class indices. */
    static Tensor nll(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        String op = "NLLLoss";
        checkInput(op, input);
        boolean unbatched = input.dim() == 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        checkWeight(op, weight, x.size(1));
        Tensor t = classTarget(op, input, target, unbatched);
        ClassLossKernel.Result r = ClassLossKernel.apply(op, x, t, weight, ignoreIndex, 0, false);
        return unbatch(reduceWeighted(r, reduction), unbatched, reduction);
    }

    /** loss_n = -sum_c w_c t_nc log_softmax(x)_nc; the mean divides by the number of samples, not by weights (as torch). */
    private static Tensor probabilityTargets(Tensor x, Tensor target, Tensor weight, double smoothing, Reduction reduction) {
        int c = x.size(1);
        Tensor t = smoothing == 0 ? target : target.mul(1 - smoothing).add(smoothing / c);
        Tensor prod = x.logSoftmax(1).mul(t);
        if (weight != null) {
            int[] view = new int[x.dim()];
            Arrays.fill(view, 1);
            view[1] = c;
            prod = prod.mul(weight.to(x.dtype()).reshape(view));
        }
        Tensor perSample = prod.sum(1).neg();
        return switch (reduction) {
            case NONE -> perSample;
            case SUM -> perSample.sum();
            case MEAN -> perSample.sum().div(Math.max(1, perSample.numel()));
        };
    }

    private static void checkInput(String op, Tensor input) {
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": input must be floating-point, got " + input.dtype());
        }
        if (input.dim() == 0) {
            throw new IllegalArgumentException(op + ": input must be [N, C], [N, C, d1...] or [C], got a 0-dim tensor");
        }
        if (input.size(input.dim() == 1 ? 0 : 1) == 0) {
            throw new IllegalArgumentException(op + ": input of shape " + Arrays.toString(input.shape()) + " has no classes");
        }
    }

    private static void checkWeight(String op, Tensor weight, int c) {
        if (weight == null) return;
        if (!weight.dtype().isFloatingPoint() || weight.dim() != 1 || weight.size(0) != c) {
            throw new IllegalArgumentException(op + ": weight must be a floating-point tensor of shape [" + c
                    + "] (one per class), got " + weight.dtype() + " " + Arrays.toString(weight.shape()));
        }
    }

    /** The INT64 target, with its shape checked against the input's shape minus the class dim. */
    private static Tensor classTarget(String op, Tensor input, Tensor target, boolean unbatched) {
        int[] s = input.shape();
        int[] expected = new int[s.length - 1];
        if (!unbatched) {
            expected[0] = s[0];
            System.arraycopy(s, 2, expected, 1, s.length - 2);
        }
        if (target.dtype() != DType.INT64) {
            String probs = op.equals("NLLLoss") ? "" : " or floating-point probabilities of the input's shape " + Arrays.toString(s);
            throw new IllegalArgumentException(op + ": target must be INT64 class indices of shape " + Arrays.toString(expected)
                    + probs + ", got " + target.dtype() + " " + Arrays.toString(target.shape()));
        }
        if (!Arrays.equals(target.shape(), expected)) {
            throw new IllegalArgumentException(op + ": target shape " + Arrays.toString(target.shape())
                    + " does not match input shape " + Arrays.toString(s) + " (expected target shape "
                    + Arrays.toString(expected) + ")");
        }
        return unbatched ? target.reshape(1) : target;
    }

    private static Tensor reduceWeighted(ClassLossKernel.Result r, Reduction reduction) {
        return switch (reduction) {
            case NONE -> r.perSample();
            case SUM -> r.perSample().sum();
            // 0/0 = NaN when every target is ignored, as torch
            case MEAN -> r.perSample().sum().div(r.weightSum());
        };
    }

    private static Tensor unbatch(Tensor t, boolean unbatched, Reduction reduction) {
        return unbatched && reduction == Reduction.NONE ? t.reshape() : t;
    }

    // ------------------------------------------------------------------ shared

    /** Input and target of one shape, both floating-point. */
    static void checkPair(String op, Tensor input, Tensor target) {
        if (!input.dtype().isFloatingPoint() || !target.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": input and target must be floating-point, got "
                    + input.dtype() + " and " + target.dtype() + "; convert with to(DType.FLOAT32)");
        }
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": target shape " + Arrays.toString(target.shape())
                    + " does not match input shape " + Arrays.toString(input.shape()));
        }
    }

    static Tensor reduce(Tensor perElement, Reduction reduction) {
        return switch (reduction) {
            case NONE -> perElement;
            case SUM -> perElement.sum();
            case MEAN -> perElement.mean();
        };
    }
}
