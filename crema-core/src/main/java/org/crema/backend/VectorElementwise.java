package org.crema.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API form of the float sum, which C2 does not vectorise by itself (a floating-point reduction
 * may not be reordered). Plain arithmetic stays in {@link ScalarElementwise}, which C2 vectorises;
 * so do exp and tanh, whose Vector API forms round differently before and after C2 compiles them.
 */
final class VectorElementwise {
    private VectorElementwise() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Elements summed in float lanes before the partial sums move to double. */
    private static final int SUM_BLOCK = 1024;

    static double sum(float[] x, int o, int n) {
        double total = 0;
        float[] lanes = new float[L];
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
            // lanes summed in a fixed order: reduceLanes(ADD) may reorder, and does so differently
            // interpreted and compiled, which would make results depend on JIT timing
            s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
            for (int q = 0; q < L; q++) total += lanes[q];
        }
        return total + ScalarElementwise.sum(x, o + i, n - i);
    }
}
