package org.crema.metrics.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SplittersTest {
    // scikit-learn 1.2.1, printed by crema-core/src/test/python/sklearn_reference.py
    private static final int[][] KFOLD3_N10 = {{0, 1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    private static final int[][] KFOLD4_N7 = {{0, 1}, {2, 3}, {4, 5}, {6}};
    private static final int[] SKF_Y = {2, 0, 0, 1, 2, 0, 0, 2, 1, 0, 0, 2, 0, 1, 2, 0};
    private static final int[][] SKF3 = {{0, 1, 2, 3, 4, 5}, {6, 7, 8, 9, 11}, {10, 12, 13, 14, 15}};

    private static void assertTests(int[][] expected, List<Fold> folds, int n) {
        assertEquals(expected.length, folds.size());
        for (int f = 0; f < expected.length; f++) {
            assertArrayEquals(expected[f], folds.get(f).test(), "fold " + f);
            int ff = f;
            int[] train = IntStream.range(0, n).filter(i -> Arrays.binarySearch(expected[ff], i) < 0).toArray();
            assertArrayEquals(train, folds.get(f).train(), "fold " + f);
        }
    }

    @Test
    void unshuffledKFoldEqualsSklearn() {
        assertTests(KFOLD3_N10, new KFold(3).split(10), 10);
        assertTests(KFOLD4_N7, new KFold(4).split(7), 7);
    }

    @Test
    void unshuffledStratifiedKFoldEqualsSklearn() {
        assertTests(SKF3, new StratifiedKFold(3).split(SKF_Y), SKF_Y.length);
    }

    @Test
    void shuffledFoldsAreSeededAndKeepSklearnSizes() {
        List<Fold> a = new KFold(4, 123).split(23);
        assertEquals(a, new KFold(4, 123).split(23));
        assertNotEquals(a, new KFold(4, 124).split(23));
        assertArrayEquals(new int[] {6, 6, 6, 5}, a.stream().mapToInt(Fold::testSize).toArray());
        List<Fold> s = new StratifiedKFold(3, 5).split(SKF_Y);
        assertEquals(s, new StratifiedKFold(3, 5).split(SKF_Y));
        // same per-class allocation as the unshuffled split
        for (int f = 0; f < 3; f++) {
            assertArrayEquals(classCounts(SKF3[f]), classCounts(s.get(f).test()));
        }
    }

    private static int[] classCounts(int[] idx) {
        int[] c = new int[3];
        for (int i : idx) c[SKF_Y[i]]++;
        return c;
    }

    @Property(tries = 100, seed = "3")
    void foldsPartitionTheSamples(@ForAll @IntRange(min = 2, max = 8) int k, @ForAll @IntRange(min = 30, max = 90) int n,
            @ForAll long seed) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = (int) Math.floorMod(seed + i * 7L, 3);
        List<List<Fold>> splits = List.of(new KFold(k, seed).split(n), new KFold(k).split(n),
                new StratifiedKFold(k, seed).split(y));
        for (int s = 0; s < splits.size(); s++) {
            List<Fold> folds = splits.get(s);
            assertEquals(k, folds.size());
            int[] seen = new int[n];
            for (Fold f : folds) {
                for (int i : f.test()) seen[i]++;
                assertEquals(n, f.trainSize() + f.testSize());
                assertTrue(IntStream.of(f.train()).noneMatch(i -> Arrays.binarySearch(f.test(), i) >= 0));
                int[] sorted = f.test().clone();
                Arrays.sort(sorted);
                assertArrayEquals(sorted, f.test());
            }
            assertTrue(IntStream.of(seen).allMatch(v -> v == 1));
            int min = folds.stream().mapToInt(Fold::testSize).min().orElseThrow();
            int max = folds.stream().mapToInt(Fold::testSize).max().orElseThrow();
            // k-fold sizes differ by at most 1; stratified by at most 1 per class
            assertTrue(max - min <= (s < 2 ? 1 : 3), "sizes " + min + ".." + max);
        }
    }

    @Test
    void invalidSplitsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new KFold(1));
        assertEquals("KFold: nSplits must be at least 2 but is 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new KFold(5).split(3));
        assertEquals("KFold: cannot have nSplits=5 greater than the number of samples: nSamples=3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StratifiedKFold(3).split(new int[] {0, 0, 1, 1}));
        assertEquals("StratifiedKFold: nSplits=3 cannot be greater than the number of members in each class"
                + " (largest class has 2)", e.getMessage());
    }
}
