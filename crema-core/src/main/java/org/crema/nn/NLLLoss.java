package org.crema.nn;

import org.crema.Tensor;

/**
 * torch.nn.NLLLoss: the negative log-likelihood of log-probabilities (e.g. a LogSoftmax output)
 * [N, C], [N, C, d1, ...] or [C] against INT64 class indices [N, d1, ...]. l_n = -w[y_n] x[n, y_n];
 * samples whose target equals {@link #ignoreIndex()} (-100 by default) contribute nothing, and the
 * MEAN divides by the sum of the non-ignored samples' weights.
 */
public final class NLLLoss extends Loss {
    private final Tensor weight;
    private final long ignoreIndex;

    public NLLLoss() { this(null, Reduction.MEAN, Losses.DEFAULT_IGNORE_INDEX); }

    public NLLLoss(Reduction reduction) { this(null, reduction, Losses.DEFAULT_IGNORE_INDEX); }

    public NLLLoss(Tensor weight) { this(weight, Reduction.MEAN, Losses.DEFAULT_IGNORE_INDEX); }

    /** The full form, in torch's argument order (weight may be null). */
    public NLLLoss(Tensor weight, Reduction reduction, long ignoreIndex) {
        super(reduction);
        if (weight != null && (weight.dim() != 1 || !weight.dtype().isFloatingPoint())) {
            throw new IllegalArgumentException("NLLLoss: weight must be a 1-D floating-point tensor (one per class), got "
                    + weight.dtype() + " " + java.util.Arrays.toString(weight.shape()));
        }
        this.weight = weight == null ? null : weight.detach();
        this.ignoreIndex = ignoreIndex;
    }

    public Tensor weight() { return weight; }

    public long ignoreIndex() { return ignoreIndex; }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.nll(input, target, weight, ignoreIndex, reduction()); }

    @Override
    protected String extraRepr() {
        StringBuilder sb = new StringBuilder(super.extraRepr());
        if (weight != null) CrossEntropyLoss.append(sb, "weight=" + java.util.Arrays.toString(weight.shape()));
        if (ignoreIndex != Losses.DEFAULT_IGNORE_INDEX) CrossEntropyLoss.append(sb, "ignore_index=" + ignoreIndex);
        return sb.toString();
    }
}
