package org.crema.optim;

import static org.crema.optim.OptimTesting.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;

/** SGD against its update rule on f(w) = 0.5 w^2 (gradient w), from w = 1 (and w = -2) with lr 0.1. */
class SGDTest {
    private static final double TOL = 1e-12;

    @Test
    void plainSgdMultipliesByOneMinusLr() {
        Tensor w = param();
        // w <- w - 0.1 w = 0.9 w
        assertArrayEquals(new double[] {0.9, 0.81, 0.729}, trajectory(new SGD(List.of(w), 0.1), w, 3, 0), TOL);
        assertEquals(-2 * 0.729, w.get(1), TOL);
    }

    @Test
    void momentumBufferStartsAtTheFirstGradient() {
        Tensor w = param();
        // b1 = 1, w = 0.9; b2 = 0.9*1 + 0.9 = 1.8, w = 0.72; b3 = 0.9*1.8 + 0.72 = 2.34, w = 0.486
        assertArrayEquals(new double[] {0.9, 0.72, 0.486}, trajectory(new SGD(List.of(w), 0.1, 0.9), w, 3, 0), TOL);
    }

    @Test
    void nesterovLooksAhead() {
        Tensor w = param();
        // b1 = 1, g = 1 + 0.9*1 = 1.9, w = 0.81; b2 = 0.9 + 0.81 = 1.71, g = 0.81 + 1.539 = 2.349, w = 0.5751
        SGD sgd = new SGD(List.of(w), 0.1, 0.9, 0, 0, true);
        assertArrayEquals(new double[] {0.81, 0.5751, 0.327321}, trajectory(sgd, w, 3, 0), TOL);
    }

    @Test
    void dampeningScalesTheNewGradientAfterTheFirstStep() {
        Tensor w = param();
        // b1 = 1 (undamped), w = 0.9; b2 = 0.9 + 0.5*0.9 = 1.35, w = 0.765
        SGD sgd = new SGD(List.of(w), new SGD.Options().lr(0.1).momentum(0.9).dampening(0.5));
        assertArrayEquals(new double[] {0.9, 0.765, 0.60525}, trajectory(sgd, w, 3, 0), TOL);
    }

    @Test
    void weightDecayAddsL2Gradient() {
        Tensor w = param();
        // g = w + 0.1 w: w <- 0.89 w
        SGD sgd = new SGD(List.of(w), 0.1, 0, 0, 0.1, false);
        assertArrayEquals(new double[] {0.89, 0.7921, 0.704969}, trajectory(sgd, w, 3, 0), TOL);
    }

    @Test
    void l1AddsSignTimesStrength() {
        Tensor w = param();
        // g = w + 0.5 sign(w): 1 -> 1 - 0.1*1.5 = 0.85 -> 0.85 - 0.1*1.35 = 0.715; -2 -> -2 + 0.25 = -1.75 -> -1.525
        SGD sgd = new SGD(List.of(w), new SGD.Options().lr(0.1).l1(0.5));
        assertArrayEquals(new double[] {0.85, 0.715}, trajectory(sgd, w, 2, 0), TOL);
        assertEquals(-1.525, w.get(1), TOL);
    }

    @Test
    void weightDecayEqualsHalfItAsAnL2LossTerm() {
        Tensor a = param(), b = param();
        SGD withDecay = new SGD(List.of(a), 0.1, 0.9, 0, 0.2, false);
        SGD plain = new SGD(List.of(b), 0.1, 0.9);
        for (int s = 0; s < 4; s++) {
            withDecay.zeroGrad();
            quadraticGrad(a);
            withDecay.step();
            plain.zeroGrad();
            b.square().sum().mul(0.5).add(Regularization.l2(List.of(b), 0.1)).backward();
            plain.step();
        }
        assertTrue(a.allClose(b, 1e-12, 1e-12), a + " vs " + b);
    }

    @Test
    void float32FollowsTheFloat64Trajectory() {
        Tensor w32 = param(DType.FLOAT32, 1.0, -2.0, 0.5);
        Tensor w64 = param(DType.FLOAT64, 1.0, -2.0, 0.5);
        SGD s32 = new SGD(List.of(w32), 0.1, 0.9, 0, 1e-2, true), s64 = new SGD(List.of(w64), 0.1, 0.9, 0, 1e-2, true);
        trajectory(s32, w32, 5, 0);
        trajectory(s64, w64, 5, 0);
        assertEquals(DType.FLOAT32, w32.dtype());
        assertEquals(DType.FLOAT32, s32.state(w32).get("momentum_buffer").dtype());
        assertTrue(w32.allClose(w64, 1e-6, 1e-7), w32 + " vs " + w64);
    }

    @Test
    void largeParametersTakeTheParallelPathWithTheSameResult() {
        int chunk = Optimizer.PARALLEL_THRESHOLD / 2, n = chunk * 5 + 17;
        Tensor.manualSeed(7);
        Tensor big = Tensor.randn(n).requiresGrad(true);
        float[] init = big.toFloatArray();
        List<Tensor> pieces = new java.util.ArrayList<>();
        for (int s = 0; s < n; s += chunk) {
            pieces.add(Tensor.of(java.util.Arrays.copyOfRange(init, s, Math.min(n, s + chunk))).requiresGrad(true));
        }
        SGD whole = new SGD(List.of(big), 0.05, 0.9, 0, 1e-3, true), split = new SGD(pieces, 0.05, 0.9, 0, 1e-3, true);
        for (int step = 0; step < 3; step++) {
            whole.zeroGrad();
            quadraticGrad(big);
            whole.step();
            split.zeroGrad();
            for (Tensor p : pieces) quadraticGrad(p);
            split.step();
        }
        // element-wise updates: splitting the work cannot change a single bit
        assertArrayEquals(big.toFloatArray(), Tensor.cat(pieces, 0).toFloatArray());
    }

    @Test
    void nesterovWithoutMomentumIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param()), 0.1, 0, 0, 0, true));
        assertTrue(e.getMessage().contains("Nesterov"), e.getMessage());
        var neg = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param()), 0.1, -0.5));
        assertTrue(neg.getMessage().contains("momentum -0.5"), neg.getMessage());
    }
}
