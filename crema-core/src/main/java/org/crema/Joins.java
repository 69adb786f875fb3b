package org.crema;

import org.crema.autograd.Node;

/** cat and stack: copy tensors side by side along one dim; the gradient is the matching slices. */
final class Joins {
    private Joins() {}

    static Tensor cat(int dim, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("cat: expects a non-empty list of tensors");
        int rank = ts[0].dim();
        if (rank == 0) throw new IllegalArgumentException("cat: zero-dimensional tensor 0 cannot be concatenated");
        int dd = Shapes.dim("cat", dim, rank);
        DType dt = ts[0].dtype();
        int total = 0;
        for (int i = 0; i < ts.length; i++) {
            int[] s = ts[i].shape();
            if (s.length != rank) {
                throw new IllegalArgumentException("cat: tensor " + i + " has shape " + Shapes.str(s)
                        + " but tensor 0 has " + Shapes.str(ts[0].shape()) + " (different number of dims)");
            }
            for (int k = 0; k < rank; k++) {
                if (k != dd && s[k] != ts[0].shape()[k]) {
                    throw new IllegalArgumentException("cat: sizes must match except in dim " + dd + ": tensor " + i
                            + " has shape " + Shapes.str(s) + ", tensor 0 has " + Shapes.str(ts[0].shape()));
                }
            }
            dt = DType.promote(dt, ts[i].dtype());
            total += s[dd];
        }
        int[] outShape = ts[0].shape();
        outShape[dd] = total;
        Tensor out = Tensor.empty(dt, outShape);
        int outer = 1, inner = 1;
        for (int k = 0; k < dd; k++) outer *= outShape[k];
        for (int k = dd + 1; k < rank; k++) inner *= outShape[k];
        int pos = 0;
        int[] starts = new int[ts.length];
        for (int i = 0; i < ts.length; i++) {
            Tensor c = ts[i].convertTo(dt).contiguous();
            int len = c.shape()[dd] * inner;
            starts[i] = pos;
            for (int o = 0; o < outer; o++) {
                int src = c.offset + o * len, dst = o * total * inner + pos * inner;
                switch (dt) {
                    case FLOAT32 -> System.arraycopy(c.f, src, out.f, dst, len);
                    case FLOAT64 -> System.arraycopy(c.d, src, out.d, dst, len);
                    case INT64 -> System.arraycopy(c.l, src, out.l, dst, len);
                }
            }
            pos += c.shape()[dd];
        }
        return Node.record(out, "cat", ts, g -> {
            Tensor[] grads = new Tensor[ts.length];
            for (int i = 0; i < ts.length; i++) grads[i] = g.narrow(dd, starts[i], ts[i].shape()[dd]);
            return grads;
        });
    }

    /** Stacks equal-shaped tensors along a new dim: cat of their unsqueezed views. */
    static Tensor stack(int dim, Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("stack: expects a non-empty list of tensors");
        int dd = Shapes.dim("stack", dim, tensors[0].dim() + 1);
        Tensor[] u = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!java.util.Arrays.equals(tensors[i].shape, tensors[0].shape)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + Shapes.str(tensors[i].shape)
                        + " but tensor 0 has " + Shapes.str(tensors[0].shape));
            }
            u[i] = tensors[i].unsqueeze(dd);
        }
        return cat(dd, u);
    }
}
