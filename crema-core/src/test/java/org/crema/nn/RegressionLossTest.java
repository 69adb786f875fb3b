package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegressionLossTest {
    private static final Tensor X = Tensor.of(new double[] {0.5, -1.0, 2.0, 3.5, 0.0, -2.25}, 2, 3);
    private static final Tensor Y = Tensor.of(new double[] {1.0, -1.5, 0.0, 0.5, 0.25, -2.0}, 2, 3);
    // differences: -0.5, 0.5, 2, 3, -0.25, -0.25

    @BeforeEach
    void seed() { Tensor.manualSeed(7); }

    @Test
    void mseByHand() {
        double[] sq = {0.25, 0.25, 4, 9, 0.0625, 0.0625};
        double sum = 13.625;
        assertEquals(sum / 6, new MSELoss().forward(X, Y).item(), 1e-12);
        assertEquals(sum, new MSELoss(Reduction.SUM).forward(X, Y).item(), 1e-12);
        Tensor none = new MSELoss(Reduction.NONE).forward(X, Y);
        assertArrayEquals(new int[] {2, 3}, none.shape());
        assertArrayEquals(sq, none.toDoubleArray(), 1e-12);
        assertEquals(sum / 6, Functional.mseLoss(X, Y).item(), 1e-12);
    }

    @Test
    void l1ByHand() {
        double[] ab = {0.5, 0.5, 2, 3, 0.25, 0.25};
        assertEquals(6.5 / 6, new L1Loss().forward(X, Y).item(), 1e-12);
        assertEquals(6.5, Functional.l1Loss(X, Y, Reduction.SUM).item(), 1e-12);
        assertArrayEquals(ab, new L1Loss(Reduction.NONE).forward(X, Y).toDoubleArray(), 1e-12);
    }

    @Test
    void huberByHand() {
        // delta 1: |d| < 1 -> 0.5 d^2, else |d| - 0.5
        double[] h1 = {0.125, 0.125, 1.5, 2.5, 0.03125, 0.03125};
        assertArrayEquals(h1, new HuberLoss(Reduction.NONE).forward(X, Y).toDoubleArray(), 1e-12);
        assertEquals(sum(h1) / 6, new HuberLoss().forward(X, Y).item(), 1e-12);
        // delta 2.5: 2 is quadratic, 3 is linear: 2.5 * (3 - 1.25)
        double[] h25 = {0.125, 0.125, 2.0, 4.375, 0.03125, 0.03125};
        assertArrayEquals(h25, Functional.huberLoss(X, Y, 2.5, Reduction.NONE).toDoubleArray(), 1e-12);
        assertEquals(sum(h25), new HuberLoss(Reduction.SUM, 2.5).forward(X, Y).item(), 1e-12);
    }

    @Test
    void huberMatchesMseForSmallErrorsAndL1ForLargeOnes() {
        Tensor a = Tensor.randn(50).mul(0.1), b = Tensor.randn(50).mul(0.1);
        assertEquals(Functional.mseLoss(a, b).item() / 2, Functional.huberLoss(a, b, 10).item(), 1e-6);
        Tensor big = Tensor.randn(50).mul(100);
        double delta = 1e-3;
        assertEquals(Functional.l1Loss(big, b).item() * delta - delta * delta / 2,
                Functional.huberLoss(big, b, delta).item(), 1e-6);
    }

    @Test
    void float32Works() {
        Tensor a = X.to(DType.FLOAT32), b = Y.to(DType.FLOAT32);
        Tensor l = new MSELoss().forward(a, b);
        assertEquals(DType.FLOAT32, l.dtype());
        assertEquals(13.625 / 6, l.item(), 1e-6);
    }

    @Test
    void gradientsWithRespectToInputAndTarget() {
        for (Reduction r : Reduction.values()) {
            GradCheck.check(t -> Functional.mseLoss(t[0], t[1], r), GradCheck.leaves(X, Y));
            GradCheck.check(t -> Functional.l1Loss(t[0], t[1], r), GradCheck.leaves(X, Y));
            GradCheck.check(t -> Functional.huberLoss(t[0], t[1], 1.0, r), GradCheck.leaves(X, Y));
            GradCheck.check(t -> Functional.huberLoss(t[0], t[1], 0.3, r), GradCheck.leaves(X, Y));
        }
    }

    @Test
    void backwardValues() {
        Tensor x = X.detach().requiresGrad(true);
        Functional.mseLoss(x, Y).backward();
        // d/dx mean(d^2) = 2 d / n
        assertArrayEquals(new double[] {-1.0 / 6, 1.0 / 6, 4.0 / 6, 1, -0.5 / 6, -0.5 / 6}, x.grad().toDoubleArray(), 1e-12);
        Tensor z = X.detach().requiresGrad(true);
        Functional.huberLoss(z, Y, 1.0, Reduction.SUM).backward();
        assertArrayEquals(new double[] {-0.5, 0.5, 1, 1, -0.25, -0.25}, z.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void shapeAndDtypeErrorsNameTheLoss() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MSELoss().forward(Tensor.zeros(3, 2), Tensor.zeros(3, 4)));
        assertTrue(e.getMessage().contains("MSELoss") && e.getMessage().contains("[3, 4]") && e.getMessage().contains("[3, 2]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new L1Loss().forward(Tensor.zeros(3), Tensor.zeros(DType.INT64, 3)));
        assertTrue(e.getMessage().contains("L1Loss") && e.getMessage().contains("INT64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HuberLoss(-1));
        assertTrue(e.getMessage().contains("delta"), e.getMessage());
    }

    @Test
    void printsLikeTorch() {
        assertEquals("MSELoss()", new MSELoss().toString());
        assertEquals("L1Loss(reduction=sum)", new L1Loss(Reduction.SUM).toString());
        assertEquals("HuberLoss(reduction=none, delta=0.5)", new HuberLoss(Reduction.NONE, 0.5).toString());
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }
}
