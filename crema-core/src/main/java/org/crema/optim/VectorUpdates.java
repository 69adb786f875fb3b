package org.crema.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.crema.backend.VectorSupport;

/**
 * FLOAT32 Adam and SGD updates over whole vectors, for the common options (no L1 term, no AMSGrad).
 *
 * <p>Why: C2 does not vectorize the general scalar loops (four arrays it cannot prove distinct, a
 * double division and square root per element, option branches inside the loop); profiled, the Adam
 * step took ~60% of the MLP's training step and SGD ~25% of the batch-4 LeNet's. The math is in float,
 * as PyTorch's CPU kernels do it. The tail after the last whole vector runs the same float operations
 * in the same order, so every element gets the same bits however the range is split between threads
 * or parameters. Each method returns e: the caller's own loop has nothing left to do.
 */
final class VectorUpdates {
    private VectorUpdates() {}

    static boolean enabled() { return VectorSupport.enabled(); }

    /** m = b1 m + (1-b1) g', v = b2 v + (1-b2) g'^2, w = w decay - step m / (sqrt(v) / bc2 + eps), g' = g + l2 w. */
    static int adam(float[] w, int wo, float[] g, int go, float[] m, float[] v, int s, int e,
                    float b1, float b2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        return Vec.adam(w, wo, g, go, m, v, s, e, b1, b2, stepSize, bc2Sqrt, eps, decay, l2);
    }

    /** g' = g + wd w; with momentum b = first ? g' : mom b + (1-damp) g', g' = nesterov ? g' + mom b : b; w -= lr g'. */
    static int sgd(float[] w, int wo, float[] g, int go, float[] b, int s, int e, float lr, float mom, float damp,
                   float wd, boolean first, boolean nesterov) {
        return Vec.sgd(w, wo, g, go, b, s, e, lr, mom, damp, wd, first, nesterov);
    }

    /** Linked only when the module is present. */
    private static final class Vec {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        static int adam(float[] w, int wo, float[] g, int go, float[] m, float[] v, int s, int e,
                        float b1, float b2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
            int i = s, upper = s + S.loopBound(e - s);
            float c1 = 1 - b1, c2 = 1 - b2;
            for (; i < upper; i += S.length()) {
                FloatVector wv = FloatVector.fromArray(S, w, wo + i);
                FloatVector gv = FloatVector.fromArray(S, g, go + i);
                if (l2 != 0) gv = wv.mul(l2).add(gv);
                FloatVector mv = FloatVector.fromArray(S, m, i).mul(b1).add(gv.mul(c1));
                FloatVector vv = FloatVector.fromArray(S, v, i).mul(b2).add(gv.mul(gv).mul(c2));
                mv.intoArray(m, i);
                vv.intoArray(v, i);
                FloatVector denom = vv.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
                wv.mul(decay).sub(mv.mul(stepSize).div(denom)).intoArray(w, wo + i);
            }
            for (; i < e; i++) {
                float wi = w[wo + i], gi = l2 != 0 ? wi * l2 + g[go + i] : g[go + i];
                float mi = m[i] * b1 + gi * c1, vi = v[i] * b2 + gi * gi * c2;
                m[i] = mi;
                v[i] = vi;
                w[wo + i] = wi * decay - mi * stepSize / ((float) Math.sqrt(vi) / bc2Sqrt + eps);
            }
            return e;
        }

        static int sgd(float[] w, int wo, float[] g, int go, float[] b, int s, int e, float lr, float mom, float damp,
                       float wd, boolean first, boolean nesterov) {
            int i = s, upper = s + S.loopBound(e - s);
            for (; i < upper; i += S.length()) {
                FloatVector wv = FloatVector.fromArray(S, w, wo + i);
                FloatVector gv = FloatVector.fromArray(S, g, go + i);
                if (wd != 0) gv = wv.mul(wd).add(gv);
                if (b != null) {
                    FloatVector bv = first ? gv : FloatVector.fromArray(S, b, i).mul(mom).add(gv.mul(1 - damp));
                    bv.intoArray(b, i);
                    gv = nesterov ? bv.mul(mom).add(gv) : bv;
                }
                wv.sub(gv.mul(lr)).intoArray(w, wo + i);
            }
            for (; i < e; i++) {
                float wi = w[wo + i], gi = wd != 0 ? wi * wd + g[go + i] : g[go + i];
                if (b != null) {
                    float bi = first ? gi : b[i] * mom + gi * (1 - damp);
                    b[i] = bi;
                    gi = nesterov ? bi * mom + gi : bi;
                }
                w[wo + i] = wi - gi * lr;
            }
            return e;
        }
    }
}
