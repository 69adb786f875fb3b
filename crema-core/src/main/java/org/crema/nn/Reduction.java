package org.crema.nn;

/** How a loss combines its per-element values, as torch's {@code reduction} argument. */
public enum Reduction {
    /** The average (for CrossEntropyLoss/NLLLoss with class weights: the weighted average). */
    MEAN,
    /** The plain sum. */
    SUM,
    /** No reduction: one loss value per element (per sample for the class losses). */
    NONE;

    /** Lower-case name as torch prints it ("mean", "sum", "none"). */
    public String torchName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
