package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Vector API 2x2 max pooling against the scalar kernel: the same bits forward and backward. */
class PoolVectorTest {

    @RegisterExtension
    static final VectorKernels KERNELS = VectorKernels.requirePooling();

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

    /**
     * The fused conv+ReLU+pool backward's whole-row rebuild of a pre-pool gradient against the scalar one
     * (zeros, then += gy * signum(y) at the arg-max): the same bits, zeros of both signs and NaN included,
     * odd plane sizes (a last row or column no window covers stays zero), pooled rows of L/2 and more.
     */
    @Test
    void prePoolGradientRowsSameBitsAsTheScatter() {
        Random r = new Random(5);
        int half = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() / 2;
        int[][] shapes = {{28, 28}, {21, 19}, {19, 20}, {2 * half, 2 * half + 1}, {5, 2 * half + 7}, {3, 4 * half}};
        for (int[] sh : shapes) {
            int h = sh[0], w = sh[1], poh = h / 2, pow = w / 2, planes = 3, go = 7;
            assertTrue(PoolVector.gradApplies(pow));
            float[] gy = new float[go + planes * poh * pow], y = values(planes * poh * pow, r);
            float[] gv = values(gy.length - go, r);
            System.arraycopy(gv, 0, gy, go, gv.length);
            int[] idx = new int[planes * poh * pow];
            for (int o = 0; o < idx.length; o++) {
                int i = (o % (poh * pow)) / pow, j = o % pow;
                idx[o] = (2 * i + r.nextInt(2)) * w + 2 * j + r.nextInt(2);
            }
            for (int pl = 0; pl < planes; pl++) {
                float[] want = new float[h * w], got = new float[h * w + 3];
                for (int o = pl * poh * pow, e = o + poh * pow; o < e; o++) want[idx[o]] += gy[go + o] * Math.signum(y[o]);
                PoolVector.max2x2Grad(gy, go, y, idx, pl * poh * pow, poh, pow, got, 3, w);
                for (int q = 0; q < h * w; q++) {
                    assertEquals(Float.floatToRawIntBits(want[q]), Float.floatToRawIntBits(got[3 + q]),
                            Arrays.toString(sh) + " plane " + pl + " at " + q + ": " + got[3 + q] + " vs " + want[q]);
                }
            }
        }
    }
}
