package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LinearTest {
    @BeforeEach
    void seed() { Tensor.manualSeed(11); }

    /** y[r][o] = sum_i x[r][i] w[o][i] + b[o], computed naively. */
    private static double[] naive(double[] x, double[] w, double[] b, int rows, int in, int out) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) s += x[r * in + i] * w[o * in + i];
                y[r * out + o] = s;
            }
        }
        return y;
    }

    @Test
    void forwardMatchesNaiveOnOddSizes() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.randn(7, 13).to(dt), w = Tensor.randn(5, 13).to(dt), b = Tensor.randn(5).to(dt);
            double[] want = naive(x.toDoubleArray(), w.toDoubleArray(), b.toDoubleArray(), 7, 13, 5);
            assertArrayEquals(want, Functional.linear(x, w, b).toDoubleArray(), 1e-5);
            double[] noBias = naive(x.toDoubleArray(), w.toDoubleArray(), null, 7, 13, 5);
            assertArrayEquals(noBias, Functional.linear(x, w).toDoubleArray(), 1e-5);
            assertEquals(dt, Functional.linear(x, w, b).dtype());
        }
    }

    @Test
    void acceptsLeadingDimsStridedInputsAndOneDim() {
        Linear fc = new Linear(4, 3);
        Tensor x = Tensor.randn(2, 5, 4);
        Tensor y = fc.forward(x);
        assertArrayEquals(new int[] {2, 5, 3}, y.shape());
        Tensor flat = fc.forward(x.reshape(10, 4));
        assertArrayEquals(flat.toDoubleArray(), y.toDoubleArray(), 1e-6);
        // a transposed (non-contiguous) input gives the same as its contiguous copy
        Tensor xt = Tensor.randn(4, 6).t();
        assertArrayEquals(fc.forward(xt.contiguous()).toDoubleArray(), fc.forward(xt).toDoubleArray(), 1e-6);
        assertArrayEquals(new int[] {3}, fc.forward(Tensor.randn(4)).shape());
    }

    @Test
    void gradCheckAllInputsOddShapes() {
        Tensor x = Tensor.randn(3, 2, 5), w = Tensor.randn(7, 5), b = Tensor.randn(7);
        GradCheck.check(t -> Functional.linear(t[0], t[1], t[2]), GradCheck.leaves(x, w, b));
        GradCheck.check(t -> Functional.linear(t[0], t[1]), GradCheck.leaves(x, w));
        // gradient only to the input (weights frozen)
        Tensor wd = Tensor.wrap(w.toDoubleArray(), 7, 5);
        GradCheck.check(t -> Functional.linear(t[0], wd, null).square().sum(), GradCheck.leaves(Tensor.randn(4, 5)));
    }

    @Test
    void moduleGradientsMatchComposedOps() {
        Linear fc = new Linear(6, 4);
        Tensor x = Tensor.randn(5, 6).requiresGrad(true);
        fc.forward(x).square().sum().backward();
        Tensor w = fc.weight().detach().requiresGrad(true), b = fc.bias().detach().requiresGrad(true);
        Tensor x2 = x.detach().requiresGrad(true);
        x2.matmul(w.t()).add(b).square().sum().backward();
        assertTrue(fc.weight().grad().allClose(w.grad(), 1e-4, 1e-5));
        assertTrue(fc.bias().grad().allClose(b.grad(), 1e-4, 1e-5));
        assertTrue(x.grad().allClose(x2.grad(), 1e-4, 1e-5));
    }

    @Test
    void pytorchDefaultInitBounds() {
        Linear fc = new Linear(100, 300);
        double bound = 1 / Math.sqrt(100);
        double[] w = fc.weight().toDoubleArray();
        double max = 0, sum = 0, sq = 0;
        for (double v : w) { max = Math.max(max, Math.abs(v)); sum += v; sq += v * v; }
        assertTrue(max <= bound, "max |w| " + max);
        assertTrue(max > 0.95 * bound, "samples should fill the range, max |w| " + max);
        double var = sq / w.length - (sum / w.length) * (sum / w.length);
        assertEquals(bound * bound / 3, var, 0.05 * bound * bound / 3); // variance of U(-b, b)
        for (double v : fc.bias().toDoubleArray()) assertTrue(Math.abs(v) <= bound);
        Tensor.manualSeed(3);
        double[] a = new Linear(5, 5).weight().toDoubleArray();
        Tensor.manualSeed(3);
        assertArrayEquals(a, new Linear(5, 5).weight().toDoubleArray(), 0, "seeded init is reproducible");
    }

    @Test
    void accessorsReprAndStateDict() {
        Linear fc = new Linear(784, 256);
        assertEquals(784, fc.inFeatures());
        assertEquals(256, fc.outFeatures());
        assertTrue(fc.hasBias());
        assertEquals("Linear(in_features=784, out_features=256, bias=true)", fc.toString());
        assertArrayEquals(new int[] {256, 784}, fc.weight().shape());
        assertEquals(java.util.List.of("weight", "bias"), java.util.List.copyOf(fc.stateDict().keySet()));
        Linear nb = new Linear(3, 2, false);
        assertFalse(nb.hasBias());
        assertNull(nb.bias());
        assertEquals(java.util.List.of("weight"), java.util.List.copyOf(nb.stateDict().keySet()));
        assertEquals(6, nb.numParameters());
    }

    @Test
    void wrongShapeAndDtypeAreNamed() {
        Linear fc = new Linear(128, 10);
        var e = assertThrows(IllegalArgumentException.class, () -> fc.forward(Tensor.zeros(64, 100)));
        assertEquals("Linear(in_features=128, out_features=10, bias=true): expected input [..., 128], got shape [64, 100]", e.getMessage());
        var d = assertThrows(IllegalArgumentException.class, () -> fc.forward(Tensor.zeros(DType.FLOAT64, 2, 128)));
        assertTrue(d.getMessage().contains("FLOAT64") && d.getMessage().contains("FLOAT32"), d.getMessage());
        var b = assertThrows(IllegalArgumentException.class,
                () -> Functional.linear(Tensor.zeros(2, 3), Tensor.zeros(4, 3), Tensor.zeros(5)));
        assertTrue(b.getMessage().contains("[4]") && b.getMessage().contains("[5]"), b.getMessage());
    }

    @Test
    void float64ModuleAfterTo() {
        Linear fc = new Linear(3, 2);
        fc.to(DType.FLOAT64);
        Tensor y = fc.forward(Tensor.randn(4, 3).to(DType.FLOAT64));
        assertEquals(DType.FLOAT64, y.dtype());
    }
}
