package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import org.crema.Tensor;
import org.crema.backend.VectorSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Vector API 2x2 max pooling against the scalar kernel: the same bits forward and backward. */
class PoolVectorTest {

    @BeforeEach
    void check() { assumeTrue(Pooling.vector, "the Vector API is off: the vector kernel is not used"); }

    @AfterEach
    void restore() { Pooling.vector = VectorSupport.enabled(); }

    /** Values with ties, zeros of both signs, infinities and NaN. */
    private static float[] values(int n, Random r) {
        float[] pool = {0f, -0f, 1f, -1f, 2f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(10) < 3 ? pool[r.nextInt(pool.length)] : (float) r.nextGaussian();
        return v;
    }

    private static float[][] run(boolean vector, boolean relu, boolean grad, float[] v, int[] shape, float[] g) {
        Pooling.vector = vector;
        Tensor x = Tensor.of(v.clone(), shape).requiresGrad(grad);
        Tensor y = relu ? Functional.reluMaxPool2d(x, 2) : Functional.maxPool2d(x, 2);
        if (!grad) return new float[][] {y.toFloatArray()};
        y.backward(Tensor.of(g, y.shape()));
        return new float[][] {y.toFloatArray(), x.grad().toFloatArray()};
    }

    @Test
    void sameBitsAsTheScalarKernel() {
        Random r = new Random(3);
        int[][] shapes = {{2, 3, 4, 4}, {1, 2, 5, 9}, {3, 2, 28, 28}, {2, 1, 14, 14}, {1, 2, 7, 33}, {1, 1, 6, 64},
                {2, 2, 3, 70}, {1, 1, 2, 2}, {1, 1, 3, 3}, {4, 6, 10, 10}};
        for (int[] shape : shapes) {
            int n = shape[0] * shape[1] * shape[2] * shape[3];
            float[] v = values(n, r);
            float[] g = new float[shape[0] * shape[1] * (shape[2] / 2) * (shape[3] / 2)];
            for (int i = 0; i < g.length; i++) g[i] = (float) r.nextGaussian();
            for (boolean relu : new boolean[] {false, true}) {
                for (boolean grad : new boolean[] {false, true}) {
                    float[][] want = run(false, relu, grad, v, shape, g), got = run(true, relu, grad, v, shape, g);
                    String what = Arrays.toString(shape) + " relu " + relu + " grad " + grad;
                    for (int k = 0; k < want.length; k++) assertArrayEquals(want[k], got[k], what);
                }
            }
        }
    }
}
