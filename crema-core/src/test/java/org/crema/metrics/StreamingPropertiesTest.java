package org.crema.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Splitting an epoch into batches of any sizes must not change a streaming metric's result. */
class StreamingPropertiesTest {

    @Property(tries = 200, seed = "42")
    void batchingNeverChangesTheResult(@ForAll @IntRange(min = 1, max = 60) int n,
            @ForAll @IntRange(min = 2, max = 6) int c, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] scores = new float[n * c];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            // quantized scores to make ties frequent
            for (int j = 0; j < c; j++) scores[i * c + j] = rnd.nextInt(5) / 4f;
            y[i] = i < c ? i : rnd.nextInt(c); // every class present so AUC is defined when n >= c
        }
        double[][] rows = new double[n][c];
        for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) rows[i][j] = scores[i * c + j];
        int[] pred = Predictions.argmax(rows);
        long[] targets = Arrays.stream(y).asLongStream().toArray();

        Metric[] metrics = {new Accuracy(), new TopKAccuracy(2), new Precision(Average.MACRO),
            new Recall(Average.WEIGHTED), new F1Score(Average.MICRO)};
        int from = 0;
        while (from < n) {
            int to = Math.min(n, from + 1 + rnd.nextInt(9));
            for (Metric m : metrics) {
                m.update(Arrays.copyOfRange(scores, from * c, to * c), new int[] {to - from, c},
                        Arrays.copyOfRange(targets, from, to));
            }
            from = to;
        }
        assertEquals(ClassificationMetrics.accuracy(y, pred), metrics[0].result(), 1e-12);
        assertEquals(ClassificationMetrics.topKAccuracy(y, rows, 2), metrics[1].result(), 1e-12);
        assertEquals(ClassificationMetrics.precision(y, pred, c, Average.MACRO), metrics[2].result(), 1e-12);
        assertEquals(ClassificationMetrics.recall(y, pred, c, Average.WEIGHTED), metrics[3].result(), 1e-12);
        assertEquals(ClassificationMetrics.f1(y, pred, c, Average.MICRO), metrics[4].result(), 1e-12);
        // micro F1 of single-label data is accuracy
        assertEquals(metrics[0].result(), metrics[4].result(), 1e-12);
    }

    @Property(tries = 200, seed = "7")
    void rocAucEqualsThePairwiseProbability(@ForAll @IntRange(min = 2, max = 80) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        int[] y = new int[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < 2 ? i : rnd.nextInt(2);
            s[i] = rnd.nextInt(7) / 6.0; // ties
        }
        // AUC = P(score of a positive > score of a negative) + 0.5 P(tie): the Mann-Whitney statistic
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / pairs, RankingMetrics.rocAuc(y, s), 1e-12);
        // dropping collinear points never changes the area
        assertEquals(RankingMetrics.rocCurve(y, s, 1, false).auc(), RankingMetrics.rocCurve(y, s).auc(), 1e-12);
    }
}
