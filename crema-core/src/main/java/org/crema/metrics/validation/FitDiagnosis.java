package org.crema.metrics.validation;

/** What a learning curve says about a model, by the usual bias/variance heuristics. */
public enum FitDiagnosis {
    /** Training score short of the target and validation close to it: the model underfits. */
    HIGH_BIAS,
    /** Training score meets the target but validation lags far behind: the model overfits. */
    HIGH_VARIANCE,
    /** Training score short of the target and validation far behind it as well. */
    HIGH_BIAS_AND_VARIANCE,
    /** Training score meets the target and validation is close to it. */
    GOOD_FIT
}
