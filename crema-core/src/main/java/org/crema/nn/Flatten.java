package org.crema.nn;

import org.crema.Tensor;

/**
 * Flattens dims startDim..endDim into one, as torch.nn.Flatten: by default every dim but the batch
 * dim, so [N, C, H, W] becomes [N, C*H*W] (a view when the input is contiguous).
 */
public class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    public Flatten() { this(1, -1); }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    public int startDim() { return startDim; }

    public int endDim() { return endDim; }

    @Override
    public Tensor forward(Tensor input) {
        int rank = input.dim();
        int s = startDim < 0 ? startDim + rank : startDim, e = endDim < 0 ? endDim + rank : endDim;
        if (rank == 0 && (startDim == 0 || startDim == -1) && (endDim == 0 || endDim == -1)) return input.reshape(1);
        if (s < 0 || s >= rank || e < 0 || e >= rank || s > e) {
            throw shapeError("at least " + (Math.max(startDim < 0 ? -startDim : startDim + 1, endDim < 0 ? -endDim : endDim + 1))
                    + " dims", input);
        }
        return input.flatten(s, e);
    }

    @Override
    public String extraRepr() { return "start_dim=" + startDim + ", end_dim=" + endDim; }
}
