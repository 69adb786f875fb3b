package org.crema.metrics;

import static org.crema.metrics.SklearnReference.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamingMetricsTest {

    private static float[] f(double[] d) {
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
        return out;
    }

    private static float[] f(int[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    private static long[] l(int[] v) {
        return Arrays.stream(v).asLongStream().toArray();
    }

    private static float[] oneHot(int[] y, int c) {
        float[] out = new float[y.length * c];
        for (int i = 0; i < y.length; i++) out[i * c + y[i]] = 1;
        return out;
    }

    /** Feeds rows [from, to) of a flat [n, c] buffer and their targets. */
    private static void feed(Metric m, float[] pred, int c, int[] y, int from, int to, boolean asOneHot) {
        float[] p = Arrays.copyOfRange(pred, from * c, to * c);
        int[] t = Arrays.copyOfRange(y, from, to);
        int[] shape = c == 1 ? new int[] {to - from} : new int[] {to - from, c};
        if (asOneHot) m.update(p, shape, oneHot(t, c));
        else m.update(p, shape, l(t));
    }

    @Test
    void accuracyOnClassScoresInBatchesEqualsTheArrayFunction() {
        float[] proba = f(ClassificationMetricsTest.flatten(MCS_PROBA));
        Metric acc = new Accuracy();
        feed(acc, proba, 4, MCS_TRUE, 0, 7, false);
        feed(acc, proba, 4, MCS_TRUE, 7, 30, false);
        assertEquals(MCS_ACC, acc.result(), 1e-12);
        acc.reset();
        feed(acc, proba, 4, MCS_TRUE, 0, 30, true); // one-hot targets
        assertEquals(MCS_ACC, acc.result(), 1e-12);
    }

    @Test
    void accuracyOnBinaryProbabilities() {
        float[] s = f(TIE_SCORE);
        Metric acc = Metrics.byName("acc");
        assertEquals("acc", acc.name());
        acc.update(Arrays.copyOfRange(s, 0, 5), new int[] {5}, f(Arrays.copyOfRange(TIE_TRUE, 0, 5)));
        acc.update(Arrays.copyOfRange(s, 5, 12), new int[] {7, 1}, f(Arrays.copyOfRange(TIE_TRUE, 5, 12)));
        assertEquals(TIE_ACC_05, acc.result(), 1e-12);
        // logits: threshold 0
        Metric logits = new Accuracy(0.0);
        logits.update(new float[] {-2f, 3f, 0.5f, -0.1f}, new int[] {4}, new long[] {0, 1, 0, 0});
        assertEquals(0.75, logits.result(), 1e-12);
    }

    @Test
    void topKAccuracyStreams() {
        float[] proba = f(ClassificationMetricsTest.flatten(TOPK_TIE_SCORE));
        Metric top2 = Metrics.byName("top2");
        feed(top2, proba, 3, TOPK_TIE_TRUE, 0, 2, false);
        feed(top2, proba, 3, TOPK_TIE_TRUE, 2, 5, true);
        assertEquals(TOPK_TIE_2, top2.result(), 1e-12);
        assertEquals(5, ((TopKAccuracy) Metrics.byName("top_k_accuracy")).k());
        assertEquals(5, ((TopKAccuracy) Metrics.byName("TOP5")).k());
    }

    @Test
    void regressionMetricsStream() {
        // float inputs: compare with the array functions on the same float values widened to double
        float[] t = f(REG2_TRUE);
        float[] p = f(REG2_PRED);
        double[] td = new double[t.length];
        double[] pd = new double[p.length];
        for (int i = 0; i < t.length; i++) {
            td[i] = t[i];
            pd[i] = p[i];
        }
        for (String name : new String[] {"mse", "mae", "rmse"}) {
            Metric m = Metrics.byName(name);
            m.update(Arrays.copyOfRange(p, 0, 10), new int[] {10}, Arrays.copyOfRange(t, 0, 10));
            m.update(Arrays.copyOfRange(p, 10, 25), new int[] {15, 1}, Arrays.copyOfRange(t, 10, 25));
            double expected = switch (name) {
                case "mse" -> RegressionMetrics.mse(td, pd);
                case "mae" -> RegressionMetrics.mae(td, pd);
                default -> RegressionMetrics.rmse(td, pd);
            };
            assertEquals(expected, m.result(), 1e-12, name);
            // and with the float rounding of the inputs, close to sklearn's double values
            double sk = switch (name) {
                case "mse" -> REG2_MSE;
                case "mae" -> REG2_MAE;
                default -> REG2_RMSE;
            };
            assertEquals(sk, m.result(), 1e-6, name);
        }
    }

    @Test
    void precisionRecallF1StreamBinaryAndMultiClass() {
        float[] s = f(TIE_SCORE);
        int[] hard = Predictions.threshold(TIE_SCORE, 0.5);
        for (String name : new String[] {"precision", "recall", "f1"}) {
            Metric m = Metrics.byName(name);
            m.update(Arrays.copyOfRange(s, 0, 6), new int[] {6, 1}, l(Arrays.copyOfRange(TIE_TRUE, 0, 6)));
            m.update(Arrays.copyOfRange(s, 6, 12), new int[] {6}, l(Arrays.copyOfRange(TIE_TRUE, 6, 12)));
            double expected = switch (name) {
                case "precision" -> ClassificationMetrics.precision(TIE_TRUE, hard);
                case "recall" -> ClassificationMetrics.recall(TIE_TRUE, hard);
                default -> ClassificationMetrics.f1(TIE_TRUE, hard);
            };
            assertEquals(expected, m.result(), 1e-12, name);
        }
        float[] proba = f(ClassificationMetricsTest.flatten(MCS_PROBA));
        int[] argmax = Predictions.argmax(MCS_PROBA);
        for (Average avg : Average.values()) {
            Metric p = new Precision(avg);
            Metric r = new Recall(avg);
            Metric f1 = new F1Score(avg);
            for (Metric m : new Metric[] {p, r, f1}) {
                feed(m, proba, 4, MCS_TRUE, 0, 13, false);
                feed(m, proba, 4, MCS_TRUE, 13, 30, true);
            }
            assertEquals(ClassificationMetrics.precision(MCS_TRUE, argmax, 4, avg), p.result(), 1e-12);
            assertEquals(ClassificationMetrics.recall(MCS_TRUE, argmax, 4, avg), r.result(), 1e-12);
            assertEquals(ClassificationMetrics.f1(MCS_TRUE, argmax, 4, avg), f1.result(), 1e-12);
        }
        Metric f1 = new F1Score(Average.MACRO);
        feed(f1, proba, 4, MCS_TRUE, 0, 30, false);
        assertEquals(MCS_F1_MACRO, f1.result(), 1e-12);
    }

    @Test
    void aucStreamsExactly() {
        Metric auc = Metrics.byName("auc");
        float[] s = f(CONT_SCORE);
        auc.update(Arrays.copyOfRange(s, 0, 15), new int[] {15}, l(Arrays.copyOfRange(CONT_TRUE, 0, 15)));
        auc.update(Arrays.copyOfRange(s, 15, 40), new int[] {25, 1}, l(Arrays.copyOfRange(CONT_TRUE, 15, 40)));
        // float rounding of the scores keeps their order here, so the AUC is sklearn's
        assertEquals(CONT_AUC, auc.result(), 1e-12);
        // many small batches that grow the buffers
        auc.reset();
        for (int rep = 0; rep < 60; rep++) auc.update(s, new int[] {40}, f(CONT_TRUE));
        assertEquals(CONT_AUC, auc.result(), 1e-12);

        Metric ovr = new AUC(Average.WEIGHTED);
        float[] proba = f(ClassificationMetricsTest.flatten(MCS_PROBA));
        feed(ovr, proba, 4, MCS_TRUE, 0, 11, false);
        feed(ovr, proba, 4, MCS_TRUE, 11, 30, true);
        assertEquals(MCS_AUC_WEIGHTED, ovr.result(), 1e-9);
    }

    @Test
    void resetForgetsAndEmptyResultFails() {
        Metric acc = new Accuracy();
        var e = assertThrows(IllegalStateException.class, acc::result);
        assertEquals("accuracy: no samples since the last reset()", e.getMessage());
        acc.update(new float[] {0.9f, 0.1f}, new int[] {2}, new float[] {1, 1});
        assertEquals(0.5, acc.result());
        acc.reset();
        assertThrows(IllegalStateException.class, acc::result);
        // after reset a different layout is fine
        acc.update(new float[] {0.9f, 0.1f, 0.2f, 0.8f}, new int[] {2, 2}, new float[] {0, 1});
        assertEquals(1.0, acc.result());
        for (String name : Metrics.NAMES) {
            Metric m = Metrics.byName(name.equals("topN") ? "top3" : name);
            assertThrows(IllegalStateException.class, m::result, name);
        }
    }

    @Test
    void badBatchesFailClearly() {
        Metric acc = new Accuracy();
        var e = assertThrows(IllegalArgumentException.class,
                () -> acc.update(new float[] {0.1f, 0.9f, 0.3f}, new int[] {2, 2}, new float[] {1, 0}));
        assertEquals("accuracy: predictions shape [2, 2] does not match 3 elements", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> acc.update(new float[] {0.1f, 0.9f, 0.3f, 0.7f}, new int[] {2, 2}, new float[] {1, 0, 1}));
        assertEquals("accuracy: 3 targets for predictions of shape [2, 2]; expected 2 class indices or 4 one-hot values",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> acc.update(new float[] {0.1f, 0.9f, 0.3f, 0.7f}, new int[] {2, 2}, new long[] {1, 2}));
        assertEquals("accuracy: target 1 = 2.0 is not a class index in [0, 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> acc.update(new float[] {0.1f, Float.NaN}, new int[] {2}, new long[] {1, 0}));
        assertEquals("accuracy: prediction [1, 0] is NaN", e.getMessage());
        acc.update(new float[] {0.1f, 0.9f, 0.3f, 0.7f}, new int[] {2, 2}, new long[] {1, 1});
        e = assertThrows(IllegalArgumentException.class,
                () -> acc.update(new float[] {0.1f, 0.9f, 0.3f}, new int[] {1, 3}, new long[] {1}));
        assertTrue(e.getMessage().contains("earlier batches had 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().update(new float[] {1, 2}, new int[] {2}, new float[] {1}));
        assertEquals("mse: predictions have 2 elements but targets have 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.byName("accuracyy"));
        assertTrue(e.getMessage().startsWith("Metrics.byName: unknown metric \"accuracyy\"; known names: accuracy, acc"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.byName("top0"));
        e = assertThrows(IllegalArgumentException.class,
                () -> new Precision().update(new float[] {0.2f}, new int[] {1}, new float[] {2}));
        assertEquals("precision: binary target 0 = 2.0 is outside [0, 1]", e.getMessage());
    }

    @Test
    void byNameCoversTheKerasNames() {
        assertTrue(Metrics.byName(" Accuracy ") instanceof Accuracy);
        assertTrue(Metrics.byName("mean_squared_error") instanceof MeanSquaredError);
        assertTrue(Metrics.byName("mae") instanceof MeanAbsoluteError);
        assertTrue(Metrics.byName("rmse") instanceof RootMeanSquaredError);
        assertTrue(Metrics.byName("precision") instanceof Precision);
        assertTrue(Metrics.byName("recall") instanceof Recall);
        assertTrue(Metrics.byName("f1_score") instanceof F1Score);
        assertTrue(Metrics.byName("auc") instanceof AUC);
        assertEquals("top5", Metrics.byName("top5").name());
    }
}
