package org.crema.nn;

import org.crema.Tensor;

/**
 * Fully connected layer y = x W^T + b, as torch.nn.Linear: weight [out, in], bias [out], input
 * [*, in], output [*, out]. Initialised as PyTorch does: every entry uniform in
 * (-1/sqrt(in), 1/sqrt(in)) (kaiming-uniform with a = sqrt(5) for the weight).
 *
 * <pre>{@code
 * Linear fc = new Linear(784, 10);
 * Tensor logits = fc.forward(Tensor.randn(64, 784));   // [64, 10]
 * }</pre>
 */
public class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final boolean bias;
    /** W^T for forward calls that record no graph (inference); checked against W on every use. */
    private final TransposedWeight transposed = new TransposedWeight();

    public Linear(int inFeatures, int outFeatures) { this(inFeatures, outFeatures, true); }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: feature counts must be non-negative, got in_features=" + inFeatures
                    + ", out_features=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.bias = bias;
        registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        if (bias) registerParameter("bias", Tensor.zeros(outFeatures));
        resetParameters();
    }

    /** Draws fresh initial values from the global generator, as PyTorch's reset_parameters. */
    public void resetParameters() {
        Init.kaimingUniform(weight(), Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu");
        if (bias) {
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform(param("bias"), -bound, bound);
        }
    }

    public int inFeatures() { return inFeatures; }

    public int outFeatures() { return outFeatures; }

    public boolean hasBias() { return bias; }

    public Tensor weight() { return param("weight"); }

    /** The bias, or null for a layer built without one. */
    public Tensor bias() { return param("bias"); }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() == 0 || input.size(-1) != inFeatures) throw shapeError("[..., " + inFeatures + "]", input);
        return LinearOp.apply(input, weight(), bias(), false, transposed);
    }

    /** relu(forward(input)) with the ReLU applied in place to the GEMM output (same values, one node). */
    Tensor forwardRelu(Tensor input) {
        if (input.dim() == 0 || input.size(-1) != inFeatures) throw shapeError("[..., " + inFeatures + "]", input);
        return LinearOp.apply(input, weight(), bias(), true, transposed);
    }

    @Override
    public String extraRepr() { return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + bias; }
}
