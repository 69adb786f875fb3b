package org.crema.data;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.DType;
import org.crema.data.io.CremaDataException;
import org.crema.data.io.FashionMnist;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    @Test
    void syntheticShapesAreDeterministicAndBalanced() {
        Labeled a = Datasets.syntheticShapes(500, 9, 1, 28), b = Datasets.syntheticShapes(500, 9, 1, 28);
        assertArrayEquals(new int[] {500, 1, 28, 28}, a.x().shape());
        assertEquals(DType.INT64, a.y().dtype());
        assertTrue(a.x().equal(b.x()));
        assertEquals(10, a.numClasses());
        long[] counts = new long[10];
        for (long l : a.y().toLongArray()) counts[(int) l]++;
        for (long c : counts) assertTrue(c > 20, "every class appears: " + java.util.Arrays.toString(counts));
        assertTrue(a.x().max().item() <= 1 && a.x().min().item() >= 0);
        assertArrayEquals(new int[] {10, 3, 32, 32}, Datasets.syntheticShapes(10, 1, 3, 32).x().shape());
    }

    @Test
    void fashionMnistAsTensors() throws Exception {
        Assumptions.assumeTrue(FashionMnist.isInstalled(), "dataset-fashion-mnist not installed");
        Labeled test = Datasets.fashionMnist(false);
        assertArrayEquals(new int[] {10000, 1, 28, 28}, test.x().shape());
        assertEquals(10000, test.y().numel());
    }

    @Test
    void unknownNameSaysWhatIsKnown() {
        CremaDataException e = assertThrows(CremaDataException.class, () -> Datasets.byName("no-such-set", true));
        assertTrue(e.getMessage().contains("fashion-mnist"), e.getMessage());
    }

    @Test
    void csvByPathTakesTheLastColumnAsTheClass(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("iris.csv");
        java.nio.file.Files.writeString(f, "a,b,\"kind, of\"\n1,2,setosa\n3,4,virginica\n5,6,setosa\n");
        Labeled d = Datasets.byName(f.toString(), true);
        assertArrayEquals(new int[] {3, 2}, d.x().shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.x().toFloatArray());
        assertEquals(2, d.numClasses());
        assertEquals(d.y().toLongArray()[0], d.y().toLongArray()[2]);
        assertNotEquals(d.y().toLongArray()[0], d.y().toLongArray()[1]);
    }
}
