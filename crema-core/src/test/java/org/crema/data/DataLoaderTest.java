package org.crema.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crema.Generator;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    private static TensorDataset data(int n) {
        float[] x = new float[n * 2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) { x[2 * i] = i; x[2 * i + 1] = -i; y[i] = i; }
        return new TensorDataset(Tensor.wrap(x, n, 2), Tensor.wrap(y, n));
    }

    private static List<long[]> epoch(DataLoader l) {
        List<long[]> out = new ArrayList<>();
        for (Batch b : l) {
            assertArrayEquals(b.x().select(1, 0).toFloatArray(), b.y().to(org.crema.DType.FLOAT32).toFloatArray());
            out.add(b.y().toLongArray());
        }
        return out;
    }

    @Test
    void batchesCoverEveryExampleOnce() {
        DataLoader l = new DataLoader(data(10), 3, true, 7, false);
        assertEquals(4, l.numBatches());
        List<long[]> e = epoch(l);
        assertEquals(4, e.size());
        assertEquals(1, e.get(3).length);
        long[] all = e.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all);
    }

    @Test
    void dropLastAndNoShuffle() {
        DataLoader l = new DataLoader(data(10), 4, false, 0, true);
        List<long[]> e = epoch(l);
        assertEquals(2, e.size());
        assertArrayEquals(new long[] {0, 1, 2, 3}, e.get(0));
    }

    @Test
    void shuffleIsSeededAndChangesPerEpoch() {
        DataLoader a = new DataLoader(data(50), 50, true, 3, false), b = new DataLoader(data(50), 50, true, 3, false);
        long[] a1 = epoch(a).get(0), a2 = epoch(a).get(0);
        assertArrayEquals(a1, epoch(b).get(0));
        assertFalse(Arrays.equals(a1, a2));
        b.setEpoch(1);
        assertArrayEquals(a2, epoch(b).get(0));
    }

    @Test
    void prefetchGivesTheSameBatchesAsInline() {
        DataLoader p = new DataLoader(data(37), 5, true, 11, false);
        DataLoader q = new DataLoader(data(37), 5, true, 11, false).prefetch(0);
        List<long[]> ep = epoch(p), eq = epoch(q);
        for (int i = 0; i < ep.size(); i++) assertArrayEquals(eq.get(i), ep.get(i));
    }

    @Test
    void abandonedEpochDoesNotBlockTheNext() {
        DataLoader l = new DataLoader(data(100), 2, false, 0, false);
        for (Batch b : l) break;
        assertEquals(50, epoch(l).size());
    }

    @Test
    void errorsInLoadingReachTheCaller() {
        Dataset bad = new Dataset() {
            public int size() { return 4; }
            public Tensor[] get(int i) { throw new IllegalStateException("broken example " + i); }
        };
        DataLoader l = new DataLoader(bad, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.iterator().next());
        assertTrue(e.getMessage().contains("broken example"));
    }

    @Test
    void splitsAreDisjointAndSeeded() {
        TensorDataset d = data(10);
        Subset[] s = Splits.trainTestSplit(d, 0.3, 5);
        assertEquals(7, s[0].size());
        assertEquals(3, s[1].size());
        int[] all = new int[10];
        for (Subset sub : s) for (int i : sub.indices()) all[i]++;
        for (int c : all) assertEquals(1, c);
        assertArrayEquals(s[1].indices(), Splits.trainTestSplit(d, 0.3, 5)[1].indices());
        Subset[] r = Splits.randomSplit(d, new double[] {0.5, 0.25, 0.25}, 1);
        assertEquals(10, r[0].size() + r[1].size() + r[2].size());
        assertThrows(IllegalArgumentException.class, () -> Splits.randomSplit(d, new int[] {3, 3}, 1));
    }

    @Test
    void transforms() {
        Tensor x = Tensor.arange(0.0, 8.0, 1.0).reshape(1, 2, 2, 2);
        Tensor[] b = {x, Tensor.of(new long[] {1})};
        Generator g = new Generator(1);
        Tensor n = Transforms.normalize(new double[] {1, 5}, new double[] {2, 1}).apply(b, g)[0];
        assertArrayEquals(new float[] {-0.5f, 0, 0.5f, 1, -1, 0, 1, 2}, n.toFloatArray());
        Tensor f = Transforms.horizontalFlip(1.0).apply(b, g)[0];
        assertArrayEquals(new float[] {1, 0, 3, 2, 5, 4, 7, 6}, f.toFloatArray());
        Tensor c = Transforms.randomCrop(2, 1).apply(b, g)[0];
        assertArrayEquals(new int[] {1, 2, 2, 2}, c.shape());
        assertArrayEquals(new float[] {0, 1}, Transforms.oneHot(2).apply(b, g)[1].toFloatArray());
        assertEquals(2f, Transforms.scale(0.5).apply(new Tensor[] {Tensor.full(4, 1)}, g)[0].item());
    }
}
