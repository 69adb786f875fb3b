package org.crema.optim;

import static org.crema.optim.OptimTesting.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;

/** RMSprop and Adagrad against their update rules on f(w) = 0.5 w^2 (gradient w) from w = 1. */
class RMSpropAdagradTest {
    private static final double TOL = 1e-12;

    @Test
    void rmspropDividesByTheRootMeanSquare() {
        // alpha 0.5: s1 = 0.5, w = 1 - 0.1 / sqrt(0.5) = 0.858579
        Tensor w = param();
        RMSprop r = new RMSprop(List.of(w), new RMSprop.Options().lr(0.1).alpha(0.5));
        assertArrayEquals(new double[] {0.8585786457626905, 0.7494138477519194, 0.6518567336189637}, trajectory(r, w, 3, 0), TOL);
        Tensor d = param();
        assertArrayEquals(new double[] {0.9000000099999991, 0.8329179752650593, 0.7799822819823541},
                trajectory(new RMSprop(List.of(d), 0.01), d, 3, 0), TOL);
    }

    @Test
    void rmspropMomentumAccumulatesTheScaledGradient() {
        Tensor w = param();
        RMSprop r = new RMSprop(List.of(w), 0.1, 0.5, 1e-8, 0, 0.9, false);
        assertArrayEquals(new double[] {0.8585786457626905, 0.6221346289383409, 0.3215985298182639}, trajectory(r, w, 3, 0), TOL);
    }

    @Test
    void centeredRmspropSubtractsTheSquaredMean() {
        // a1 = 0.5, s1 = 0.5, s1 - a1^2 = 0.25: w = 1 - 0.1 * 1 / 0.5 = 0.8
        Tensor w = param(), v = param();
        RMSprop c = new RMSprop(List.of(w), new RMSprop.Options().lr(0.1).alpha(0.5).centered(true));
        assertArrayEquals(new double[] {0.8000000039999999, 0.5916977512365647, 0.37506151340080185}, trajectory(c, w, 3, 0), TOL);
        RMSprop cm = new RMSprop(List.of(v), new RMSprop.Options().lr(0.1).alpha(0.5).centered(true).momentum(0.5));
        assertArrayEquals(new double[] {0.8000000039999999, 0.4916977532365646, 0.1637214137751652}, trajectory(cm, v, 3, 0), TOL);
    }

    @Test
    void adagradAccumulatesSquaredGradients() {
        // s1 = 1: w = 1 - 0.1; s2 = 1 + 0.81: w = 0.9 - 0.1 * 0.9 / sqrt(1.81)
        Tensor w = param();
        assertArrayEquals(new double[] {0.90000000001, 0.8331035268523168, 0.7804561813655163},
                trajectory(new Adagrad(List.of(w), 0.1), w, 3, 0), TOL);
    }

    @Test
    void adagradLrDecayAndInitialAccumulator() {
        // s1 = 1 + 1 = 2: w = 1 - 0.1 / sqrt(2); step 2 uses lr 0.1 / (1 + 0.5)
        Tensor w = param();
        Adagrad a = new Adagrad(List.of(w), 0.1, 0.5, 0, 1.0, 1e-10);
        assertArrayEquals(new double[] {0.9292893218863453, 0.8926788665514365, 0.8693497781475497}, trajectory(a, w, 3, 0), TOL);
        assertEquals(3, a.state(w).step());
    }

    @Test
    void float32FollowsFloat64() {
        Tensor a32 = param(DType.FLOAT32, 1.0, -2.0), a64 = param(DType.FLOAT64, 1.0, -2.0);
        Tensor b32 = param(DType.FLOAT32, 1.0, -2.0), b64 = param(DType.FLOAT64, 1.0, -2.0);
        RMSprop.Options o = new RMSprop.Options().lr(0.01).centered(true).momentum(0.9).weightDecay(1e-2);
        trajectory(new RMSprop(List.of(a32), o), a32, 8, 0);
        trajectory(new RMSprop(List.of(a64), o), a64, 8, 0);
        trajectory(new Adagrad(List.of(b32), 0.1, 0.01, 1e-2, 0.1, 1e-10), b32, 8, 0);
        trajectory(new Adagrad(List.of(b64), 0.1, 0.01, 1e-2, 0.1, 1e-10), b64, 8, 0);
        assertTrue(a32.allClose(a64, 1e-5, 1e-6), a32 + " vs " + a64);
        assertTrue(b32.allClose(b64, 1e-5, 1e-6), b32 + " vs " + b64);
    }

    @Test
    void invalidOptionsAreRefused() {
        assertEquals("RMSprop: invalid alpha 1.5 (must be in [0.0, 1.0])",
                assertThrows(IllegalArgumentException.class, () -> new RMSprop(List.of(param()), new RMSprop.Options().alpha(1.5))).getMessage());
        assertEquals("Adagrad: invalid lr_decay -1.0 (must be in [0.0, Infinity])",
                assertThrows(IllegalArgumentException.class, () -> new Adagrad(List.of(param()), new Adagrad.Options().lrDecay(-1))).getMessage());
    }
}
