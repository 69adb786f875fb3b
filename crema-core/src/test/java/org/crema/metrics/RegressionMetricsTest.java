package org.crema.metrics;

import static org.crema.metrics.SklearnReference.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
    private static final double TOL = 1e-12;

    @Test
    void docsExampleMatchesSklearn() {
        assertEquals(REG1_MSE, RegressionMetrics.mse(REG1_TRUE, REG1_PRED), TOL);
        assertEquals(REG1_RMSE, RegressionMetrics.rmse(REG1_TRUE, REG1_PRED), TOL);
        assertEquals(REG1_MAE, RegressionMetrics.mae(REG1_TRUE, REG1_PRED), TOL);
        assertEquals(REG1_R2, RegressionMetrics.r2(REG1_TRUE, REG1_PRED), TOL);
    }

    @Test
    void seededSamplesMatchSklearn() {
        assertEquals(REG2_MSE, RegressionMetrics.mse(REG2_TRUE, REG2_PRED), TOL);
        assertEquals(REG2_RMSE, RegressionMetrics.rmse(REG2_TRUE, REG2_PRED), TOL);
        assertEquals(REG2_MAE, RegressionMetrics.mae(REG2_TRUE, REG2_PRED), TOL);
        assertEquals(REG2_R2, RegressionMetrics.r2(REG2_TRUE, REG2_PRED), TOL);
    }

    @Test
    void r2FollowsSklearnConventions() {
        assertEquals(R2_CONST_PERFECT, RegressionMetrics.r2(new double[] {2, 2, 2}, new double[] {2, 2, 2}));
        assertEquals(R2_CONST_IMPERFECT, RegressionMetrics.r2(new double[] {2, 2, 2}, new double[] {2, 2.5, 2}));
        assertTrue(Double.isNaN(R2_SINGLE));
        assertTrue(Double.isNaN(RegressionMetrics.r2(new double[] {1}, new double[] {2})));
        assertEquals(R2_NEGATIVE, RegressionMetrics.r2(new double[] {1, 2, 3}, new double[] {3, 2, 1}), TOL);
    }

    @Test
    void badInputsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> RegressionMetrics.mse(new double[] {1, 2, 3}, new double[] {1, 2}));
        assertEquals("mse: yTrue has 3 elements but yPred has 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RegressionMetrics.r2(new double[0], new double[0]));
        assertEquals("r2: empty input (0 samples)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RegressionMetrics.mae(null, new double[0]));
        assertEquals("mae: yTrue is null", e.getMessage());
    }
}
