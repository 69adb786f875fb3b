package org.crema.io;

import org.crema.Tensor;
import org.crema.nn.Module;

/** A two-layer perceptron built directly on Module, so io tests need no layer classes. */
class TinyNet extends Module {
    final int in, hidden, out;

    TinyNet(int in, int hidden, int out) {
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        registerParameter("w1", Tensor.randn(hidden, in).mul(0.3));
        registerParameter("b1", Tensor.zeros(hidden));
        registerParameter("w2", Tensor.randn(out, hidden).mul(0.3));
        registerParameter("b2", Tensor.zeros(out));
        registerBuffer("steps", Tensor.zeros(org.crema.DType.INT64));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x.matmul(param("w1").t()).add(param("b1")).tanh();
        return h.matmul(param("w2").t()).add(param("b2"));
    }
}
