package org.crema.nn;

import org.crema.Tensor;

/**
 * Stateless forms of the layers and losses, as torch.nn.functional. The modules are thin wrappers
 * around these.
 */
public final class Functional {
    private Functional() {}

    // ================================================================== losses
    // Input and target first, then options in torch's order; every overload without a Reduction means MEAN.

    public static Tensor mseLoss(Tensor input, Tensor target) { return Losses.mse(input, target, Reduction.MEAN); }

    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) { return Losses.mse(input, target, reduction); }

    public static Tensor l1Loss(Tensor input, Tensor target) { return Losses.l1(input, target, Reduction.MEAN); }

    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) { return Losses.l1(input, target, reduction); }

    /** Huber loss with delta 1. */
    public static Tensor huberLoss(Tensor input, Tensor target) { return Losses.huber(input, target, 1.0, Reduction.MEAN); }

    public static Tensor huberLoss(Tensor input, Tensor target, double delta) { return Losses.huber(input, target, delta, Reduction.MEAN); }

    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) {
        return Losses.huber(input, target, delta, reduction);
    }

    /** Cross-entropy of logits [N, C] (or [N, C, d1...]) against INT64 class indices or class probabilities. */
    public static Tensor crossEntropy(Tensor logits, Tensor targets) {
        return Losses.crossEntropy(logits, targets, null, Losses.DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN);
    }

    public static Tensor crossEntropy(Tensor logits, Tensor targets, Reduction reduction) {
        return Losses.crossEntropy(logits, targets, null, Losses.DEFAULT_IGNORE_INDEX, 0, reduction);
    }

    /** With class weights [C] (may be null) and label smoothing in [0, 1]. */
    public static Tensor crossEntropy(Tensor logits, Tensor targets, Tensor weight, double labelSmoothing) {
        return Losses.crossEntropy(logits, targets, weight, Losses.DEFAULT_IGNORE_INDEX, labelSmoothing, Reduction.MEAN);
    }

    public static Tensor crossEntropy(Tensor logits, Tensor targets, Tensor weight, long ignoreIndex, double labelSmoothing,
                                      Reduction reduction) {
        return Losses.crossEntropy(logits, targets, weight, ignoreIndex, labelSmoothing, reduction);
    }

    /** Negative log-likelihood of log-probabilities [N, C] (or [N, C, d1...]) against INT64 class indices. */
    public static Tensor nllLoss(Tensor logProbs, Tensor targets) {
        return Losses.nll(logProbs, targets, null, Losses.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    public static Tensor nllLoss(Tensor logProbs, Tensor targets, Reduction reduction) {
        return Losses.nll(logProbs, targets, null, Losses.DEFAULT_IGNORE_INDEX, reduction);
    }

    public static Tensor nllLoss(Tensor logProbs, Tensor targets, Tensor weight, long ignoreIndex, Reduction reduction) {
        return Losses.nll(logProbs, targets, weight, ignoreIndex, reduction);
    }

    /** Binary cross-entropy of probabilities in [0, 1]. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return Losses.bce(input, target, null, Reduction.MEAN); }

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Reduction reduction) {
        return Losses.bce(input, target, null, reduction);
    }

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return Losses.bce(input, target, weight, reduction);
    }

    /** Binary cross-entropy of raw scores, stable for any score. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return Losses.bceWithLogits(input, target, null, null, Reduction.MEAN);
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Reduction reduction) {
        return Losses.bceWithLogits(input, target, null, null, reduction);
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      Reduction reduction) {
        return Losses.bceWithLogits(input, target, weight, posWeight, reduction);
    }

    // ================================================================== end of losses

    // ================================================================== convolution and pooling
    // NCHW input (or unbatched CHW); int forms mean the same value for height and width.

    /** Convolution with stride 1, no padding. weight [out, in/groups, kH, kW]; bias [out] or null. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return conv2d(input, weight, bias, 1, 0);
    }

    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(input, weight, bias, stride, padding, 1, 1);
    }

    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return Convolution.conv2d(input, weight, bias, pair(stride), pair(padding), pair(dilation), groups);
    }

    /** Per-axis (height, width) stride, padding and dilation. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return Convolution.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** Max pooling with stride = kernel. */
    public static Tensor maxPool2d(Tensor input, int kernel) { return maxPool2d(input, kernel, kernel, 0); }

    public static Tensor maxPool2d(Tensor input, int kernel, int stride) { return maxPool2d(input, kernel, stride, 0); }

    public static Tensor maxPool2d(Tensor input, int kernel, int stride, int padding) {
        return Pooling.maxPool2d(input, pair(kernel), pair(stride), pair(padding));
    }

    public static Tensor maxPool2d(Tensor input, int[] kernel, int[] stride, int[] padding) {
        return Pooling.maxPool2d(input, kernel, stride == null ? kernel : stride, padding);
    }

    /**
     * maxPool2d(relu(input)) in one pass and one graph node, with the same values and gradients as the
     * two ops (the gradient reaches the first arg-max of each window whose maximum is > 0). Sequential
     * uses it for a ReLU layer directly followed by a MaxPool2d layer.
     */
    public static Tensor reluMaxPool2d(Tensor input, int[] kernel, int[] stride, int[] padding) {
        return Pooling.maxPool2d(input, kernel, stride == null ? kernel : stride, padding, true);
    }

    public static Tensor reluMaxPool2d(Tensor input, int kernel) {
        return Pooling.maxPool2d(input, pair(kernel), pair(kernel), pair(0), true);
    }

    /** Average pooling with stride = kernel, zero padding counted in the divisor (torch's default). */
    public static Tensor avgPool2d(Tensor input, int kernel) { return avgPool2d(input, kernel, kernel, 0); }

    public static Tensor avgPool2d(Tensor input, int kernel, int stride) { return avgPool2d(input, kernel, stride, 0); }

    public static Tensor avgPool2d(Tensor input, int kernel, int stride, int padding) {
        return Pooling.avgPool2d(input, pair(kernel), pair(stride), pair(padding), true);
    }

    public static Tensor avgPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        return Pooling.avgPool2d(input, kernel, stride == null ? kernel : stride, padding, countIncludePad);
    }

    public static Tensor adaptiveAvgPool2d(Tensor input, int outputSize) {
        return Pooling.adaptiveAvgPool2d(input, outputSize, outputSize);
    }

    public static Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
        return Pooling.adaptiveAvgPool2d(input, outH, outW);
    }

    private static int[] pair(int v) { return new int[] {v, v}; }

    // ================================================================== end of convolution and pooling

    // ================================================================== layers and activations
    // Fused kernels (one graph node each) where a composition of Tensor ops would be slow.

    /** x W^T + b for input [*, in], weight [out, in] and bias [out] (may be null): one GEMM, as torch's linear. */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) { return LinearOp.apply(input, weight, bias); }

    public static Tensor linear(Tensor input, Tensor weight) { return LinearOp.apply(input, weight, null); }

    /**
     * relu(linear(input, weight, bias)) as one op: the ReLU runs in place on the GEMM output, with the
     * same values and gradients as the two ops (what Sequential uses for a Linear followed by a ReLU).
     */
    public static Tensor linearRelu(Tensor input, Tensor weight, Tensor bias) { return LinearOp.apply(input, weight, bias, true); }

    public static Tensor relu(Tensor input) { return Activations.apply(Activations.Kind.RELU, 0, input); }

    /** Leaky ReLU with negative slope 0.01. */
    public static Tensor leakyRelu(Tensor input) { return leakyRelu(input, 0.01); }

    public static Tensor leakyRelu(Tensor input, double negativeSlope) {
        return Activations.apply(Activations.Kind.LEAKY_RELU, negativeSlope, input);
    }

    /** ELU with alpha 1. */
    public static Tensor elu(Tensor input) { return elu(input, 1.0); }

    public static Tensor elu(Tensor input, double alpha) { return Activations.apply(Activations.Kind.ELU, alpha, input); }

    /** Exact GELU, x * Phi(x) through erf. */
    public static Tensor gelu(Tensor input) { return gelu(input, "none"); }

    /** GELU; approximate is "none" (exact erf form) or "tanh". */
    public static Tensor gelu(Tensor input, String approximate) {
        Activations.Kind kind = "tanh".equals(checkGeluApproximate(approximate)) ? Activations.Kind.GELU_TANH : Activations.Kind.GELU;
        return Activations.apply(kind, 0, input);
    }

    static String checkGeluApproximate(String approximate) {
        if (!"none".equals(approximate) && !"tanh".equals(approximate)) {
            throw new IllegalArgumentException("gelu: approximate must be 'none' or 'tanh', got '" + approximate + "'");
        }
        return approximate;
    }

    public static Tensor sigmoid(Tensor input) { return input.sigmoid(); }

    public static Tensor tanh(Tensor input) { return input.tanh(); }

    public static Tensor softmax(Tensor input, int dim) { return input.softmax(dim); }

    public static Tensor logSoftmax(Tensor input, int dim) { return input.logSoftmax(dim); }

    /** Inverted dropout: with training, zeroes each element with probability p and scales the rest by 1/(1-p). */
    public static Tensor dropout(Tensor input, double p, boolean training) {
        checkDropoutP(p);
        if (!training || p == 0) return input;
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("dropout: expected a floating-point input, got " + input.dtype());
        }
        return DropoutOp.apply(input, p);
    }

    public static Tensor dropout(Tensor input, double p) { return dropout(input, p, true); }

    static void checkDropoutP(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout: probability p must be in [0, 1], got " + p);
    }

    /**
     * Batch normalisation of [N, C, *] over the channel dim, as torch's batch_norm. With training, uses the
     * batch's statistics and (when given) moves runningMean/runningVar toward them in place; otherwise uses
     * the running statistics. weight, bias and the running tensors ([C]) may be null.
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return BatchNormOp.apply(input, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** Evaluation-mode batch norm with eps 1e-5. */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias) {
        return BatchNormOp.apply(input, runningMean, runningVar, weight, bias, false, 0.1, 1e-5);
    }

    /** Layer normalisation over the trailing dims normalizedShape; weight and bias (that shape) may be null. */
    public static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return LayerNormOp.apply(input, normalizedShape, weight, bias, eps);
    }

    public static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias) {
        return LayerNormOp.apply(input, normalizedShape, weight, bias, 1e-5);
    }

    /** Rows of weight [num, dim] picked by INT64 indices [*]: [*, dim]. */
    public static Tensor embedding(Tensor indices, Tensor weight) { return EmbeddingOp.apply(indices, weight, -1); }

    /** With a padding row (null for none; negative counts from the end) that receives no gradient. */
    public static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx) {
        int pad = -1;
        if (paddingIdx != null) {
            int num = weight.size(0);
            if (paddingIdx >= num || paddingIdx < -num) {
                throw new IllegalArgumentException("embedding: paddingIdx " + paddingIdx + " must be within [-" + num + ", " + num + ")");
            }
            pad = paddingIdx < 0 ? paddingIdx + num : paddingIdx;
        }
        return EmbeddingOp.apply(indices, weight, pad);
    }

    // ================================================================== end of layers and activations
}
