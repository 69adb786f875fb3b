package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pooling values against direct loops, shapes, module surface and errors. */
class PoolingTest {

    @BeforeEach
    void seed() { Tensor.manualSeed(5); }

    private static final int[][] CASES = { // h, w, kh, kw, sh, sw, ph, pw
            {8, 8, 2, 2, 2, 2, 0, 0}, {9, 7, 2, 2, 2, 2, 0, 0}, {7, 9, 3, 3, 2, 2, 1, 1}, {11, 6, 3, 2, 1, 2, 1, 0},
            {5, 5, 5, 5, 1, 1, 2, 2}, {10, 13, 4, 3, 3, 2, 2, 1}};

    @Test
    void maxAndAvgMatchDirectLoops() {
        for (int[] k : CASES) {
            int n = 2, c = 3;
            Tensor x = Tensor.randn(n, c, k[0], k[1]);
            int[] ohw = new int[2];
            for (String kind : new String[] {"max", "avg", "avgx"}) {
                double[] ref = NaiveConv.pool(kind, x.toDoubleArray(), n * c, k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], ohw);
                for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    int[] kern = {k[2], k[3]}, st = {k[4], k[5]}, pad = {k[6], k[7]};
                    Tensor y = switch (kind) {
                        case "max" -> Functional.maxPool2d(x.to(dt), kern, st, pad);
                        case "avg" -> Functional.avgPool2d(x.to(dt), kern, st, pad, true);
                        default -> Functional.avgPool2d(x.to(dt), kern, st, pad, false);
                    };
                    assertArrayEquals(new int[] {n, c, ohw[0], ohw[1]}, y.shape(), kind);
                    assertArrayEquals(ref, y.toDoubleArray(), dt == DType.FLOAT32 ? 1e-5 : 1e-12, kind + " " + dt + " " + java.util.Arrays.toString(k));
                }
            }
        }
    }

    @Test
    void adaptiveMatchesDirectLoops() {
        int[][] sizes = {{7, 9, 3, 4}, {5, 5, 5, 5}, {10, 3, 4, 2}, {6, 6, 1, 1}, {3, 4, 5, 7}};
        for (int[] s : sizes) {
            Tensor x = Tensor.randn(2, 3, s[0], s[1]);
            double[] ref = NaiveConv.adaptiveAvg(x.toDoubleArray(), 6, s[0], s[1], s[2], s[3]);
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor y = Functional.adaptiveAvgPool2d(x.to(dt), s[2], s[3]);
                assertArrayEquals(new int[] {2, 3, s[2], s[3]}, y.shape());
                assertArrayEquals(ref, y.toDoubleArray(), dt == DType.FLOAT32 ? 1e-5 : 1e-12);
            }
        }
    }

    @Test
    void maxPoolBackwardRoutesToTheWinner() {
        Tensor x = Tensor.of(new float[] {1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 1, 2, 0, 0, 3, 4}, 1, 1, 4, 4).requiresGrad(true);
        Tensor y = new MaxPool2d(2).forward(x);
        assertArrayEquals(new float[] {5, 9, 7, 4}, y.toFloatArray());
        y.sum().backward();
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}, x.grad().toFloatArray());
    }

    /** torch's rules: the first of equal maxima wins, a NaN wins and propagates; 2x2 fast path and general path agree. */
    @Test
    void maxPoolTiesNaNAndInfinity() {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
        float[] v = {3, 3, 1, nan, inf, 2, -0f, 0f,
                     1, 3, 2, 5, inf, 1, 0f, -1};
        for (int[] pad : new int[][] {{0, 0}}) {
            Tensor x = Tensor.of(v, 1, 1, 2, 8).requiresGrad(true);
            Tensor fast = Functional.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, pad);
            assertArrayEquals(new float[] {3, nan, inf, -0f}, fast.toFloatArray());
            fast.sum().backward();
            assertArrayEquals(new float[] {1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, x.grad().toFloatArray());
            Tensor xd = Tensor.of(v, 1, 1, 2, 8).to(DType.FLOAT64).requiresGrad(true);
            Tensor general = Functional.maxPool2d(xd, new int[] {2, 2}, new int[] {2, 2}, pad);
            assertArrayEquals(fast.toDoubleArray(), general.toDoubleArray());
            general.sum().backward();
            assertArrayEquals(new double[] {1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, xd.grad().toDoubleArray());
        }
    }

    @Test
    void modulesAndRepr() {
        MaxPool2d mp = new MaxPool2d(2);
        assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", mp.toString());
        assertArrayEquals(new int[] {2, 2}, mp.kernelSize());
        assertArrayEquals(new int[] {2, 2}, mp.stride());
        assertArrayEquals(new int[] {0, 0}, mp.padding());
        assertArrayEquals(new int[] {4, 6, 14, 14}, mp.forward(Tensor.randn(4, 6, 28, 28)).shape());
        assertArrayEquals(new int[] {6, 14, 14}, mp.forward(Tensor.randn(6, 28, 28)).shape());
        MaxPool2d mp3 = new MaxPool2d(3, 2, 1);
        assertArrayEquals(new int[] {3, 2}, new int[] {mp3.kernelSize()[0], mp3.stride()[0]});
        AvgPool2d ap = new AvgPool2d(3, 2, 1);
        assertEquals("AvgPool2d(kernel_size=3, stride=2, padding=1)", ap.toString());
        assertArrayEquals(new int[] {1, 2, 4, 4}, ap.forward(Tensor.randn(1, 2, 7, 7)).shape());
        assertTrue(ap.countIncludePad());
        AdaptiveAvgPool2d aap = new AdaptiveAvgPool2d(5, 3);
        assertEquals("AdaptiveAvgPool2d(output_size=(5, 3))", aap.toString());
        assertArrayEquals(new int[] {5, 3}, aap.outputSize());
        assertEquals("AdaptiveAvgPool2d(output_size=1)", new AdaptiveAvgPool2d(1).toString());
        assertArrayEquals(new int[] {2, 4, 1, 1}, new AdaptiveAvgPool2d(1).forward(Tensor.randn(2, 4, 7, 5)).shape());
        assertEquals(0, mp.parameters().size());
    }

    @Test
    void errors() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).forward(Tensor.randn(4, 28)));
        assertTrue(e.getMessage().startsWith("MaxPool2d(") && e.getMessage().contains("[4, 28]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.maxPool2d(Tensor.randn(1, 1, 3, 3), 4));
        assertTrue(e.getMessage().contains("larger than the padded input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.avgPool2d(Tensor.randn(1, 1, 8, 8), 2, 2, 2));
        assertTrue(e.getMessage().contains("at most half"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(0));
        assertTrue(e.getMessage().contains(">= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 0));
        assertTrue(e.getMessage().contains("stride"), e.getMessage());
    }
}
