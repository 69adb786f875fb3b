package org.crema.optim;

import static org.crema.optim.OptimTesting.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;

/** Adam and AdamW against Kingma &amp; Ba's bias-corrected rule, lr 0.1, from w = 1 on f(w) = 0.5 w^2 unless stated. */
class AdamTest {
    private static final double TOL = 1e-12;

    @Test
    void firstStepMovesByLrTimesSignThanksToBiasCorrection() {
        // m1 = 0.1 g and v1 = 0.001 g^2; corrected: m^ = g, sqrt(v^) = |g|, so w moves by lr * g / (|g| + eps)
        Tensor w = param();
        Adam adam = new Adam(List.of(w), 0.1);
        trajectory(adam, w, 1, 0);
        assertEquals(1 - 0.1 / (1 + 1e-8), w.get(0), TOL);
        assertEquals(-2 + 0.1 * 2 / (2 + 1e-8), w.get(1), TOL);
        assertEquals(1, adam.state(w).step());
    }

    @Test
    void threeStepsMatchTheRule() {
        // step 2 by hand: g = 0.9, m = 0.09 + 0.09 = 0.18, v = 0.000999 + 0.00081 = 0.001809,
        // m^ = 0.18 / 0.19, v^ = 0.001809 / 0.001999, w = 0.9 - 0.1 * m^ / sqrt(v^) = 0.80041223
        Tensor w = param();
        assertArrayEquals(new double[] {0.900000001, 0.8004122297123382, 0.701586274504415},
                trajectory(new Adam(List.of(w), 0.1), w, 3, 0), TOL);
        assertEquals(-1.7006233928121137, w.get(1), TOL);
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        Tensor w = param();
        Adam adam = new Adam(List.of(w), 0.1, 0.9, 0.999, 1e-8, 0.1);
        assertArrayEquals(new double[] {0.9000000009090909, 0.8004122295267845, 0.7015862742210723}, trajectory(adam, w, 3, 0), TOL);
    }

    @Test
    void adamWDecaysTheWeightsDirectly() {
        // step 1: w = 1 * (1 - 0.1 * 0.1) - 0.1 * 1 / (1 + 1e-8) = 0.890000001
        Tensor w = param();
        AdamW adamW = new AdamW(List.of(w), 0.1, 0.1);
        assertArrayEquals(new double[] {0.890000001, 0.7815718569541611, 0.6751012231892008}, trajectory(adamW, w, 3, 0), TOL);
        assertEquals(1e-2, new AdamW(List.of(param()), 0.1).paramGroups().get(0).get("weight_decay"));
    }

    @Test
    void amsgradKeepsTheLargestSecondMoment() {
        // gradients 1, 0.1, 0.1 with beta2 0.5: v = 0.5, 0.255, ... falls, vmax stays 0.5.
        // step 2 with amsgrad: m^ = 0.1 / 0.19, v^ = 0.5 / 0.75, w = 0.9 - 0.1 * 0.526316 / 0.816497 = 0.835540
        AdamOptions o = new AdamOptions().lr(0.1).betas(0.9, 0.5);
        Tensor a = param(), b = param();
        assertArrayEquals(new double[] {0.900000001, 0.8355397454004426, 0.786725146211059},
                withGrads(new Adam(List.of(a), o.amsgrad(true)), a, 1.0, 0.1, 0.1), TOL);
        assertArrayEquals(new double[] {0.900000001, 0.8097375893150882, 0.7149117303589074},
                withGrads(new Adam(List.of(b), new AdamOptions().lr(0.1).betas(0.9, 0.5)), b, 1.0, 0.1, 0.1), TOL);
    }

    @Test
    void float32StateAndResultFollowFloat64() {
        Tensor w32 = param(DType.FLOAT32, 1.0, -2.0, 0.25), w64 = param(DType.FLOAT64, 1.0, -2.0, 0.25);
        Adam a32 = new Adam(List.of(w32), new AdamOptions().lr(0.05).amsgrad(true).weightDecay(1e-2));
        Adam a64 = new Adam(List.of(w64), new AdamOptions().lr(0.05).amsgrad(true).weightDecay(1e-2));
        trajectory(a32, w32, 10, 0);
        trajectory(a64, w64, 10, 0);
        assertEquals(DType.FLOAT32, a32.state(w32).get("exp_avg").dtype());
        assertTrue(w32.allClose(w64, 1e-5, 1e-6), w32 + " vs " + w64);
    }

    @Test
    void badBetasAreRefusedWithTheirValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(param()), new AdamOptions().betas(0.9, 1.0)));
        assertEquals("Adam: invalid beta2 1.0 (must be in [0.0, 1.0))", e.getMessage());
    }
}
