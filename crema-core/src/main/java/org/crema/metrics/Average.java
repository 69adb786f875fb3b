package org.crema.metrics;

/**
 * How per-class precision, recall, F1, ROC AUC or average precision are combined into one number for
 * multi-class problems (sklearn's {@code average=} parameter).
 */
public enum Average {
    /** Unweighted mean of the per-class scores: every class counts the same, however rare. */
    MACRO,
    /**
     * Scores computed from true positives, false positives and false negatives summed over all classes.
     * For single-label multi-class data micro precision = micro recall = micro F1 = accuracy.
     * Not available for ROC AUC and average precision (they need scores, not counts).
     */
    MICRO,
    /** Mean of the per-class scores weighted by each class's support (number of true samples). */
    WEIGHTED
}
