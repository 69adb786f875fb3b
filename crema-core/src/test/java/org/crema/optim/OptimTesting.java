package org.crema.optim;

import org.crema.DType;
import org.crema.Tensor;

/** Tiny problems with hand-checkable updates. */
final class OptimTesting {
    private OptimTesting() {}

    /** A FLOAT64 parameter [1, -2]. */
    static Tensor param() { return Tensor.of(new double[] {1.0, -2.0}).requiresGrad(true); }

    static Tensor param(DType dtype, double... values) { return Tensor.of(values).to(dtype).requiresGrad(true); }

    /** Gradient of 0.5 * sum(w^2), which is w itself: each coordinate's update can be followed by hand. */
    static void quadraticGrad(Tensor w) { w.square().sum().mul(0.5).backward(); }

    /** Runs steps of opt on 0.5 * sum(w^2) and returns w after each step, element e. */
    static double[] trajectory(Optimizer opt, Tensor w, int steps, int e) {
        double[] out = new double[steps];
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad();
            quadraticGrad(w);
            opt.step();
            out[s] = w.get(e);
        }
        return out;
    }

    /** Runs steps with the given gradients (one value for every element) and returns w[0] after each. */
    static double[] withGrads(Optimizer opt, Tensor w, double... grads) {
        double[] out = new double[grads.length];
        for (int s = 0; s < grads.length; s++) {
            w.setGrad(Tensor.fullLike(w, grads[s]));
            opt.step();
            out[s] = w.get(0);
        }
        return out;
    }
}
