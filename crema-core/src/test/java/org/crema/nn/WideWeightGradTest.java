package org.crema.nn;

import static org.crema.nn.ConvChecks.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.backend.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The direct weight and bias gradients of deep layers with small outputs ({@link WideWeightGrad}) against
 * the FLOAT64 im2col path, to 1e-5 of the reference's scale: the small CNN's 32->64 layer through conv2d's
 * backward, then the kernel alone on odd sizes (channel and tap counts that leave overlapping last blocks,
 * rows wider than a vector, asymmetric kernels and padding, a 1x1 kernel, runs of unequal length); the
 * same bits however the pool hands out the runs.
 */
class WideWeightGradTest {

    @RegisterExtension
    static final VectorKernels KERNELS = VectorKernels.requireDirectConv();

    @BeforeEach
    void seed() {
        Tensor.manualSeed(29);
    }

    @AfterEach
    void restore() {
        WideWeightGrad.runFloats = 3 << 17;
        WideWeightGrad.enabled = true;
    }

    /** {input gradient or null, weight gradient, bias gradient} of conv2d's backward in dt. */
    @Test
    void smallCnnLayerMatchesTheFloat64Reference() {
        int[] c = {5, 32, 14, 14, 64, 3, 3, 1, 1};
        ConvGeometry g = geometry(c);
        assertTrue(WideWeightGrad.applies(g) && !DirectWeightGrad.appliesWeightGrad(g), "the 32->64 layer takes the wide weight gradient");
        Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]), w = Tensor.randn(c[4], c[1], c[5], c[6]);
        Tensor b = Tensor.randn(c[4]), gy = Tensor.randn(c[0], c[4], g.oh(), g.ow());
        int[] pad = {1, 1};
        for (boolean inputGrad : new boolean[] {true, false}) {
            double[][] ref = grads(x, w, b, gy, pad, DType.FLOAT64, false, inputGrad);
            double[][] got = grads(x, w, b, gy, pad, DType.FLOAT32, true, inputGrad);
            String tag = inputGrad ? "" : " (no input gradient)";
            if (inputGrad) close(ref[0], got[0], "input gradient" + tag);
            close(ref[1], got[1], "weight gradient" + tag);
            close(ref[2], got[2], "bias gradient" + tag);
        }
    }

    /**
     * n, c, h, w, oc, kh, kw, ph, pw, images per run: the CNN layer in runs of 2, 2 and 1; 7 channels and 27
     * taps (overlapping last blocks); an asymmetric kernel and padding; rows of 20 and of 16 (whole vectors
     * only, masked tails only); a 1x1 kernel of exactly one tap block; tiny 5x5 images.
     */
    private static final int[][] CASES = {
            {5, 32, 14, 14, 64, 3, 3, 1, 1, 2}, {2, 3, 9, 11, 7, 3, 3, 1, 0, 8}, {3, 5, 12, 10, 13, 2, 4, 0, 2, 2},
            {2, 4, 20, 20, 5, 3, 3, 1, 1, 1}, {2, 2, 18, 18, 4, 3, 3, 0, 0, 8}, {1, 2, 16, 16, 4, 3, 3, 1, 1, 8},
            {5, 6, 7, 7, 9, 1, 1, 0, 0, 3}, {4, 8, 5, 5, 6, 3, 3, 1, 1, 3}};

    @Test
    void kernelMatchesTheFloat64ReferenceOnOddSizes() {
        for (int[] c : CASES) {
            ConvGeometry g = geometry(c);
            String what = Arrays.toString(c);
            Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]), w = Tensor.randn(c[4], c[1], c[5], c[6]);
            Tensor b = Tensor.randn(c[4]), gy = Tensor.randn(c[0], c[4], g.oh(), g.ow());
            double[][] ref = grads(x, w, b, gy, new int[] {c[7], c[8]}, DType.FLOAT64, false, false);
            WideWeightGrad.runFloats = c[9] * (WideConv.bufferSize(g) + c[4] * WideConv.vectors(g) * WideConv.L);
            for (boolean needB : new boolean[] {true, false}) {
                float[][] got = WideWeightGrad.weightGrad(g, x.storageFloats(), x.storageOffset(), gy.storageFloats(),
                        gy.storageOffset(), needB);
                close(ref[1], toDouble(got[0]), "weight gradient " + what);
                if (needB) close(ref[2], toDouble(got[1]), "bias gradient " + what);
                else assertNull(got[1], what);
            }
        }
    }

    /**
     * The per-thread buffers reused across calls, after other layouts and run lengths used them (every case
     * twice over, the CNN layer in runs of 2 and of 16): the same bits as with fresh buffers.
     */
    @Test
    void reusedBuffersGiveTheSameBitsAsFreshOnes() {
        try {
            for (int round = 0; round < 2; round++) {
                for (int[] c : CASES) {
                    ConvGeometry g = geometry(c);
                    Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]), gy = Tensor.randn(c[0], c[4], g.oh(), g.ow());
                    WideWeightGrad.runFloats = (round == 0 ? c[9] : 16) * (WideConv.bufferSize(g) + c[4] * WideConv.vectors(g) * WideConv.L);
                    float[][][] got = new float[2][][];
                    for (int v = 0; v < 2; v++) {
                        WideWeightGrad.reuseBuffers = v == 0;
                        got[v] = WideWeightGrad.weightGrad(g, x.storageFloats(), 0, gy.storageFloats(), 0, true);
                    }
                    assertArrayEquals(got[1][0], got[0][0], Arrays.toString(c));
                    assertArrayEquals(got[1][1], got[0][1], Arrays.toString(c));
                }
            }
        } finally {
            WideWeightGrad.reuseBuffers = true;
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** The same bits with the runs spread over the pool and all of them on one thread (a nested call). */
    @Test
    void sameBitsWhateverThePoolDoes() {
        Tensor x = Tensor.randn(19, 32, 14, 14), gy = Tensor.randn(19, 64, 14, 14);
        Conv2dTest.assertWeightGradientSameBitsInline(x, gy, Tensor.randn(64, 32, 3, 3));
    }

    /** Strided and grouped layers, too few channels or taps, LeNet's 10x10 outputs (100 of 144 wide lanes). */
    @Test
    void appliesOnlyWhereItPays() {
        assertFalse(WideWeightGrad.applies(new ConvGeometry(2, 32, 14, 14, 64, 1, 3, 3, 2, 2, 1, 1, 1, 1, 7, 7)));
        assertFalse(WideWeightGrad.applies(new ConvGeometry(2, 32, 14, 14, 64, 2, 3, 3, 1, 1, 1, 1, 1, 1, 14, 14)));
        assertFalse(WideWeightGrad.applies(new ConvGeometry(2, 32, 14, 14, 3, 1, 3, 3, 1, 1, 1, 1, 1, 1, 14, 14)));
        assertFalse(WideWeightGrad.applies(new ConvGeometry(2, 5, 14, 14, 8, 1, 1, 1, 1, 1, 0, 0, 1, 1, 14, 14)));
        assertFalse(WideWeightGrad.applies(new ConvGeometry(2, 32, 64, 64, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 64, 64)));
        if (WideConv.L == 16) {
            assertFalse(WideWeightGrad.applies(new ConvGeometry(2, 6, 14, 14, 16, 1, 5, 5, 1, 1, 0, 0, 1, 1, 10, 10)));
        }
    }
}
