package org.crema.metrics.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.crema.metrics.ClassificationMetrics;
import org.junit.jupiter.api.Test;

class CrossValidationTest {

    /** Majority-class "model": trains by counting labels, predicts the most frequent one. */
    private static double majorityAccuracy(int[] y, int[] train, int[] test) {
        int[] counts = new int[3];
        for (int i : train) counts[y[i]]++;
        int best = 0;
        for (int c = 1; c < 3; c++) if (counts[c] > counts[best]) best = c;
        int[] truth = new int[test.length];
        int[] pred = new int[test.length];
        for (int i = 0; i < test.length; i++) {
            truth[i] = y[test[i]];
            pred[i] = best;
        }
        return ClassificationMetrics.accuracy(truth, pred);
    }

    @Test
    void scoresEveryFoldAndSummarizes() {
        int[] y = {0, 0, 0, 0, 1, 1, 1, 0, 0, 2};
        List<int[]> seenTests = new ArrayList<>();
        CvResult r = CrossValidation.run(10, new KFold(3), (train, test) -> {
            seenTests.add(test);
            return majorityAccuracy(y, train, test);
        });
        assertEquals(3, r.folds());
        assertArrayEquals(new int[] {0, 1, 2, 3}, seenTests.get(0));
        // fold 0: train 4..9 is mostly 1, test all 0 -> 0; fold 1: train mostly 0, test all 1 -> 0;
        // fold 2: train mostly 0, test {0, 0, 2} -> 2/3
        assertArrayEquals(new double[] {0.0, 0.0, 2.0 / 3}, r.scores(), 1e-15);
        // numpy: a = np.array([0, 0, 2/3]); a.mean(), a.std() (ddof=0)
        assertEquals(0.2222222222222222, r.mean(), 1e-15);
        assertEquals(0.31426968052735443, r.std(), 1e-15);
        assertTrue(r.toString().startsWith("0.2222 +- 0.3143 over 3 folds"), r.toString());
    }

    @Test
    void stratifiedAndSeededShortcuts() {
        int[] y = {0, 1, 0, 1, 0, 1, 0, 1, 2, 2, 2, 2};
        CvResult strat = CrossValidation.run(y, new StratifiedKFold(4), (train, test) -> test.length);
        assertArrayEquals(new double[] {3, 3, 3, 3}, strat.scores());
        assertEquals(0.0, strat.std());
        CvResult a = CrossValidation.run(12, 5, 99L, (train, test) -> majorityAccuracy(y, train, test));
        CvResult b = CrossValidation.run(12, 5, 99L, (train, test) -> majorityAccuracy(y, train, test));
        assertEquals(a, b);
        assertThrows(IllegalArgumentException.class, () -> CrossValidation.run(List.of(), (train, test) -> 0));
    }
}
