package org.crema.nn;

import org.crema.Tensor;

/** exp(x) / sum(exp(x)) along dim, as torch.nn.Softmax (numerically stable). */
public class Softmax extends Module {
    private final int dim;

    public Softmax(int dim) { this.dim = dim; }

    public int dim() { return dim; }

    @Override
    public Tensor forward(Tensor input) {
        int rank = Math.max(input.dim(), 1);
        if (dim >= rank || dim < -rank) throw shapeError("a tensor with dim " + dim, input);
        return Functional.softmax(input, dim);
    }

    @Override
    public String extraRepr() { return "dim=" + dim; }
}
