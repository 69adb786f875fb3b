package org.crema.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The LSTM gate kernel's sigmoid and tanh (lanewise arithmetic only, so the same bits in every JIT state). */
class LstmVectorMathTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    private static float[] sigmoid(float[] x) {
        float[] y = new float[x.length];
        LstmSequence.Vec.activate(x, 0, y, 0, x.length, -1f, 1f, 0f);
        return y;
    }

    private static float[] tanh(float[] x) {
        float[] y = new float[x.length];
        LstmSequence.Vec.activate(x, 0, y, 0, x.length, 2f, -2f, 1f);
        return y;
    }

    @Test
    void sigmoidAndTanhMatchJavaMath() {
        Assumptions.assumeTrue(LstmSequence.VECTOR, "vector module absent or disabled");
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[4 * L];
        for (int round = 0; round < 1000; round++) {
            for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble(-30, 30) * (round % 2 == 0 ? 1 : 0.01));
            float[] s = sigmoid(x), t = tanh(x);
            for (int i = 0; i < x.length; i++) {
                double want = 1 / (1 + Math.exp(-x[i]));
                assertEquals(want, s[i], 3e-7 * want + 1e-30, "sigmoid(" + x[i] + ")");
                assertEquals(Math.tanh(x[i]), t[i], 2e-7, "tanh(" + x[i] + ")");
            }
        }
    }

    @Test
    void saturatesWithoutNaN() {
        Assumptions.assumeTrue(LstmSequence.VECTOR, "vector module absent or disabled");
        float[] x = new float[L];
        float[] probes = {Float.NEGATIVE_INFINITY, -1e30f, -200f, 200f, 1e30f, Float.POSITIVE_INFINITY};
        for (float p : probes) {
            java.util.Arrays.fill(x, p);
            assertEquals(Math.signum(p), tanh(x)[0], 0f, "tanh(" + p + ")");
            float s = sigmoid(x)[0];
            assertEquals(p > 0 ? 1f : 0f, s, 1e-30f, "sigmoid(" + p + ")");
        }
    }
}
