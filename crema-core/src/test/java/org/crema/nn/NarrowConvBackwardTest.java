package org.crema.nn;

import static org.crema.nn.ConvChecks.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.backend.Parallel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The direct backward of layers like LeNet's 6->16 5x5: the input gradient of 6 or 7 input channels
 * ({@link WideConvNarrow}) and the weight gradient with one vector of output channels in the lanes
 * ({@link LaneWeightGrad}), against the FLOAT64 im2col path to 1e-5 of the reference's scale, with the
 * FLOAT32 im2col path as a second opinion; the same bits however the images are spread over the pool.
 */
class NarrowConvBackwardTest {

    @RegisterExtension
    static final VectorKernels KERNELS = VectorKernels.requireDirectConv();

    private static final int L = LaneWeightGrad.L;

    @BeforeEach
    void seed() {
        Tensor.manualSeed(31);
    }

    private static void check(int[] c) {
        ConvGeometry g = geometry(c);
        String what = Arrays.toString(c);
        int[] pad = {c[7], c[8]};
        Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]), w = Tensor.randn(c[4], c[1], c[5], c[6]);
        Tensor b = Tensor.randn(c[4]), gy = Tensor.randn(c[0], c[4], g.oh(), g.ow());
        double[][] ref = grads(x, w, b, gy, pad, DType.FLOAT64, false);
        for (boolean direct : new boolean[] {true, false}) {
            double[][] got = grads(x, w, b, gy, pad, DType.FLOAT32, direct);
            String tag = what + (direct ? "" : " im2col");
            close(ref[0], got[0], "input gradient " + tag);
            close(ref[1], got[1], "weight gradient " + tag);
            close(ref[2], got[2], "bias gradient " + tag);
        }
    }

    /**
     * n, c, h, w, oc, kh, kw, ph, pw. LeNet's layer at batch 4, then 7 channels (an overlapping block),
     * outputs of 2 vectors and a partial third, rows that do not divide the vectors, asymmetric kernels,
     * row padding, fewer output channels than a vector, rows wider than a vector (5-wide kernels included).
     */
    @Test
    void inputGradientMatchesTheFloat64Reference() {
        int[][] cases = {{4, 6, 14, 14, 16, 5, 5, 0, 0}, {2, 7, 11, 9, 5, 3, 3, 0, 0}, {3, 6, 6, 7, 3, 4, 2, 1, 0},
                {1, 7, 13, 5, 9, 3, 5, 1, 0}, {2, 6, 9, 9, 17, 2, 2, 0, 0}, {1, 6, 16, 16, 4, 7, 3, 5, 0},
                {2, 6, 5, 21, 5, 3, 5, 1, 0}, {3, 7, 6, 18, 3, 2, 5, 0, 0}};
        for (int[] c : cases) {
            ConvGeometry g = geometry(c);
            assertTrue(WideConvNarrow.appliesInputGrad(g) && WideConv.transposed(g) == null,
                    Arrays.toString(c) + " should take the narrow input gradient");
            check(c);
        }
    }

    /**
     * One vector of output channels: LeNet's layer, padding (copied planes), kernels wider than the rows'
     * remainder, a 1x1 kernel, deep and shallow inputs, one image and several runs.
     */
    @Test
    void weightGradientMatchesTheFloat64Reference() {
        int[][] cases = {{4, 6, 14, 14, L, 5, 5, 0, 0}, {9, 3, 8, 11, L, 3, 3, 1, 2}, {1, 13, 7, 6, L, 2, 4, 0, 1},
                {17, 2, 5, 5, L, 1, 1, 0, 0}, {3, 40, 6, 6, L, 3, 3, 1, 1}, {2, 3, 9, 11, L, 5, 5, 1, 2},
                {2, 19, 6, 8, L, 3, 5, 0, 0}, {3, 4, 8, 12, L, 3, 5, 1, 1}};
        for (int[] c : cases) {
            ConvGeometry g = geometry(c);
            assertTrue(LaneWeightGrad.applies(g) && !DirectWeightGrad.appliesWeightGrad(g) || c[1] * c[5] * c[6] <= 80,
                    Arrays.toString(c));
            check(c);
            // the lane kernel directly, whatever DirectConv would take
            Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]), w = Tensor.randn(c[4], c[1], c[5], c[6]);
            Tensor b = Tensor.randn(c[4]), gy = Tensor.randn(c[0], c[4], g.oh(), g.ow());
            Tensor[] wb = LaneWeightGrad.weightGrad(g, x, w, b, gy, true);
            double[][] ref = grads(x, w, b, gy, new int[] {c[7], c[8]}, DType.FLOAT64, false);
            close(ref[1], wb[0].toDoubleArray(), "lane weight gradient " + Arrays.toString(c));
            close(ref[2], wb[1].toDoubleArray(), "lane bias gradient " + Arrays.toString(c));
        }
    }

    /** The 5-wide kernel and the general one give the same bits (odd kernel rows, a remainder of 3 columns). */
    @Test
    void fiveWideKernelSameBitsAsTheGeneralOne() {
        ConvGeometry g = geometry(new int[] {1, 3, 9, 11, L, 5, 5, 0, 0});
        Tensor x = Tensor.randn(1, 3, 9, 11), gy = Tensor.randn(1, L, g.oh(), g.ow());
        float[] gt = new float[g.p() * L], general = new float[LaneWeightGrad.partTaps(75) * L], five = general.clone();
        LaneWeightGrad.transpose(gy.storageFloats(), 0, g.p(), gt);
        LaneWeightGrad.accumulate(x.storageFloats(), 0, 11, DirectConv.tapOffsets(g, 11, 99), g, gt, general);
        LaneWeightGrad.accumulate5(x.storageFloats(), 0, 11, 99, g, gt, five);
        assertArrayEquals(Arrays.copyOf(general, 75 * L), Arrays.copyOf(five, 75 * L));
    }

    /** The five-pixel kernel (rows of 10 pixels, odd kernel rows) and the general one give the same bits. */
    @Test
    void fivePixelKernelSameBitsAsTheGeneralOne() {
        ConvGeometry g = geometry(new int[] {1, 3, 9, 14, L, 5, 5, 0, 0});
        Tensor x = Tensor.randn(1, 3, 9, 14), gy = Tensor.randn(1, L, g.oh(), g.ow());
        float[] gt = new float[g.p() * L], general = new float[LaneWeightGrad.partTaps(75) * L], five = general.clone();
        LaneWeightGrad.transpose(gy.storageFloats(), 0, g.p(), gt);
        LaneWeightGrad.accumulate(x.storageFloats(), 0, 14, DirectConv.tapOffsets(g, 14, 126), g, gt, general);
        LaneWeightGrad.accumulate5x5(x.storageFloats(), 0, 14, 126, g, gt, five);
        assertArrayEquals(Arrays.copyOf(general, 75 * L), Arrays.copyOf(five, 75 * L));
    }

    /**
     * The per-thread buffers reused across calls, also after another layout used them (7 channels, then
     * LeNet's layer, then the first again): the same bits as with fresh buffers.
     */
    @Test
    void reusedBuffersGiveTheSameBitsAsFreshOnes() {
        int[][] cases = {{2, 7, 11, 9, 5, 3, 3, 0, 0}, {3, 6, 14, 14, L, 5, 5, 0, 0}, {2, 7, 11, 9, 5, 3, 3, 0, 0}};
        try {
            for (int[] c : cases) {
                ConvGeometry g = geometry(c);
                Tensor w = Tensor.randn(c[4], c[1], c[5], c[6]), gy = Tensor.randn(c[0], c[4], g.oh(), g.ow());
                float[][] got = new float[2][];
                for (int v = 0; v < 2; v++) {
                    WideConvNarrow.reuseBuffers = v == 0;
                    got[v] = WideConvNarrow.inputGrad(g, w.storageFloats(), 0, gy.storageFloats(), 0);
                }
                assertArrayEquals(got[1], got[0], Arrays.toString(c));
                WideConvNarrow.reuseBuffers = true;
                // a second call on the reused buffers
                assertArrayEquals(got[1], WideConvNarrow.inputGrad(g, w.storageFloats(), 0, gy.storageFloats(), 0), Arrays.toString(c));
            }
        } finally {
            WideConvNarrow.reuseBuffers = true;
        }
    }

    /** Layers left to the other routes: padded columns, strided, grouped, too many or too few channels. */
    @Test
    void appliesOnlyWhereItShould() {
        assertFalse(WideConvNarrow.appliesInputGrad(geometry(new int[] {2, 6, 14, 14, 16, 5, 5, 0, 1})));
        assertFalse(WideConvNarrow.appliesInputGrad(geometry(new int[] {2, 6, 14, 14, 16, 5, 5, 4, 0})));
        assertFalse(WideConvNarrow.appliesInputGrad(geometry(new int[] {2, 8, 14, 14, 16, 5, 5, 0, 0})));
        assertFalse(WideConvNarrow.appliesInputGrad(geometry(new int[] {2, 5, 14, 14, 16, 5, 5, 0, 0})));
        assertFalse(WideConvNarrow.appliesInputGrad(geometry(new int[] {2, 6, 28, 28, 16, 5, 5, 0, 0})));
        assertFalse(WideConvNarrow.appliesInputGrad(new ConvGeometry(2, 6, 14, 14, 16, 1, 5, 5, 2, 2, 0, 0, 1, 1, 5, 5)));
        assertFalse(LaneWeightGrad.applies(geometry(new int[] {2, 6, 14, 14, L + 1, 5, 5, 0, 0})));
        assertFalse(LaneWeightGrad.applies(geometry(new int[] {2, 6, 40, 40, L, 5, 5, 0, 0})));
        assertFalse(LaneWeightGrad.applies(new ConvGeometry(2, 6, 14, 14, L, 2, 5, 5, 1, 1, 0, 0, 1, 1, 10, 10)));
    }

    /** LeNet's layer on 9 images: the same bits spread over the pool, all on one thread, and per image alone. */
    @Test
    void sameBitsWhateverThePoolDoes() {
        Tensor x = Tensor.randn(9, 6, 14, 14), w = Tensor.randn(L, 6, 5, 5), b = Tensor.randn(L);
        Tensor gy = Tensor.randn(9, L, 10, 10);
        ConvGeometry g = geometry(new int[] {9, 6, 14, 14, L, 5, 5, 0, 0});
        java.util.function.Supplier<double[][]> run = () -> {
            Tensor[] wb = LaneWeightGrad.weightGrad(g, x, w, b, gy, true);
            float[] gx = WideConvNarrow.inputGrad(g, w.storageFloats(), w.storageOffset(), gy.storageFloats(), gy.storageOffset());
            return new double[][] {toDouble(gx), wb[0].toDoubleArray(), wb[1].toDoubleArray()};
        };
        double[][] spread = run.get();
        double[][][] inline = new double[1][][];
        Parallel.forRange(2, 1, (s, e) -> {
            if (s == 0) inline[0] = run.get();
        });
        for (int i = 0; i < 3; i++) assertArrayEquals(spread[i], inline[0][i], 0.0);
        // the input gradient of one image alone: the same bits as in the batch
        ConvGeometry one = geometry(new int[] {1, 6, 14, 14, L, 5, 5, 0, 0});
        int per = 6 * 14 * 14;
        double[] alone = toDouble(WideConvNarrow.inputGrad(one, w.storageFloats(), w.storageOffset(), gy.storageFloats(),
                gy.storageOffset() + 4 * L * 100));
        assertArrayEquals(Arrays.copyOfRange(spread[0], 4 * per, 5 * per), alone, 0.0);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
