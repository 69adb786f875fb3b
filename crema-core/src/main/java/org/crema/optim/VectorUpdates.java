package org.crema.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API forms of the FLOAT32 updates (loaded only when {@link Optimizer#VECTOR} is on). Each processes
 * whole vectors from start and returns where it stopped; the optimizer's scalar loop finishes the rest. The
 * operations and their order are exactly those of the scalar loops (no fused multiply-add), so results do not
 * depend on where a range is cut between threads or on whether the Vector API is used.
 */
final class VectorUpdates {
    private VectorUpdates() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** sign(w) as 1, -1 or 0 (0 for NaN too), as {@link Optimizer#sign(float)}. */
    private static FloatVector sign(FloatVector w) {
        FloatVector zero = FloatVector.zero(S);
        return zero.blend(1f, w.compare(VectorOperators.GT, 0f)).blend(-1f, w.compare(VectorOperators.LT, 0f));
    }

    private static FloatVector penalized(FloatVector gi, FloatVector w0, float wd, float l1) {
        if (wd != 0) gi = gi.add(w0.mul(wd));
        if (l1 != 0) gi = gi.add(sign(w0).mul(l1));
        return gi;
    }

    static int sgd(float[] w, int wo, float[] g, int go, float[] b, int start, int end,
            float lr, float wd, float l1, float mom, float damp1, boolean first, boolean nesterov) {
        int i = start, up = start + S.loopBound(end - start);
        for (; i < up; i += S.length()) {
            FloatVector w0 = FloatVector.fromArray(S, w, wo + i);
            FloatVector gi = penalized(FloatVector.fromArray(S, g, go + i), w0, wd, l1);
            if (b != null) {
                FloatVector bi = first ? gi : FloatVector.fromArray(S, b, i).mul(mom).add(gi.mul(damp1));
                bi.intoArray(b, i);
                gi = nesterov ? gi.add(bi.mul(mom)) : bi;
            }
            w0.sub(gi.mul(lr)).intoArray(w, wo + i);
        }
        return i;
    }

    static int adam(float[] w, int wo, float[] g, int go, float[] m, float[] v, float[] vmax, int start, int end,
            float b1, float c1, float b2, float c2, float stepSize, float bc2Sqrt, float eps, float decay, float l2, float l1) {
        int i = start, up = start + S.loopBound(end - start);
        for (; i < up; i += S.length()) {
            FloatVector w0 = FloatVector.fromArray(S, w, wo + i);
            FloatVector gi = penalized(FloatVector.fromArray(S, g, go + i), w0, l2, l1);
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(b1).add(gi.mul(c1));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(b2).add(gi.mul(gi).mul(c2));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            if (vmax != null) {
                vi = FloatVector.fromArray(S, vmax, i).max(vi);
                vi.intoArray(vmax, i);
            }
            FloatVector denom = vi.sqrt().div(bc2Sqrt).add(eps);
            if (decay != 1) w0 = w0.mul(decay);
            w0.sub(mi.div(denom).mul(stepSize)).intoArray(w, wo + i);
        }
        return i;
    }

    static int rmsprop(float[] w, int wo, float[] g, int go, float[] sq, float[] av, float[] b, int start, int end,
            float lr, float alpha, float alpha1, float eps, float mom, float wd, float l1) {
        int i = start, up = start + S.loopBound(end - start);
        for (; i < up; i += S.length()) {
            FloatVector w0 = FloatVector.fromArray(S, w, wo + i);
            FloatVector gi = penalized(FloatVector.fromArray(S, g, go + i), w0, wd, l1);
            FloatVector si = FloatVector.fromArray(S, sq, i).mul(alpha).add(gi.mul(gi).mul(alpha1));
            si.intoArray(sq, i);
            FloatVector var = si;
            if (av != null) {
                FloatVector ai = FloatVector.fromArray(S, av, i).mul(alpha).add(gi.mul(alpha1));
                ai.intoArray(av, i);
                var = si.sub(ai.mul(ai));
            }
            FloatVector q = gi.div(var.sqrt().add(eps));
            if (b != null) {
                q = FloatVector.fromArray(S, b, i).mul(mom).add(q);
                q.intoArray(b, i);
            }
            w0.sub(q.mul(lr)).intoArray(w, wo + i);
        }
        return i;
    }

    static int adagrad(float[] w, int wo, float[] g, int go, float[] sum, int start, int end, float clr, float eps, float wd, float l1) {
        int i = start, up = start + S.loopBound(end - start);
        for (; i < up; i += S.length()) {
            FloatVector w0 = FloatVector.fromArray(S, w, wo + i);
            FloatVector gi = penalized(FloatVector.fromArray(S, g, go + i), w0, wd, l1);
            FloatVector si = FloatVector.fromArray(S, sum, i).add(gi.mul(gi));
            si.intoArray(sum, i);
            w0.sub(gi.div(si.sqrt().add(eps)).mul(clr)).intoArray(w, wo + i);
        }
        return i;
    }
}
