package org.crema.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API forms of the kernels C2 does not vectorise by itself: transcendental functions (exp,
 * sigmoid, tanh go to the JDK's vector math library), reductions and the softmax row kernel.
 * Plain arithmetic stays in {@link ScalarElementwise}, which C2 already vectorises.
 */
final class VectorElementwise {
    private VectorElementwise() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Elements summed in float lanes before the partial sums move to double. */
    private static final int SUM_BLOCK = 1024;

    static double sum(float[] x, int o, int n) {
        double total = 0;
        int i = 0;
        for (; i + SUM_BLOCK <= n; i += SUM_BLOCK) {
            FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
            for (int j = 0; j < SUM_BLOCK; j += 4 * L) {
                int p = o + i + j;
                s0 = s0.add(FloatVector.fromArray(S, x, p));
                s1 = s1.add(FloatVector.fromArray(S, x, p + L));
                s2 = s2.add(FloatVector.fromArray(S, x, p + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, x, p + 3 * L));
            }
            total += s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        }
        return total + ScalarElementwise.sum(x, o + i, n - i);
    }

    static void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        if (op != UnaryOp.EXP && op != UnaryOp.SIGMOID && op != UnaryOp.TANH) {
            ScalarElementwise.unary(op, x, xo, y, yo, n);
            return;
        }
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, xo + i, m);
            FloatVector r = switch (op) {
                case EXP -> v.lanewise(VectorOperators.EXP);
                case TANH -> v.lanewise(VectorOperators.TANH);
                // exp(-v) overflows to +inf for very negative v, and 1 / (1 + inf) is the right 0
                default -> one.div(one.add(v.neg().lanewise(VectorOperators.EXP)));
            };
            r.intoArray(y, yo + i, m);
        }
    }

    static void softmaxRows(float[] x, int xo, float[] y, int yo, int rows, int n, boolean log) {
        for (int r = 0; r < rows; r++) {
            int b = xo + r * n, ob = yo + r * n;
            FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int k = 0; k < n; k += L) {
                VectorMask<Float> m = S.indexInRange(k, n);
                mv = mv.max(FloatVector.fromArray(S, x, b + k, m).blend(Float.NEGATIVE_INFINITY, m.not()));
            }
            float max = mv.reduceLanes(VectorOperators.MAX);
            if (Float.isNaN(max)) {
                // NaN anywhere makes the whole row NaN, as the scalar kernel's arithmetic does
                java.util.Arrays.fill(y, ob, ob + n, Float.NaN);
                continue;
            }
            if (max == Float.NEGATIVE_INFINITY) max = 0; // an all -inf row stays finite-safe
            FloatVector shift = FloatVector.broadcast(S, max);
            FloatVector sv = FloatVector.zero(S);
            for (int k = 0; k < n; k += L) {
                VectorMask<Float> m = S.indexInRange(k, n);
                FloatVector e = FloatVector.fromArray(S, x, b + k, m).sub(shift).lanewise(VectorOperators.EXP);
                e = e.blend(0f, m.not());
                if (!log) e.intoArray(y, ob + k, m);
                sv = sv.add(e);
            }
            double sum = sv.reduceLanes(VectorOperators.ADD);
            if (log) {
                FloatVector s = FloatVector.broadcast(S, (float) (max + Math.log(sum)));
                for (int k = 0; k < n; k += L) {
                    VectorMask<Float> m = S.indexInRange(k, n);
                    FloatVector.fromArray(S, x, b + k, m).sub(s).intoArray(y, ob + k, m);
                }
            } else {
                FloatVector inv = FloatVector.broadcast(S, (float) (1.0 / sum));
                for (int k = 0; k < n; k += L) {
                    VectorMask<Float> m = S.indexInRange(k, n);
                    FloatVector.fromArray(S, y, ob + k, m).mul(inv).intoArray(y, ob + k, m);
                }
            }
        }
    }
}
