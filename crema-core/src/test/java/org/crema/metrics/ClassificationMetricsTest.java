package org.crema.metrics;

import static org.crema.metrics.SklearnReference.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static final double TOL = 1e-12;

    @Test
    void binaryLabelsMatchSklearn() {
        assertEquals(BIN_ACC, ClassificationMetrics.accuracy(BIN_TRUE, BIN_PRED), TOL);
        assertEquals(BIN_P, ClassificationMetrics.precision(BIN_TRUE, BIN_PRED), TOL);
        assertEquals(BIN_R, ClassificationMetrics.recall(BIN_TRUE, BIN_PRED), TOL);
        assertEquals(BIN_F1, ClassificationMetrics.f1(BIN_TRUE, BIN_PRED), TOL);
        assertEquals(BIN_P_POS0, ClassificationMetrics.precision(BIN_TRUE, BIN_PRED, 0), TOL);
        assertEquals(BIN_R_POS0, ClassificationMetrics.recall(BIN_TRUE, BIN_PRED, 0), TOL);
        assertEquals(BIN_F1_POS0, ClassificationMetrics.f1(BIN_TRUE, BIN_PRED, 0), TOL);
        assertEquals(BIN_KAPPA, ClassificationMetrics.cohenKappa(BIN_TRUE, BIN_PRED), TOL);
    }

    @Test
    void binaryWithOtherLabelValues() {
        int[] t = new int[BIN_TRUE.length];
        int[] p = new int[BIN_PRED.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = BIN_TRUE[i] == 1 ? 5 : 2;
            p[i] = BIN_PRED[i] == 1 ? 5 : 2;
        }
        assertEquals(BIN25_P, ClassificationMetrics.precision(t, p, 5), TOL);
        assertEquals(BIN25_R, ClassificationMetrics.recall(t, p, 5), TOL);
        assertEquals(BIN25_F1, ClassificationMetrics.f1(t, p, 5), TOL);
        var e = assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.precision(t, p, 1));
        assertEquals("precision: posLabel 1 is not one of the labels [2, 5]", e.getMessage());
    }

    @Test
    void zeroDivisionGivesZero() {
        int[] t = {0, 1, 1, 0};
        int[] p = {0, 0, 0, 0};
        assertEquals(BIN_NOPOS_P, ClassificationMetrics.precision(t, p));
        assertEquals(BIN_NOPOS_R, ClassificationMetrics.recall(t, p));
        assertEquals(BIN_NOPOS_F1, ClassificationMetrics.f1(t, p));
        // all-negative truth and predictions: precision, recall and F1 of label 1 are all 0/0
        assertEquals(0.0, ClassificationMetrics.f1(new int[] {0, 0}, new int[] {0, 0}));
    }

    @Test
    void multiClassAveragesMatchSklearn() {
        assertEquals(MC_ACC, ClassificationMetrics.accuracy(MC_TRUE, MC_PRED), TOL);
        assertEquals(MC_P_MACRO, ClassificationMetrics.precision(MC_TRUE, MC_PRED, Average.MACRO), TOL);
        assertEquals(MC_R_MACRO, ClassificationMetrics.recall(MC_TRUE, MC_PRED, Average.MACRO), TOL);
        assertEquals(MC_F1_MACRO, ClassificationMetrics.f1(MC_TRUE, MC_PRED, Average.MACRO), TOL);
        assertEquals(MC_P_MICRO, ClassificationMetrics.precision(MC_TRUE, MC_PRED, Average.MICRO), TOL);
        assertEquals(MC_R_MICRO, ClassificationMetrics.recall(MC_TRUE, MC_PRED, Average.MICRO), TOL);
        assertEquals(MC_F1_MICRO, ClassificationMetrics.f1(MC_TRUE, MC_PRED, Average.MICRO), TOL);
        assertEquals(MC_P_WEIGHTED, ClassificationMetrics.precision(MC_TRUE, MC_PRED, Average.WEIGHTED), TOL);
        assertEquals(MC_R_WEIGHTED, ClassificationMetrics.recall(MC_TRUE, MC_PRED, Average.WEIGHTED), TOL);
        assertEquals(MC_F1_WEIGHTED, ClassificationMetrics.f1(MC_TRUE, MC_PRED, Average.WEIGHTED), TOL);
        assertArrayEquals(MC_P_PER_CLASS, ClassificationMetrics.precisionPerClass(MC_TRUE, MC_PRED, 3), TOL);
        assertArrayEquals(MC_R_PER_CLASS, ClassificationMetrics.recallPerClass(MC_TRUE, MC_PRED, 3), TOL);
        assertArrayEquals(MC_F1_PER_CLASS, ClassificationMetrics.f1PerClass(MC_TRUE, MC_PRED, 3), TOL);
    }

    @Test
    void classAbsentEverywhereCountsInMacroWithNumClasses() {
        assertEquals(MC4_P_MACRO, ClassificationMetrics.precision(MC_TRUE, MC_PRED, 4, Average.MACRO), TOL);
        assertEquals(MC4_R_MACRO, ClassificationMetrics.recall(MC_TRUE, MC_PRED, 4, Average.MACRO), TOL);
        assertEquals(MC4_F1_MACRO, ClassificationMetrics.f1(MC_TRUE, MC_PRED, 4, Average.MACRO), TOL);
        assertEquals(MC4_P_MICRO, ClassificationMetrics.precision(MC_TRUE, MC_PRED, 4, Average.MICRO), TOL);
        assertEquals(MC4_R_MICRO, ClassificationMetrics.recall(MC_TRUE, MC_PRED, 4, Average.MICRO), TOL);
        assertEquals(MC4_F1_MICRO, ClassificationMetrics.f1(MC_TRUE, MC_PRED, 4, Average.MICRO), TOL);
        assertEquals(MC4_P_WEIGHTED, ClassificationMetrics.precision(MC_TRUE, MC_PRED, 4, Average.WEIGHTED), TOL);
        assertEquals(MC4_R_WEIGHTED, ClassificationMetrics.recall(MC_TRUE, MC_PRED, 4, Average.WEIGHTED), TOL);
        assertEquals(MC4_F1_WEIGHTED, ClassificationMetrics.f1(MC_TRUE, MC_PRED, 4, Average.WEIGHTED), TOL);
    }

    @Test
    void labelsWithGapsUsePositions() {
        int[] map = {1, 4, 9};
        int[] t = new int[MC_TRUE.length];
        int[] p = new int[MC_PRED.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = map[MC_TRUE[i]];
            p[i] = map[MC_PRED[i]];
        }
        assertEquals(GAP_KAPPA_LINEAR, ClassificationMetrics.cohenKappa(t, p, 0, KappaWeighting.LINEAR), TOL);
        assertEquals(GAP_F1_MACRO, ClassificationMetrics.f1(t, p, Average.MACRO), TOL);
    }

    @Test
    void cohenKappaMatchesSklearn() {
        assertEquals(MC_KAPPA, ClassificationMetrics.cohenKappa(MC_TRUE, MC_PRED), TOL);
        assertEquals(MC_KAPPA_LINEAR, ClassificationMetrics.cohenKappa(MC_TRUE, MC_PRED, 0, KappaWeighting.LINEAR), TOL);
        assertEquals(MC_KAPPA_QUADRATIC,
                ClassificationMetrics.cohenKappa(MC_TRUE, MC_PRED, 0, KappaWeighting.QUADRATIC), TOL);
        assertTrue(Double.isNaN(KAPPA_CONST));
        assertTrue(Double.isNaN(ClassificationMetrics.cohenKappa(new int[] {1, 1, 1}, new int[] {1, 1, 1})));
        assertEquals(1.0, ClassificationMetrics.cohenKappa(new int[] {0, 1, 2}, new int[] {0, 1, 2}), TOL);
    }

    @Test
    void scoresOverloadsAgreeWithLabels() {
        assertEquals(TIE_ACC_05, ClassificationMetrics.accuracy(TIE_TRUE, TIE_SCORE), TOL);
        assertEquals(TIE_F1_05, ClassificationMetrics.f1(TIE_TRUE, TIE_SCORE), TOL);
        int[] thresholded = Predictions.threshold(TIE_SCORE, 0.5);
        assertEquals(ClassificationMetrics.precision(TIE_TRUE, thresholded),
                ClassificationMetrics.precision(TIE_TRUE, TIE_SCORE));
        assertEquals(ClassificationMetrics.recall(TIE_TRUE, thresholded),
                ClassificationMetrics.recall(TIE_TRUE, TIE_SCORE));
        // 0.5 itself is negative
        assertArrayEquals(new int[] {0, 1, 0}, Predictions.threshold(new double[] {0.5, 0.51, 0.2}, 0.5));

        assertEquals(MCS_ACC, ClassificationMetrics.accuracy(MCS_TRUE, MCS_PROBA), TOL);
        assertEquals(MCS_F1_MACRO, ClassificationMetrics.f1(MCS_TRUE, MCS_PROBA, Average.MACRO), TOL);
        double[] flat = flatten(MCS_PROBA);
        assertEquals(MCS_ACC, ClassificationMetrics.accuracy(MCS_TRUE, flat, 4), TOL);
        assertEquals(MCS_F1_MACRO, ClassificationMetrics.f1(MCS_TRUE, flat, 4, Average.MACRO), TOL);
        assertEquals(ClassificationMetrics.precision(MCS_TRUE, MCS_PROBA, Average.WEIGHTED),
                ClassificationMetrics.precision(MCS_TRUE, flat, 4, Average.WEIGHTED));
        assertEquals(ClassificationMetrics.recall(MCS_TRUE, MCS_PROBA, Average.MICRO),
                ClassificationMetrics.recall(MCS_TRUE, flat, 4, Average.MICRO));
    }

    @Test
    void topKAccuracyMatchesSklearnIncludingTies() {
        assertEquals(MCS_TOP1, ClassificationMetrics.topKAccuracy(MCS_TRUE, MCS_PROBA, 1), TOL);
        assertEquals(MCS_TOP2, ClassificationMetrics.topKAccuracy(MCS_TRUE, MCS_PROBA, 2), TOL);
        assertEquals(MCS_TOP3, ClassificationMetrics.topKAccuracy(MCS_TRUE, flatten(MCS_PROBA), 4, 3), TOL);
        assertEquals(TOPK_TIE_1, ClassificationMetrics.topKAccuracy(TOPK_TIE_TRUE, TOPK_TIE_SCORE, 1), TOL);
        assertEquals(TOPK_TIE_2, ClassificationMetrics.topKAccuracy(TOPK_TIE_TRUE, TOPK_TIE_SCORE, 2), TOL);
        assertEquals(1.0, ClassificationMetrics.topKAccuracy(TOPK_TIE_TRUE, TOPK_TIE_SCORE, 3));
    }

    @Test
    void logLossMatchesSklearn121() {
        assertEquals(TIE_LOGLOSS, ClassificationMetrics.logLoss(TIE_TRUE, TIE_SCORE), TOL);
        assertEquals(BIG_LOGLOSS, ClassificationMetrics.logLoss(BIG_TRUE, BIG_SCORE), TOL);
        assertEquals(CONT_LOGLOSS, ClassificationMetrics.logLoss(CONT_TRUE, CONT_SCORE), TOL);
        assertEquals(MCS_LOGLOSS, ClassificationMetrics.logLoss(MCS_TRUE, MCS_PROBA), TOL);
        assertEquals(MCS_LOGLOSS, ClassificationMetrics.logLoss(MCS_TRUE, flatten(MCS_PROBA), 4), TOL);
        // exact 0 and 1 are clipped to 2.22e-16, so a confident mistake costs about 36 instead of infinity
        assertEquals(LL_CLIP, ClassificationMetrics.logLoss(LL_CLIP_TRUE, LL_CLIP_PROBA), 1e-9);
        assertEquals(LL_CLIP_PERFECT, ClassificationMetrics.logLoss(new int[] {0, 1}, new double[] {0, 1}), 1e-20);
        assertEquals(LL_MC_CLIP, ClassificationMetrics.logLoss(LL_MC_CLIP_TRUE, LL_MC_CLIP_PROBA), 1e-9);
        assertEquals(LL_UNNORM, ClassificationMetrics.logLoss(new int[] {0, 1}, LL_UNNORM_PROBA), TOL);
    }

    @Test
    void edgeCasesFailClearly() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.accuracy(new int[] {1, 0, 1}, new int[] {1, 0}));
        assertEquals("accuracy: yTrue has 3 elements but yPred has 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.f1(new int[0], new int[0], Average.MACRO));
        assertEquals("f1: empty input (0 samples)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.f1(MC_TRUE, MC_PRED));
        assertTrue(e.getMessage().startsWith("f1: binary average but the labels take 3 values [0, 1, 2]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.precision(MC_TRUE, MC_PRED, 2, Average.MACRO));
        assertEquals("precision: yTrue[2] = 2 is outside [0, 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.accuracy(new int[] {0, 1}, new double[][] {{0.2, 0.8}, {0.1, 0.2, 0.7}}));
        assertEquals("accuracy: scores row 0 has 2 columns but row 1 has 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.accuracy(new int[] {0, 1}, new double[] {0.1, 0.9, 0.3}, 2));
        assertEquals("rows: flat scores have 3 elements, not a multiple of numClasses 2".replace("rows", "accuracy"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.logLoss(new int[] {0, 1}, new double[] {0.1, Double.NaN}));
        assertEquals("logLoss: scores[1] is NaN (scores must be finite)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.accuracy(new int[] {0, 2}, new double[] {0.2, 0.9}));
        assertEquals("accuracy: yTrue[1] = 2 is outside [0, 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.topKAccuracy(new int[] {0, 3}, new double[][] {{1, 0}, {0, 1}}, 1));
        assertEquals("topKAccuracy: yTrue[1] = 3 is outside [0, 2)", e.getMessage());
    }

    static double[] flatten(double[][] m) {
        int c = m[0].length;
        double[] out = new double[m.length * c];
        for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, out, i * c, c);
        return out;
    }
}
