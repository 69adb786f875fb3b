package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.stream.Stream;
import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** conv2d values against a direct-loop reference on odd sizes, output shapes, the module's surface and errors. */
class Conv2dTest {

    @BeforeEach
    void seed() { Tensor.manualSeed(11); }

    /** n, c, h, w, oc, kh, kw, sh, sw, ph, pw, dh, dw, groups, bias */
    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(new int[] {2, 3, 7, 9, 4, 3, 3, 1, 1, 0, 0, 1, 1, 1, 1}),
                Arguments.of(new int[] {3, 1, 11, 13, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}),
                Arguments.of(new int[] {2, 3, 9, 8, 6, 5, 5, 2, 2, 2, 2, 1, 1, 1, 0}),
                Arguments.of(new int[] {1, 4, 10, 7, 6, 2, 3, 2, 1, 1, 0, 1, 1, 2, 1}),
                Arguments.of(new int[] {2, 6, 9, 9, 6, 3, 3, 1, 1, 2, 2, 2, 2, 6, 1}),
                Arguments.of(new int[] {5, 2, 5, 6, 3, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1}),
                Arguments.of(new int[] {2, 3, 7, 5, 2, 1, 3, 3, 2, 0, 1, 1, 2, 1, 0}),
                Arguments.of(new int[] {3, 3, 6, 6, 4, 6, 6, 1, 1, 0, 0, 1, 1, 1, 1}));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void matchesDirectConvolution(int[] a) {
        int n = a[0], c = a[1], h = a[2], w = a[3], oc = a[4], kh = a[5], kw = a[6], groups = a[13];
        int[] stride = {a[7], a[8]}, pad = {a[9], a[10]}, dil = {a[11], a[12]};
        Tensor x = Tensor.randn(n, c, h, w), wt = Tensor.randn(oc, c / groups, kh, kw), b = a[14] == 1 ? Tensor.randn(oc) : null;
        int[] ohw = new int[2];
        double[] ref = NaiveConv.conv2d(x.toDoubleArray(), n, c, h, w, wt.toDoubleArray(), oc, kh, kw,
                b == null ? null : b.toDoubleArray(), stride[0], stride[1], pad[0], pad[1], dil[0], dil[1], groups, ohw);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor y = Functional.conv2d(x.to(dt), wt.to(dt), b == null ? null : b.to(dt), stride, pad, dil, groups);
            assertArrayEquals(new int[] {n, oc, ohw[0], ohw[1]}, y.shape());
            assertEquals(dt, y.dtype());
            assertArrayEquals(ref, y.toDoubleArray(), dt == DType.FLOAT32 ? 1e-4 : 1e-12, dt.toString());
        }
    }

    @Test
    void nonContiguousInputAndUnbatched() {
        Tensor x = Tensor.randn(3, 2, 7, 6), wt = Tensor.randn(4, 2, 3, 3), b = Tensor.randn(4);
        Tensor xt = x.transpose(2, 3); // [3, 2, 6, 7], strided
        Tensor y = Functional.conv2d(xt, wt, b, 1, 1);
        Tensor y2 = Functional.conv2d(xt.contiguous(), wt, b, 1, 1);
        assertTrue(y.allClose(y2, 0, 0));
        Tensor single = Functional.conv2d(x.select(0, 1), wt, b, 1, 1);
        assertArrayEquals(new int[] {4, 7, 6}, single.shape());
        assertTrue(single.allClose(Functional.conv2d(x, wt, b, 1, 1).select(0, 1), 1e-6, 1e-6));
    }

    /** Large enough that backward splits the batch into several chunks with partial weight gradients. */
    @Test
    void chunkedBackwardEqualsPerImageBackward() {
        int n = 40;
        Tensor x = Tensor.randn(n, 8, 30, 30).requiresGrad(true);
        Tensor wt = Tensor.randn(16, 8, 5, 5).requiresGrad(true), b = Tensor.randn(16).requiresGrad(true);
        Tensor gy = Tensor.randn(n, 16, 28, 28);
        Functional.conv2d(x, wt, b, 1, 1).backward(gy);
        double[] dw = new double[16 * 8 * 25], db = new double[16];
        for (int i = 0; i < n; i++) {
            Tensor xi = x.detach().narrow(0, i, 1).contiguous().requiresGrad(true);
            Tensor wi = wt.detach().requiresGrad(true), bi = b.detach().requiresGrad(true);
            Functional.conv2d(xi, wi, bi, 1, 1).backward(gy.narrow(0, i, 1).contiguous());
            double[] g = wi.grad().toDoubleArray();
            for (int j = 0; j < dw.length; j++) dw[j] += g[j];
            double[] gb = bi.grad().toDoubleArray();
            for (int j = 0; j < 16; j++) db[j] += gb[j];
            assertArrayEquals(xi.grad().toDoubleArray(), x.grad().narrow(0, i, 1).toDoubleArray(), 1e-4);
        }
        assertArrayEquals(dw, wt.grad().toDoubleArray(), 1e-2);
        assertArrayEquals(db, b.grad().toDoubleArray(), 1e-2);
    }

    /** The same gradients, bit for bit, whether the pool spreads the work or runs it inline (nested call). */
    @Test
    void backwardIsReproducibleWhateverThePoolDoes() {
        Tensor x = Tensor.randn(16, 4, 12, 12), gy = Tensor.randn(16, 8, 12, 12);
        assertWeightGradientSameBitsInline(x, gy, Tensor.randn(8, 4, 3, 3));
    }

    /**
     * The weight gradient of a 3x3, padding-1 convolution computed with the pool free, and again from
     * inside a pool task (where nested calls run inline), must be the same bits.
     */
    static void assertWeightGradientSameBitsInline(Tensor x, Tensor gy, Tensor w) {
        java.util.function.Supplier<double[]> grad = () -> {
            Tensor wl = w.detach().requiresGrad(true);
            Functional.conv2d(x, wl, null, 1, 1).backward(gy);
            return wl.grad().toDoubleArray();
        };
        double[] spread = grad.get();
        double[][] inline = new double[1][];
        org.crema.backend.Parallel.forRange(2, 1, (s, e) -> {
            if (s == 0) inline[0] = grad.get();
        });
        assertArrayEquals(spread, inline[0], 0.0);
    }

    @Test
    void moduleShapesAccessorsAndRepr() {
        Conv2d c1 = new Conv2d(3, 6, 5);
        assertArrayEquals(new int[] {6, 3, 5, 5}, c1.weight().shape());
        assertArrayEquals(new int[] {6}, c1.bias().shape());
        assertArrayEquals(new int[] {4, 6, 28, 28}, c1.forward(Tensor.randn(4, 3, 32, 32)).shape());
        assertEquals("Conv2d(3, 6, kernel_size=(5, 5), stride=(1, 1))", c1.toString());
        Conv2d c2 = new Conv2d(4, 8, new int[] {3, 1}, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, 2, false);
        assertEquals("Conv2d(4, 8, kernel_size=(3, 1), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2, bias=False)",
                c2.toString());
        assertEquals(4, c2.inChannels());
        assertEquals(8, c2.outChannels());
        assertArrayEquals(new int[] {3, 1}, c2.kernelSize());
        assertArrayEquals(new int[] {2, 1}, c2.stride());
        assertArrayEquals(new int[] {1, 0}, c2.padding());
        assertArrayEquals(new int[] {1, 2}, c2.dilation());
        assertEquals(2, c2.groups());
        assertFalse(c2.hasBias());
        assertNull(c2.bias());
        assertArrayEquals(new int[] {8, 2, 3, 1}, c2.weight().shape());
        assertEquals(1, c2.parameters().size());
        assertArrayEquals(new int[] {2, 8, 5, 9}, c2.forward(Tensor.randn(2, 4, 9, 9)).shape());
        assertEquals(java.util.List.of("weight", "bias"), java.util.List.copyOf(c1.stateDict().keySet()));
    }

    @Test
    void readmeLeNetRunsForwardAndBackward() {
        org.crema.nn.Module lenet = new Sequential(
                new Conv2d(3, 6, 5), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10));
        Tensor logits = lenet.forward(Tensor.randn(4, 3, 32, 32));
        assertArrayEquals(new int[] {4, 10}, logits.shape());
        Functional.crossEntropy(logits, Tensor.of(new long[] {1, 2, 3, 4})).backward();
        assertTrue(lenet.namedParameters().containsKey("3.weight"));
        for (Tensor p : lenet.parameters()) assertNotNull(p.grad());
    }

    @Test
    void defaultInitWithinTorchBounds() {
        Conv2d c = new Conv2d(6, 16, 5);
        double bound = 1 / Math.sqrt(6 * 25);
        double[] w = c.weight().toDoubleArray();
        double max = 0;
        for (double v : w) max = Math.max(max, Math.abs(v));
        assertTrue(max <= bound && max > 0.9 * bound, "max |w| " + max + " vs bound " + bound);
        for (double v : c.bias().toDoubleArray()) assertTrue(Math.abs(v) <= bound);
        assertTrue(c.weight().requiresGrad() && c.weight().isLeaf());
    }

    @Test
    void float64Module() {
        Conv2d c = new Conv2d(2, 3, 3, 1, 1);
        c.to(DType.FLOAT64);
        Tensor y = c.forward(Tensor.randn(2, 2, 5, 5).to(DType.FLOAT64));
        assertEquals(DType.FLOAT64, y.dtype());
    }

    @Test
    void errorsNameTheLayerAndShapes() {
        Conv2d c = new Conv2d(3, 6, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.randn(4, 1, 28, 28)));
        assertEquals("Conv2d(3, 6, kernel_size=(5, 5)): expected input [N, 3, H, W], got [4, 1, 28, 28]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.randn(4, 3, 4, 28)));
        assertTrue(e.getMessage().contains("larger than the padded input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.randn(28, 28)));
        assertTrue(e.getMessage().contains("got [28, 28]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.randn(1, 3, 8, 8).to(DType.FLOAT64)));
        assertTrue(e.getMessage().contains("FLOAT64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 6, 3, 1, 1, 1, 2, true));
        assertTrue(e.getMessage().contains("groups 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 6, 3, 0, 1));
        assertTrue(e.getMessage().contains("stride"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Functional.conv2d(Tensor.randn(1, 4, 5, 5), Tensor.randn(6, 3, 3, 3), null));
        assertTrue(e.getMessage().contains("expected input [N, 3, H, W]") && e.getMessage().contains("[1, 4, 5, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Functional.conv2d(Tensor.randn(1, 3, 5, 5), Tensor.randn(6, 3, 3, 3), Tensor.randn(5)));
        assertTrue(e.getMessage().contains("bias must have shape [6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Functional.conv2d(Tensor.randn(1, 3, 5, 5), Tensor.randn(6, 3, 3), null));
        assertTrue(e.getMessage().contains("weight must be 4-D"), e.getMessage());
    }
}
