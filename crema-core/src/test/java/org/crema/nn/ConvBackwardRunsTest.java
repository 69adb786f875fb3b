package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The im2col backward with each run an equal share of the images (several threads) against runs of whole
 * chunks: the same input gradient and weight and bias gradients up to float rounding (the partial sums are
 * grouped differently), on the small CNN's 32->64 layer and odd shapes; and the same bits spread or inline.
 */
class ConvBackwardRunsTest {

    @AfterEach
    void restore() { Convolution.balancedRuns = true; }

    /** n, c, h, w, oc, k, pad, groups */
    private static final int[][] CASES = {{64, 32, 14, 14, 64, 3, 1, 1}, {13, 20, 9, 11, 6, 3, 1, 1}, {7, 6, 14, 14, 16, 5, 0, 2},
            {3, 4, 30, 30, 5, 3, 0, 1}};

    @Test
    void balancedRunsMatchWholeChunkRuns() {
        Tensor.manualSeed(5);
        for (int[] c : CASES) {
            Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]), w = Tensor.randn(c[4], c[1] / c[7], c[5], c[5]), b = Tensor.randn(c[4]);
            int oh = c[2] + 2 * c[6] - c[5] + 1, ow = c[3] + 2 * c[6] - c[5] + 1;
            Tensor gy = Tensor.randn(c[0], c[4], oh, ow);
            float[][] want = grads(x, w, b, gy, c, false), got = grads(x, w, b, gy, c, true);
            for (int t = 0; t < 3; t++) {
                double scale = 1;
                for (float v : want[t]) scale = Math.max(scale, Math.abs(v));
                for (int i = 0; i < want[t].length; i++) {
                    assertEquals(want[t][i], got[t][i], 1e-5 * scale, java.util.Arrays.toString(c) + " gradient " + t + " at " + i);
                }
            }
        }
    }

    @Test
    void balancedRunsAreReproducibleWhateverThePoolDoes() {
        Tensor.manualSeed(6);
        Conv2dTest.assertWeightGradientSameBitsInline(Tensor.randn(64, 32, 14, 14), Tensor.randn(64, 64, 14, 14), Tensor.randn(64, 32, 3, 3));
        Conv2dTest.assertWeightGradientSameBitsInline(Tensor.randn(13, 5, 9, 11), Tensor.randn(13, 7, 9, 11), Tensor.randn(7, 5, 3, 3));
    }

    private static float[][] grads(Tensor x, Tensor w, Tensor b, Tensor gy, int[] c, boolean balanced) {
        Convolution.balancedRuns = balanced;
        Tensor xl = x.detach().requiresGrad(true), wl = w.detach().requiresGrad(true), bl = b.detach().requiresGrad(true);
        Functional.conv2d(xl, wl, bl, new int[] {1, 1}, new int[] {c[6], c[6]}, new int[] {1, 1}, c[7]).backward(gy);
        return new float[][] {xl.grad().toFloatArray(), wl.grad().toFloatArray(), bl.grad().toFloatArray()};
    }
}
