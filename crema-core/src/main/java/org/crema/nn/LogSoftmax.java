package org.crema.nn;

import org.crema.Tensor;

/** log(softmax(x)) along dim computed stably (x - logsumexp), as torch.nn.LogSoftmax. */
public class LogSoftmax extends Module {
    private final int dim;

    public LogSoftmax(int dim) { this.dim = dim; }

    public int dim() { return dim; }

    @Override
    public Tensor forward(Tensor input) {
        int rank = Math.max(input.dim(), 1);
        if (dim >= rank || dim < -rank) throw shapeError("a tensor with dim " + dim, input);
        return Functional.logSoftmax(input, dim);
    }

    @Override
    public String extraRepr() { return "dim=" + dim; }
}
