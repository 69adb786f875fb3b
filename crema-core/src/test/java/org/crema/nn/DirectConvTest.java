package org.crema.nn;

import static org.crema.nn.ConvChecks.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The direct FLOAT32 convolution (few-tap layers) against the FLOAT64 im2col path: output, weight, bias and
 * input gradients to 1e-5 of the reference's scale; the im2col FLOAT32 path as a second opinion.
 */
class DirectConvTest {

    @RegisterExtension
    static final VectorKernels KERNELS = VectorKernels.requireDirectConv();

    @BeforeEach
    void seed() {
        Tensor.manualSeed(17);
    }

    /** n, c, h, w, oc, kh, kw, ph, pw: the benchmark first layers and odd sizes (ow >= 16: the forward's kernel applies too). */
    private static final int[][] CASES = {
            {3, 1, 28, 28, 32, 3, 3, 1, 1}, {2, 3, 32, 32, 6, 5, 5, 0, 0}, {2, 2, 17, 19, 5, 3, 2, 1, 0},
            {1, 3, 20, 33, 7, 4, 4, 2, 1}, {5, 1, 16, 16, 3, 1, 1, 0, 0}, {3, 2, 9, 16, 9, 3, 1, 1, 0},
            {2, 1, 5, 47, 1, 2, 3, 0, 2}, {9, 3, 18, 18, 4, 3, 3, 1, 1},
            // outputs narrower than a vector: the weight gradient only (7x7, 5x5 with padding, 4x13)
            {3, 2, 9, 9, 5, 3, 3, 0, 0}, {2, 3, 5, 5, 6, 3, 3, 1, 1}, {2, 1, 6, 15, 3, 3, 3, 0, 0},
            // one channel, 3x3 (DirectConv.forward3x3): odd rows and channels, one, three and four vectors a row
            {2, 1, 17, 40, 5, 3, 3, 0, 0}, {3, 1, 21, 16, 7, 3, 3, 1, 1}, {1, 1, 4, 66, 3, 3, 3, 0, 1},
            {2, 1, 9, 18, 1, 3, 3, 0, 0}};

    private record Grads(double[] y, double[] gx, double[] gw, double[] gb) {}

    private static Grads run(Tensor x0, Tensor w0, Tensor b0, Tensor gy, int[] pad, DType dt, boolean direct) {
        Convolution.direct = direct;
        Tensor x = x0.detach().to(dt).requiresGrad(true), w = w0.detach().to(dt).requiresGrad(true);
        Tensor b = b0.detach().to(dt).requiresGrad(true);
        Tensor y = Functional.conv2d(x, w, b, new int[] {1, 1}, pad, new int[] {1, 1}, 1);
        y.backward(gy.to(dt));
        return new Grads(y.toDoubleArray(), x.grad().toDoubleArray(), w.grad().toDoubleArray(), b.grad().toDoubleArray());
    }

    @Test
    void matchesTheFloat64Reference() {
        for (int[] c : CASES) {
            int n = c[0], ch = c[1], h = c[2], w = c[3], oc = c[4], kh = c[5], kw = c[6];
            int[] pad = {c[7], c[8]};
            ConvGeometry g = new ConvGeometry(n, ch, h, w, oc, 1, kh, kw, 1, 1, pad[0], pad[1], 1, 1,
                    h + 2 * pad[0] - kh + 1, w + 2 * pad[1] - kw + 1);
            assertTrue(DirectWeightGrad.appliesWeightGrad(g), Arrays.toString(c));
            Tensor x = Tensor.randn(n, ch, h, w), wt = Tensor.randn(oc, ch, kh, kw), b = Tensor.randn(oc);
            Tensor gy = Tensor.randn(n, oc, g.oh(), g.ow());
            Grads ref = run(x, wt, b, gy, pad, DType.FLOAT64, false);
            Grads direct = run(x, wt, b, gy, pad, DType.FLOAT32, true);
            Grads im2col = run(x, wt, b, gy, pad, DType.FLOAT32, false);
            String what = Arrays.toString(c);
            int[] ohw = new int[2];
            double[] naive = NaiveConv.conv2d(x.toDoubleArray(), n, ch, h, w, wt.toDoubleArray(), oc, kh, kw,
                    b.toDoubleArray(), 1, 1, pad[0], pad[1], 1, 1, 1, ohw);
            close(naive, direct.y(), "output " + what);
            for (Grads got : new Grads[] {direct, im2col}) {
                close(ref.y(), got.y(), "output " + what);
                close(ref.gx(), got.gx(), "input gradient " + what);
                close(ref.gw(), got.gw(), "weight gradient " + what);
                close(ref.gb(), got.gb(), "bias gradient " + what);
            }
        }
    }

    @Test
    void withoutBiasAndWithoutInputGradient() {
        Tensor x = Tensor.randn(4, 3, 21, 20), wt = Tensor.randn(5, 3, 3, 3), gy = Tensor.randn(4, 5, 19, 18);
        Tensor w = wt.detach().requiresGrad(true);
        Tensor y = Functional.conv2d(x, w, null);
        y.backward(gy);
        Tensor wd = wt.to(DType.FLOAT64).requiresGrad(true);
        Tensor yd = Functional.conv2d(x.to(DType.FLOAT64), wd, null);
        yd.backward(gy.to(DType.FLOAT64));
        close(yd.toDoubleArray(), y.toDoubleArray(), "output");
        close(wd.grad().toDoubleArray(), w.grad().toDoubleArray(), "weight gradient");
        assertNull(x.grad());
    }

    /** The one-channel 3x3 kernel gives the general kernel's bits (bias, then the taps in order, by fma). */
    @Test
    void threeByThreeKernelSameBitsAsTheGeneralOne() {
        int[][] shapes = {{4, 1, 28, 28, 32, 1}, {2, 1, 17, 40, 5, 0}, {3, 1, 21, 16, 7, 1}, {1, 1, 4, 66, 3, 0}};
        for (int[] c : shapes) {
            Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]), wt = Tensor.randn(c[4], 1, 3, 3), b = Tensor.randn(c[4]);
            float[][] got = new float[4][];
            for (int i = 0; i < 2; i++) {
                DirectConv.kernel3x3 = i == 0;
                try {
                    got[i] = Functional.conv2d(x, wt, b, 1, c[5]).storageFloats();
                    got[2 + i] = Functional.conv2d(x, wt, null, 1, c[5]).storageFloats();
                } finally {
                    DirectConv.kernel3x3 = true;
                }
            }
            assertArrayEquals(got[3], got[2], "no bias " + Arrays.toString(c));
            assertArrayEquals(got[1], got[0], Arrays.toString(c));
        }
    }

    /** The six-channel forward blocks give the bits of the four-channel ones (bias, then the taps in order). */
    @Test
    void sixChannelForwardSameBitsAsTheGeneralOne() {
        // n, c, h, w, oc, kh, kw, pad: LeNet's first layer and odd shapes (5, 6, 17 and 29 channels)
        int[][] shapes = {{4, 3, 32, 32, 6, 5, 5, 0}, {2, 2, 17, 19, 5, 3, 2, 1}, {3, 3, 20, 40, 17, 3, 3, 1},
                {2, 1, 9, 16, 29, 1, 1, 0}, {2, 2, 10, 21, 6, 2, 3, 0}};
        for (int[] c : shapes) {
            Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]), wt = Tensor.randn(c[4], c[1], c[5], c[6]), b = Tensor.randn(c[4]);
            ConvGeometry g = new ConvGeometry(c[0], c[1], c[2], c[3], c[4], 1, c[5], c[6], 1, 1, c[7], c[7], 1, 1,
                    c[2] + 2 * c[7] - c[5] + 1, c[3] + 2 * c[7] - c[6] + 1);
            assertTrue(DirectConv.sixChannels(g) && DirectConv.applies(g), Arrays.toString(c));
            float[][] got = new float[4][];
            for (int i = 0; i < 2; i++) {
                DirectConv.blocks6 = i == 0;
                try {
                    got[i] = Functional.conv2d(x, wt, b, 1, c[7]).storageFloats();
                    got[2 + i] = Functional.conv2d(x, wt, null, 1, c[7]).storageFloats();
                } finally {
                    DirectConv.blocks6 = true;
                }
            }
            assertArrayEquals(got[1], got[0], Arrays.toString(c));
            assertArrayEquals(got[3], got[2], "no bias " + Arrays.toString(c));
        }
    }

    /** Blocks of 3 channels x 4 taps give the bits of blocks of 4 x 3 (the same terms in the same order per sum). */
    @Test
    void weightGradientBlockingsGiveTheSameBits() {
        // n, c, h, w, oc, kh, kw, pad: LeNet's first layer and odd shapes for which 3 x 4 pads less
        int[][] shapes = {{4, 3, 32, 32, 6, 5, 5, 0}, {2, 2, 17, 19, 5, 3, 2, 1}, {3, 3, 20, 20, 6, 3, 3, 1}, {2, 1, 7, 9, 3, 3, 4, 0}};
        for (int[] c : shapes) {
            Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]), wt = Tensor.randn(c[4], c[1], c[5], c[6]), b = Tensor.randn(c[4]);
            ConvGeometry g = new ConvGeometry(c[0], c[1], c[2], c[3], c[4], 1, c[5], c[6], 1, 1, c[7], c[7], 1, 1,
                    c[2] + 2 * c[7] - c[5] + 1, c[3] + 2 * c[7] - c[6] + 1);
            assertTrue(DirectWeightGrad.threeByFour(g), Arrays.toString(c));
            Tensor gy = Tensor.randn(c[0], c[4], g.oh(), g.ow());
            float[][] got = new float[4][];
            for (int i = 0; i < 2; i++) {
                DirectWeightGrad.blocks3x4 = i == 0;
                try {
                    Tensor w = wt.detach().requiresGrad(true), bb = b.detach().requiresGrad(true);
                    Functional.conv2d(x, w, bb, 1, c[7]).backward(gy);
                    got[i] = w.grad().contiguous().storageFloats();
                    got[2 + i] = bb.grad().contiguous().storageFloats();
                } finally {
                    DirectWeightGrad.blocks3x4 = true;
                }
            }
            assertArrayEquals(got[1], got[0], "weight gradient " + Arrays.toString(c));
            assertArrayEquals(got[3], got[2], "bias gradient " + Arrays.toString(c));
        }
    }

    /**
     * A thread's reused weight-gradient buffers give the bits of fresh ones, also when geometries of the same
     * buffer length but other zero borders (padded 28x28 and unpadded 30x30, both 1 x 3 x 30 x 28) alternate.
     */
    @Test
    void reusedBuffersGiveTheBitsOfFreshOnes() {
        // n, c, h, w, oc, k, pad
        int[][] shapes = {{3, 1, 28, 28, 5, 3, 1}, {3, 1, 30, 30, 5, 3, 0}, {3, 1, 28, 28, 5, 3, 1}, {2, 3, 32, 32, 6, 5, 0},
                {3, 1, 30, 30, 5, 3, 0}};
        Tensor[][] data = new Tensor[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            int[] c = shapes[i];
            Tensor.manualSeed(5 + i % 2);
            int o = c[2] + 2 * c[6] - c[5] + 1;
            data[i] = new Tensor[] {Tensor.randn(c[0], c[1], c[2], c[3]).mul(100), Tensor.randn(c[4], c[1], c[5], c[5]),
                    Tensor.randn(c[4]), Tensor.randn(c[0], c[4], o, o)};
        }
        float[][][] got = new float[2][shapes.length * 2][];
        for (int reuse = 0; reuse < 2; reuse++) {
            DirectWeightGrad.reuseBuffers = reuse == 1;
            try {
                for (int i = 0; i < shapes.length; i++) {
                    Tensor w = data[i][1].detach().requiresGrad(true), b = data[i][2].detach().requiresGrad(true);
                    Functional.conv2d(data[i][0], w, b, 1, shapes[i][6]).backward(data[i][3]);
                    got[reuse][2 * i] = w.grad().contiguous().storageFloats();
                    got[reuse][2 * i + 1] = b.grad().contiguous().storageFloats();
                }
            } finally {
                DirectWeightGrad.reuseBuffers = true;
            }
        }
        for (int i = 0; i < 2 * shapes.length; i++) assertArrayEquals(got[0][i], got[1][i], "case " + i / 2);
    }

    /** The shifted layout's rows copied as whole vectors equal System.arraycopy's, borders included. */
    @Test
    void vectorRowCopiesGiveTheSameLayout() {
        for (int[] c : CASES) {
            ConvGeometry g = geometry(c);
            float[] x = Tensor.randn(c[0], c[1], c[2], c[3]).storageFloats();
            float[][] got = new float[2][];
            for (int v = 0; v < 2; v++) {
                DirectWeightGrad.vectorRows = v == 1;
                try {
                    got[v] = new float[DirectWeightGrad.shiftedLength(g)];
                    DirectWeightGrad.shifted(x, (c[0] - 1) * c[1] * c[2] * c[3], g, got[v]);
                } finally {
                    DirectWeightGrad.vectorRows = true;
                }
            }
            assertArrayEquals(got[0], got[1], Arrays.toString(c));
        }
    }

    /** The same bits whether the pool spreads the runs or one thread does them all (nested call). */
    @Test
    void reproducibleWhateverThePoolDoes() {
        Tensor x = Tensor.randn(16, 1, 28, 28), gy = Tensor.randn(16, 8, 28, 28);
        Conv2dTest.assertWeightGradientSameBitsInline(x, gy, Tensor.randn(8, 1, 3, 3));
    }
}
