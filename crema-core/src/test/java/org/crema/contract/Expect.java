package org.crema.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.crema.Tensor;

/** Small assertions shared by the contract tests: shape and values of a tensor against PyTorch's. */
final class Expect {
    private Expect() {}

    static void values(Tensor t, double tol, int[] shape, double... expected) {
        assertArrayEquals(shape, t.shape(), "shape");
        double[] got = t.toDoubleArray();
        assertEquals(expected.length, got.length, "element count");
        for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], tol, "element " + i + " of " + t);
    }

    static int[] shape(int... s) { return s; }
}
