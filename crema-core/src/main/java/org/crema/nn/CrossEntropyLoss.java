package org.crema.nn;

import org.crema.Tensor;

/**
 * torch.nn.CrossEntropyLoss: log-softmax over the class dim followed by the negative log-likelihood,
 * computed in one fused, numerically stable pass (log-sum-exp) with its own softmax-minus-one-hot
 * backward.
 *
 * <p>Input: raw scores [N, C], [N, C, d1, ...] or unbatched [C]. Target: either INT64 class indices of
 * shape [N], [N, d1, ...] or [] ({@link #ignoreIndex()} entries, -100 by default, contribute nothing),
 * or floating-point class probabilities of the input's own shape. With class weights the MEAN is
 * torch's weighted mean, sum(w[y_n] * l_n) / sum(w[y_n]) over non-ignored samples; with probability
 * targets it divides by the number of samples. {@link #labelSmoothing()} mixes the target with the
 * uniform distribution as torch does.
 */
public final class CrossEntropyLoss extends Loss {
    private final Tensor weight;
    private final long ignoreIndex;
    private final double labelSmoothing;

    public CrossEntropyLoss() { this(null, Reduction.MEAN, Losses.DEFAULT_IGNORE_INDEX, 0.0); }

    public CrossEntropyLoss(Reduction reduction) { this(null, reduction, Losses.DEFAULT_IGNORE_INDEX, 0.0); }

    /** With per-class weights [C] (null for none). */
    public CrossEntropyLoss(Tensor weight) { this(weight, Reduction.MEAN, Losses.DEFAULT_IGNORE_INDEX, 0.0); }

    /** The full form, in torch's argument order (weight may be null). */
    public CrossEntropyLoss(Tensor weight, Reduction reduction, long ignoreIndex, double labelSmoothing) {
        super(reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        if (weight != null && (weight.dim() != 1 || !weight.dtype().isFloatingPoint())) {
            throw new IllegalArgumentException("CrossEntropyLoss: weight must be a 1-D floating-point tensor (one per class), got "
                    + weight.dtype() + " " + java.util.Arrays.toString(weight.shape()));
        }
        this.weight = weight == null ? null : weight.detach();
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    /** A loss with label smoothing and otherwise the defaults. */
    public static CrossEntropyLoss withLabelSmoothing(double labelSmoothing) {
        return new CrossEntropyLoss(null, Reduction.MEAN, Losses.DEFAULT_IGNORE_INDEX, labelSmoothing);
    }

    public Tensor weight() { return weight; }

    public long ignoreIndex() { return ignoreIndex; }

    public double labelSmoothing() { return labelSmoothing; }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, reduction());
    }

    @Override
    protected String extraRepr() {
        StringBuilder sb = new StringBuilder(super.extraRepr());
        if (weight != null) append(sb, "weight=" + java.util.Arrays.toString(weight.shape()));
        if (ignoreIndex != Losses.DEFAULT_IGNORE_INDEX) append(sb, "ignore_index=" + ignoreIndex);
        if (labelSmoothing != 0) append(sb, "label_smoothing=" + labelSmoothing);
        return sb.toString();
    }

    static void append(StringBuilder sb, String s) {
        if (!sb.isEmpty()) sb.append(", ");
        sb.append(s);
    }
}
