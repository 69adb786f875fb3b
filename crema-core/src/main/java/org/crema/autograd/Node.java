package org.crema.autograd;

import org.crema.Tensor;

/**
 * One recorded operation of the autograd graph: its inputs and the rule that turns the gradient of
 * its output into gradients of its inputs. Ops built outside Tensor (convolution, pooling, fused
 * losses) record themselves through {@link #record}.
 */
public final class Node {

    /** The local derivative: given dL/dOutput, returns dL/dInput for each input (null where none is needed). */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    private final String name;
    private final Tensor[] inputs;
    private final Backward backward;

    public Node(String name, Tensor[] inputs, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
    }

    public String name() { return name; }

    public Tensor[] inputs() { return inputs; }

    public Tensor[] backward(Tensor gradOutput) { return backward.apply(gradOutput); }

    /**
     * Attaches a node to {@code output} when grad mode is on and any input requires a gradient, and
     * returns output. The backward rule runs later with grad mode off.
     */
    public static Tensor record(Tensor output, String name, Tensor[] inputs, Backward backward) {
        if (!GradMode.isEnabled()) return output;
        boolean any = false;
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) { any = true; break; }
        }
        if (!any) return output;
        output.setGradFn(new Node(name, inputs, backward));
        return output;
    }

    @Override
    public String toString() { return name + "Backward"; }
}
