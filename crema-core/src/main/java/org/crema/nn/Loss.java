package org.crema.nn;

import org.crema.Tensor;

/**
 * Base class of the loss functions ({@link MSELoss}, {@link CrossEntropyLoss}, ...).
 *
 * <p>A loss is deliberately not a {@link Module}: a module's {@code forward(Tensor)} takes one input,
 * a loss needs two, and a loss has no trainable parameters to register. Keeping losses apart means
 * there is no {@code forward(Tensor)} that could be called by mistake. Class weights and pos-weights
 * are plain tensors held by the loss and converted to the input's dtype on every call, so a loss works
 * unchanged on FLOAT32 and FLOAT64 inputs. Every loss has a stateless twin in {@link Functional}.
 */
public abstract class Loss {
    private final Reduction reduction;

    protected Loss(Reduction reduction) {
        if (reduction == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": reduction must not be null");
        this.reduction = reduction;
    }

    /** The loss of input against target, reduced as {@link #reduction()} says. */
    public abstract Tensor forward(Tensor input, Tensor target);

    public Reduction reduction() { return reduction; }

    /** The options inside the parentheses of {@link #toString()}, e.g. "reduction=sum". */
    protected String extraRepr() {
        return reduction == Reduction.MEAN ? "" : "reduction=" + reduction.torchName();
    }

    @Override
    public String toString() { return getClass().getSimpleName() + "(" + extraRepr() + ")"; }
}
