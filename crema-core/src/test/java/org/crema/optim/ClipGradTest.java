package org.crema.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;

/** Clipping two gradients, [3, 4] and [12]: joint 2-norm 13, 1-norm 19, inf-norm 12. */
class ClipGradTest {

    private static List<Tensor> params() {
        Tensor a = Tensor.zeros(2).requiresGrad(true), b = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
        a.setGrad(Tensor.of(new float[] {3, 4}));
        b.setGrad(Tensor.of(new double[] {12}, 1));
        Tensor none = Tensor.zeros(3).requiresGrad(true); // no gradient: ignored
        return List.of(a, b, none);
    }

    private static double[] grads(List<Tensor> p) {
        double[] a = p.get(0).grad().toDoubleArray();
        return new double[] {a[0], a[1], p.get(1).grad().item()};
    }

    @Test
    void twoNormScalesAllGradientsTogether() {
        List<Tensor> p = params();
        assertEquals(13.0, ClipGrad.clipGradNorm(p, 6.5), 1e-12);
        double c = 6.5 / (13 + 1e-6);
        assertArrayEquals(new double[] {3 * c, 4 * c, 12 * c}, grads(p), 1e-6);
    }

    @Test
    void normBelowTheLimitLeavesGradientsAlone() {
        List<Tensor> p = params();
        assertEquals(13.0, ClipGrad.clipGradNorm(p, 100), 1e-12);
        assertArrayEquals(new double[] {3, 4, 12}, grads(p));
    }

    @Test
    void infAndOneNorms() {
        List<Tensor> p = params();
        assertEquals(12.0, ClipGrad.clipGradNorm(p, 6, Double.POSITIVE_INFINITY));
        assertArrayEquals(new double[] {1.5, 2, 6}, grads(p), 1e-6);
        List<Tensor> q = params();
        assertEquals(19.0, ClipGrad.clipGradNorm(q, 1000, 1), 1e-12);
        List<Tensor> r = params();
        assertEquals(Math.pow(27 + 64 + 1728, 1 / 3.0), ClipGrad.clipGradNorm(r, 1000, 3), 1e-12);
    }

    @Test
    void nonFiniteNormIsReportedOnRequest() {
        List<Tensor> p = params();
        p.get(1).setGrad(Tensor.of(new double[] {Double.NaN}, 1));
        var e = assertThrows(IllegalStateException.class, () -> ClipGrad.clipGradNorm(p, 1, 2, true));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertEquals(3.0, p.get(0).grad().get(0), "left untouched");
        assertTrue(Double.isNaN(ClipGrad.clipGradNorm(p, 1)));
    }

    @Test
    void clipByValueClampsEachElement() {
        List<Tensor> p = params();
        p.get(0).setGrad(Tensor.of(new float[] {-5, 0.5f}));
        ClipGrad.clipGradValue(p, 1.0);
        assertArrayEquals(new double[] {-1, 0.5, 1}, grads(p));
        Tensor strided = Tensor.zeros(2, 2).requiresGrad(true);
        strided.setGrad(Tensor.of(new float[] {-3, 2, 0.25f, 9}, 2, 2).t());
        ClipGrad.clipGradValue(List.of(strided), 1.0);
        assertArrayEquals(new float[] {-1, 0.25f, 1, 1}, strided.grad().toFloatArray());
    }

    @Test
    void stridedGradientsCountEveryElementOnce() {
        Tensor w = Tensor.zeros(2, 2).requiresGrad(true);
        w.setGrad(Tensor.of(new float[] {1, 2, 2, 4}, 2, 2).t()); // a transposed view: 1 + 4 + 4 + 16 = 25
        assertEquals(5.0, ClipGrad.clipGradNorm(List.of(w), 2.5), 1e-12);
        assertArrayEquals(new float[] {0.5f, 1, 1, 2}, w.grad().contiguous().toFloatArray(), 1e-6f);
    }

    @Test
    void badLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradNorm(params(), -1));
        assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradNorm(params(), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradValue(params(), Double.NaN));
    }
}
