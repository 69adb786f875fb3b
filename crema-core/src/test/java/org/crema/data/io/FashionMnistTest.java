package org.crema.data.io;

import static org.crema.data.io.TestData.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir Path dir;

    @Test
    void defaultDirIsWhereDebianPutsIt() {
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), FashionMnist.defaultDir());
        assertEquals(10, FashionMnist.CLASS_NAMES.size());
        assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(9));
    }

    @Test
    void loadsTheInstalledDatasetIfPresent() throws Exception {
        assumeTrue(FashionMnist.isInstalled(), "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        assertEquals(FashionMnist.defaultDir().resolve("train-images-idx3-ubyte.gz"), FashionMnist.trainImages());
        assertEquals(FashionMnist.defaultDir().resolve("t10k-labels-idx1-ubyte.gz"), FashionMnist.testLabels());
        LabeledImages train = FashionMnist.train();
        LabeledImages test = FashionMnist.test();
        assertArrayEquals(new int[] {60000, 28, 28}, train.images().shape());
        assertArrayEquals(new int[] {10000, 28, 28}, test.images().shape());
        for (LabeledImages d : List.of(train, test)) {
            int[] perClass = new int[10];
            for (long y : d.labels()) perClass[(int) y]++; // would throw if outside 0..9
            for (int c : perClass) assertEquals(d.count() / 10, c, "Fashion-MNIST is balanced");
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (float v : d.images().data()) { min = Math.min(min, v); max = Math.max(max, v); }
            assertEquals(0f, min);
            assertEquals(1f, max);
            assertEquals(FashionMnist.CLASS_NAMES, d.classNames());
        }
    }

    @Test
    void missingDatasetSaysHowToGetIt() {
        CremaDataException e = assertThrows(CremaDataException.class, () -> FashionMnist.train(dir));
        assertTrue(e.getMessage().startsWith("Fashion-MNIST: not found in " + dir), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        CremaDataException m = assertThrows(CremaDataException.class, () -> Mnist.test(dir));
        assertTrue(m.getMessage().startsWith("MNIST: not found in " + dir), m.getMessage());
    }

    @Test
    void findsRawGzippedAndDottedNames() throws Exception {
        write(dir.resolve("train-images-idx3-ubyte"), idxUbyte(new byte[] {0, (byte) 255}, 2, 1, 1));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idxUbyte(new byte[] {3, 9}, 2)));
        write(dir.resolve("t10k-images.idx3-ubyte"), idxUbyte(new byte[] {1}, 1, 1, 1));
        write(dir.resolve("t10k-labels.idx1-ubyte.gz"), gzip(idxUbyte(new byte[] {4}, 1)));
        MnistFiles f = Mnist.files(dir);
        assertTrue(f.complete());
        assertEquals(dir.resolve("t10k-images.idx3-ubyte"), f.testImages());
        LabeledImages train = Mnist.train(dir);
        assertArrayEquals(new long[] {3, 9}, train.labels());
        assertArrayEquals(new float[] {0f, 1f}, train.images().data());
        assertEquals("9", train.classNames().get(9));
        assertArrayEquals(new long[] {4}, FashionMnist.test(dir).labels());
    }

    @Test
    void partialDirectoryListsWhatIsMissing() {
        write(dir.resolve("train-images-idx3-ubyte"), idxUbyte(new byte[] {0}, 1, 1, 1));
        MnistFiles f = MnistFiles.in(dir);
        assertEquals(3, f.missing().size());
        CremaDataException e = assertThrows(CremaDataException.class, () -> FashionMnist.train(dir));
        assertTrue(e.getMessage().contains("[train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte]"),
                e.getMessage());
    }

    @Test
    void mismatchedCountsInADatasetDirectory() {
        write(dir.resolve("train-images-idx3-ubyte"), idxUbyte(new byte[] {0, 1, 2}, 3, 1, 1));
        write(dir.resolve("train-labels-idx1-ubyte"), idxUbyte(new byte[] {0, 1}, 2));
        write(dir.resolve("t10k-images-idx3-ubyte"), idxUbyte(new byte[] {0}, 1, 1, 1));
        write(dir.resolve("t10k-labels-idx1-ubyte"), idxUbyte(new byte[] {12}, 1));
        CremaDataException e = assertThrows(CremaDataException.class, () -> FashionMnist.train(dir));
        assertTrue(e.getMessage().contains("holds 3 images but label file"), e.getMessage());
        CremaDataException l = assertThrows(CremaDataException.class, () -> FashionMnist.test(dir));
        assertTrue(l.getMessage().contains("label 12 at index 0 is outside [0, 10)"), l.getMessage());
    }
}
