package org.crema.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The LSTM gate kernel's exp and tanh (lanewise arithmetic only, so the same bits in every JIT state). */
class LstmVectorMathTest {

    @Test
    void expAndTanhMatchJavaMath() {
        Assumptions.assumeTrue(LstmSequence.VECTOR, "vector module absent or disabled");
        int l = FloatVector.SPECIES_PREFERRED.length();
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[l], e = new float[l], t = new float[l];
        for (int round = 0; round < 4000; round++) {
            for (int i = 0; i < l; i++) x[i] = (float) (r.nextDouble(-30, 30) * (round % 2 == 0 ? 1 : 0.01));
            FloatVector v = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0);
            LstmSequence.Vec.exp(v).intoArray(e, 0);
            LstmSequence.Vec.tanh(v).intoArray(t, 0);
            for (int i = 0; i < l; i++) {
                double want = Math.exp(x[i]);
                assertEquals(want, e[i], 3e-7 * want, "exp(" + x[i] + ")");
                assertEquals(Math.tanh(x[i]), t[i], 2e-7, "tanh(" + x[i] + ")");
            }
        }
    }

    @Test
    void saturatesWithoutNaN() {
        Assumptions.assumeTrue(LstmSequence.VECTOR, "vector module absent or disabled");
        float[] x = new float[FloatVector.SPECIES_PREFERRED.length()], y = new float[x.length];
        float[] probes = {Float.NEGATIVE_INFINITY, -1e30f, -200f, 200f, 1e30f, Float.POSITIVE_INFINITY};
        for (float p : probes) {
            java.util.Arrays.fill(x, p);
            FloatVector v = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0);
            LstmSequence.Vec.tanh(v).intoArray(y, 0);
            assertEquals(Math.signum(p), y[0], 0f, "tanh(" + p + ")");
            LstmSequence.Vec.exp(v).intoArray(y, 0);
            assertTrue(Float.isFinite(y[0]) && y[0] >= 0, "exp(" + p + ") = " + y[0]);
        }
    }
}
