package org.crema.metrics;

import static org.crema.metrics.SklearnReference.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
    private static final double TOL = 1e-12;

    /** sklearn 1.2.1 put max(score) + 1 first; we put +inf (sklearn >= 1.3). All later thresholds agree. */
    private static void assertThresholds(double[] sklearn121, double[] ours) {
        assertEquals(sklearn121.length, ours.length);
        assertEquals(Double.POSITIVE_INFINITY, ours[0]);
        assertArrayEquals(Arrays.copyOfRange(sklearn121, 1, sklearn121.length),
                Arrays.copyOfRange(ours, 1, ours.length), 0.0);
    }

    @Test
    void rocCurveWithTiesMatchesSklearn() {
        RocCurve roc = RankingMetrics.rocCurve(TIE_TRUE, TIE_SCORE);
        assertArrayEquals(TIE_ROC_FPR, roc.fpr(), TOL);
        assertArrayEquals(TIE_ROC_TPR, roc.tpr(), TOL);
        assertThresholds(TIE_ROC_THRESHOLDS_1_2_1, roc.thresholds());
        RocCurve full = RankingMetrics.rocCurve(TIE_TRUE, TIE_SCORE, 1, false);
        assertArrayEquals(TIE_ROC_FULL_FPR, full.fpr(), TOL);
        assertArrayEquals(TIE_ROC_FULL_TPR, full.tpr(), TOL);
        assertThresholds(TIE_ROC_FULL_THRESHOLDS_1_2_1, full.thresholds());
        assertEquals(TIE_AUC, roc.auc(), TOL);
        assertEquals(TIE_AUC, full.auc(), TOL);
    }

    @Test
    void rocCurveOnManyTiesAndOnContinuousScores() {
        RocCurve roc = RankingMetrics.rocCurve(BIG_TRUE, BIG_SCORE);
        assertArrayEquals(BIG_ROC_FPR, roc.fpr(), TOL);
        assertArrayEquals(BIG_ROC_TPR, roc.tpr(), TOL);
        assertThresholds(BIG_ROC_THRESHOLDS_1_2_1, roc.thresholds());
        roc = RankingMetrics.rocCurve(CONT_TRUE, CONT_SCORE);
        assertArrayEquals(CONT_ROC_FPR, roc.fpr(), TOL);
        assertArrayEquals(CONT_ROC_TPR, roc.tpr(), TOL);
        assertThresholds(CONT_ROC_THRESHOLDS_1_2_1, roc.thresholds());
    }

    @Test
    void rocAucMatchesSklearn() {
        assertEquals(TIE_AUC, RankingMetrics.rocAuc(TIE_TRUE, TIE_SCORE), TOL);
        assertEquals(BIG_AUC, RankingMetrics.rocAuc(BIG_TRUE, BIG_SCORE), TOL);
        assertEquals(CONT_AUC, RankingMetrics.rocAuc(CONT_TRUE, CONT_SCORE), TOL);
        int[] signs = Arrays.stream(TIE_TRUE).map(v -> v == 1 ? 1 : -1).toArray();
        assertEquals(TIE_AUC_SIGNS, RankingMetrics.rocAuc(signs, TIE_SCORE), TOL);
        assertEquals(TIE_AUC_SIGNS, RankingMetrics.rocCurve(signs, TIE_SCORE).auc(), TOL);
    }

    @Test
    void posLabelZero() {
        RocCurve roc = RankingMetrics.rocCurve(TIE_TRUE, TIE_SCORE, 0);
        assertArrayEquals(TIE_ROC_POS0_FPR, roc.fpr(), TOL);
        assertArrayEquals(TIE_ROC_POS0_TPR, roc.tpr(), TOL);
        assertEquals(TIE_AP_POS0, RankingMetrics.averagePrecision(TIE_TRUE, TIE_SCORE, 0), TOL);
    }

    @Test
    void tiedSamplesInAnyOrderGiveTheSameCurve() {
        Random rnd = new Random(7);
        Integer[] perm = new Integer[BIG_TRUE.length];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        java.util.Collections.shuffle(Arrays.asList(perm), rnd);
        int[] y = new int[perm.length];
        double[] s = new double[perm.length];
        for (int i = 0; i < perm.length; i++) {
            y[i] = BIG_TRUE[perm[i]];
            s[i] = BIG_SCORE[perm[i]];
        }
        assertEquals(RankingMetrics.rocCurve(BIG_TRUE, BIG_SCORE), RankingMetrics.rocCurve(y, s));
        assertEquals(RankingMetrics.precisionRecallCurve(BIG_TRUE, BIG_SCORE), RankingMetrics.precisionRecallCurve(y, s));
    }

    @Test
    void multiClassOneVsRestAucMatchesSklearn() {
        assertEquals(MCS_AUC_MACRO, RankingMetrics.rocAuc(MCS_TRUE, MCS_PROBA, Average.MACRO), TOL);
        assertEquals(MCS_AUC_WEIGHTED, RankingMetrics.rocAuc(MCS_TRUE, MCS_PROBA, Average.WEIGHTED), TOL);
        double[] flat = ClassificationMetricsTest.flatten(MCS_PROBA);
        assertEquals(MCS_AUC_MACRO, RankingMetrics.rocAuc(MCS_TRUE, flat, 4, Average.MACRO), TOL);
        assertEquals(OVR_TIE_MACRO, RankingMetrics.rocAuc(OVR_TIE_TRUE, OVR_TIE_SCORE, Average.MACRO), TOL);
        assertEquals(OVR_TIE_WEIGHTED, RankingMetrics.rocAuc(OVR_TIE_TRUE, OVR_TIE_SCORE, Average.WEIGHTED), TOL);
        // two columns: the binary AUC of column 1
        double[][] two = new double[TIE_SCORE.length][];
        for (int i = 0; i < two.length; i++) two[i] = new double[] {1 - TIE_SCORE[i], TIE_SCORE[i]};
        assertEquals(TIE_AUC, RankingMetrics.rocAuc(TIE_TRUE, two, Average.MACRO), TOL);
    }

    @Test
    void precisionRecallCurveAndAveragePrecisionMatchSklearn() {
        PrecisionRecallCurve pr = RankingMetrics.precisionRecallCurve(TIE_TRUE, TIE_SCORE);
        assertArrayEquals(TIE_PR_PRECISION, pr.precision(), TOL);
        assertArrayEquals(TIE_PR_RECALL, pr.recall(), TOL);
        assertArrayEquals(TIE_PR_THRESHOLDS, pr.thresholds(), 0.0);
        assertEquals(TIE_AP, RankingMetrics.averagePrecision(TIE_TRUE, TIE_SCORE), TOL);
        assertEquals(TIE_AP, pr.averagePrecision(), TOL);

        pr = RankingMetrics.precisionRecallCurve(BIG_TRUE, BIG_SCORE);
        assertArrayEquals(BIG_PR_PRECISION, pr.precision(), TOL);
        assertArrayEquals(BIG_PR_RECALL, pr.recall(), TOL);
        assertArrayEquals(BIG_PR_THRESHOLDS, pr.thresholds(), 0.0);
        assertEquals(BIG_AP, RankingMetrics.averagePrecision(BIG_TRUE, BIG_SCORE), TOL);
        assertEquals(CONT_AP, RankingMetrics.averagePrecision(CONT_TRUE, CONT_SCORE), TOL);
    }

    @Test
    void multiClassAveragePrecisionMatchesSklearnOnOneHot() {
        assertEquals(MCS_AP_MACRO, RankingMetrics.averagePrecision(MCS_TRUE, MCS_PROBA, Average.MACRO), TOL);
        assertEquals(MCS_AP_WEIGHTED, RankingMetrics.averagePrecision(MCS_TRUE, MCS_PROBA, Average.WEIGHTED), TOL);
        assertEquals(MCS_AP_MICRO, RankingMetrics.averagePrecision(MCS_TRUE, MCS_PROBA, Average.MICRO), TOL);
        assertEquals(MCS_AP_MICRO, RankingMetrics.averagePrecision(MCS_TRUE,
                ClassificationMetricsTest.flatten(MCS_PROBA), 4, Average.MICRO), TOL);
    }

    @Test
    void singleClassInputs() {
        // sklearn: precision_recall_curve sets recall to 1 when there are no positives; AP is then 0
        PrecisionRecallCurve pr = RankingMetrics.precisionRecallCurve(new int[] {0, 0, 0}, new double[] {0.2, 0.5, 0.5});
        assertArrayEquals(NOPOS_PR_PRECISION, pr.precision(), TOL);
        assertArrayEquals(NOPOS_PR_RECALL, pr.recall(), TOL);
        assertArrayEquals(NOPOS_PR_THRESHOLDS, pr.thresholds(), 0.0);
        assertEquals(NOPOS_AP, RankingMetrics.averagePrecision(new int[] {0, 0, 0}, new double[] {0.2, 0.5, 0.5}), TOL);
        // sklearn: roc_curve warns and returns nan fpr when there are no negatives
        RocCurve roc = RankingMetrics.rocCurve(new int[] {1, 1, 1}, new double[] {0.2, 0.5, 0.5});
        assertTrue(Arrays.stream(NONEG_ROC_FPR).allMatch(Double::isNaN));
        assertTrue(Arrays.stream(roc.fpr()).allMatch(Double::isNaN));
        assertArrayEquals(NONEG_ROC_TPR, roc.tpr(), TOL);
        // sklearn: roc_auc_score raises
        var e = assertThrows(IllegalArgumentException.class,
                () -> RankingMetrics.rocAuc(new int[] {1, 1, 1}, new double[] {0.2, 0.5, 0.5}));
        assertEquals("rocAuc: only one class (label 1) is present in yTrue; ROC AUC is not defined in that case",
                e.getMessage());
    }

    @Test
    void badInputsFailClearly() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> RankingMetrics.rocAuc(new int[] {0, 1, 1}, new double[] {0.1, 0.2}));
        assertEquals("rocAuc: yTrue has 3 elements but scores has 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RankingMetrics.rocCurve(new int[0], new double[0]));
        assertEquals("rocCurve: empty input (0 samples)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RankingMetrics.rocCurve(new int[] {0, 2}, new double[] {0.1, 0.2}));
        assertTrue(e.getMessage().contains("must lie in {0, 1} or {-1, 1}"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RankingMetrics.rocAuc(new int[] {0, 1}, new double[] {0.1, Double.POSITIVE_INFINITY}));
        assertEquals("rocAuc: scores[1] is Infinity (scores must be finite)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RankingMetrics.rocAuc(new int[] {0, 1, 2}, new double[] {0.1, 0.5, 0.9}));
        assertTrue(e.getMessage().contains("pass [n, C] scores"), e.getMessage());
        double[][] notProba = {{2, 1, 0}, {0, 1, 2}, {1, 2, 0}};
        e = assertThrows(IllegalArgumentException.class,
                () -> RankingMetrics.rocAuc(new int[] {0, 2, 1}, notProba, Average.MACRO));
        assertEquals("rocAuc: scores row 0 sums to 3.0; multi-class ROC AUC needs probabilities that sum to 1 over"
                + " the 3 classes", e.getMessage());
        double[][] proba = {{0.5, 0.3, 0.2}, {0.2, 0.3, 0.5}, {0.6, 0.2, 0.2}};
        e = assertThrows(IllegalArgumentException.class,
                () -> RankingMetrics.rocAuc(new int[] {0, 2, 0}, proba, Average.MACRO));
        assertEquals("rocAuc: class 1 never occurs in yTrue, so its one-vs-rest ROC AUC is not defined", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RankingMetrics.rocAuc(new int[] {0, 2, 1}, proba, Average.MICRO));
    }
}
