package org.crema.metrics;

/** Disagreement weights for {@link ClassificationMetrics#cohenKappa} (sklearn's {@code weights=}). */
public enum KappaWeighting {
    /** Every disagreement costs 1 (plain Cohen's kappa). */
    NONE,
    /** Disagreement between label positions i and j costs |i - j|. */
    LINEAR,
    /** Disagreement between label positions i and j costs (i - j)^2. */
    QUADRATIC
}
