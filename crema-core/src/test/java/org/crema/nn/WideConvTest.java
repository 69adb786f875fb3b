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
 * The wide direct forward (deep layers with small outputs) and the input gradient it computes as a
 * forward convolution, against the FLOAT64 im2col path and a naive loop: to 1e-5 of the reference's
 * scale, with and without bias; the im2col FLOAT32 path as a second opinion; the same bits however the
 * images are spread over the pool.
 */
class WideConvTest {

    @RegisterExtension
    static final VectorKernels KERNELS = VectorKernels.requireDirectConv();

    @BeforeEach
    void seed() {
        Tensor.manualSeed(23);
    }

    /**
     * n, c, h, w, oc, kh, kw, ph, pw: the LeNet and small-CNN second layers, then odd sizes: channel
     * counts that leave a partial block of 8, vectors that span two or three output rows or start past a
     * row's last output, asymmetric kernels and padding, a 1x1 kernel.
     */
    private static final int[][] CASES = {
            {3, 6, 14, 14, 16, 5, 5, 0, 0}, {2, 32, 14, 14, 64, 3, 3, 1, 1}, {2, 3, 9, 11, 9, 3, 3, 1, 0},
            {1, 5, 12, 10, 13, 2, 4, 0, 2}, {3, 4, 13, 13, 8, 3, 3, 1, 1}, {2, 2, 6, 6, 17, 1, 1, 0, 0},
            {1, 3, 16, 15, 10, 3, 3, 1, 1}, {2, 7, 7, 7, 11, 3, 3, 1, 1}, {1, 2, 8, 8, 9, 3, 3, 0, 0}};

    private static double[] forward(Tensor x, Tensor w, Tensor b, int[] pad, DType dt, boolean direct) {
        Convolution.direct = direct;
        try (var g = Tensor.noGrad()) {
            return Functional.conv2d(x.to(dt), w.to(dt), b == null ? null : b.to(dt), new int[] {1, 1}, pad,
                    new int[] {1, 1}, 1).toDoubleArray();
        }
    }

    @Test
    void matchesTheFloat64Reference() {
        for (int[] c : CASES) {
            ConvGeometry g = geometry(c);
            String what = Arrays.toString(c);
            assertTrue(WideConv.applies(g) && !DirectConv.applies(g), what + " should take the wide kernel");
            int[] pad = {c[7], c[8]};
            Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]), w = Tensor.randn(c[4], c[1], c[5], c[6]);
            Tensor b = Tensor.randn(c[4]);
            for (Tensor bias : new Tensor[] {b, null}) {
                String tag = what + (bias == null ? " without bias" : "");
                double[] ref = forward(x, w, bias, pad, DType.FLOAT64, false);
                double[] wide = forward(x, w, bias, pad, DType.FLOAT32, true);
                close(ref, wide, "output " + tag);
                close(ref, forward(x, w, bias, pad, DType.FLOAT32, false), "im2col output " + tag);
                int[] ohw = new int[2];
                double[] naive = NaiveConv.conv2d(x.toDoubleArray(), c[0], c[1], c[2], c[3], w.toDoubleArray(), c[4],
                        c[5], c[6], bias == null ? null : bias.toDoubleArray(), 1, 1, pad[0], pad[1], 1, 1, 1, ohw);
                close(naive, wide, "output against the naive loop " + tag);
            }
        }
    }

    /**
     * The input gradient through the wide kernel (a forward convolution of the output gradient) and the
     * weight and bias gradients beside it, against the FLOAT64 path and the FLOAT32 im2col path: the small
     * CNN's second layer, then asymmetric padding and kernels, partial channel blocks.
     */
    @Test
    void inputGradientMatchesTheFloat64Reference() {
        int[][] cases = {{2, 32, 14, 14, 64, 3, 3, 1, 1}, {2, 8, 9, 11, 5, 3, 3, 1, 0}, {1, 12, 10, 10, 7, 5, 5, 2, 2},
                {3, 9, 7, 8, 4, 2, 3, 0, 1}};
        for (int[] c : cases) {
            ConvGeometry g = geometry(c);
            String what = Arrays.toString(c);
            assertNotNull(WideConv.transposed(g), what + " should take the wide input gradient");
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
    }

    /** Layers the wide kernel leaves to im2col: strided, grouped, large outputs, too few channels. */
    @Test
    void appliesOnlyWhereItPays() {
        assertFalse(WideConv.applies(new ConvGeometry(2, 6, 14, 14, 16, 1, 5, 5, 2, 2, 0, 0, 1, 1, 5, 5)));
        assertFalse(WideConv.applies(new ConvGeometry(2, 6, 14, 14, 16, 2, 5, 5, 1, 1, 0, 0, 1, 1, 10, 10)));
        assertFalse(WideConv.applies(new ConvGeometry(2, 32, 28, 28, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 28, 28)));
        assertFalse(WideConv.applies(new ConvGeometry(2, 6, 14, 14, 4, 1, 5, 5, 1, 1, 0, 0, 1, 1, 10, 10)));
        assertFalse(WideConv.applies(new ConvGeometry(2, 6, 14, 14, 16, 1, 7, 7, 1, 1, 0, 0, 1, 1, 8, 8)));
    }

    /** The same bits with the images spread over the pool and with all of them on one thread (nested call). */
    @Test
    void sameBitsWhateverThePoolDoes() {
        Tensor x = Tensor.randn(9, 32, 14, 14), w = Tensor.randn(64, 32, 3, 3), b = Tensor.randn(64);
        Convolution.direct = true;
        java.util.function.Supplier<double[]> run = () -> {
            try (var g = Tensor.noGrad()) {
                return Functional.conv2d(x, w, b, 1, 1).toDoubleArray();
            }
        };
        double[] spread = run.get();
        double[][] inline = new double[1][];
        Parallel.forRange(2, 1, (s, e) -> {
            if (s == 0) inline[0] = run.get();
        });
        assertArrayEquals(spread, inline[0], 0.0);
        // one image alone: the same bits as in the batch
        double[] one;
        try (var g = Tensor.noGrad()) {
            one = Functional.conv2d(x.narrow(0, 4, 1), w, b, 1, 1).toDoubleArray();
        }
        int per = 64 * 14 * 14;
        assertArrayEquals(Arrays.copyOfRange(spread, 4 * per, 5 * per), one, 0.0);
    }

    /** Gradients through a layer whose forward took the wide kernel match the FLOAT64 reference. */
    @Test
    void backwardUnchanged() {
        Tensor x0 = Tensor.randn(3, 6, 14, 14), w0 = Tensor.randn(16, 6, 5, 5), b0 = Tensor.randn(16);
        Tensor gy = Tensor.randn(3, 16, 10, 10);
        double[][] got = new double[2][];
        DType[] types = {DType.FLOAT64, DType.FLOAT32};
        for (int i = 0; i < 2; i++) {
            Tensor x = x0.detach().to(types[i]).requiresGrad(true), w = w0.detach().to(types[i]).requiresGrad(true);
            Tensor y = Functional.conv2d(x, w, b0.to(types[i]));
            y.backward(gy.to(types[i]));
            got[i] = concat(y.toDoubleArray(), x.grad().toDoubleArray(), w.grad().toDoubleArray());
        }
        close(got[0], got[1], "output and gradients");
    }

    private static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }
}
