package org.crema.data.io;

import static org.crema.data.io.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir Path dir;

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' lacks '" + p + "'");
    }

    private CremaDataException fails(byte[] content) {
        Path f = write(dir.resolve("bad.bin"), content);
        CremaDataException e = assertThrows(CremaDataException.class, () -> Cifar10Reader.readFile(f));
        assertTrue(e.getMessage().startsWith("CIFAR-10 file " + f + ": "), e.getMessage());
        return e;
    }

    @Test
    void readsOneFileAsNchwInUnitRange() throws Exception {
        LabeledImages d = Cifar10Reader.readFile(write(dir.resolve("b.bin"), cifarBatch(3, 9, 0)));
        assertEquals(3, d.count());
        assertArrayEquals(new long[] {3, 9, 0}, d.labels());
        assertArrayEquals(new int[] {3, 3, 32, 32}, d.images().shape());
        assertEquals(Cifar10Reader.CLASS_NAMES, d.classNames());
        float[] x = d.images().data();
        // Record i has pixel p = (7i + p) & 0xFF; the file order R,G,B planes is NCHW already.
        for (int i = 0; i < 3; i++) {
            for (int p = 0; p < 3072; p += 97) assertEquals(((7 * i + p) & 0xFF) / 255f, x[i * 3072 + p]);
        }
        // Channel 1 (green), row 2, col 5 of image 1.
        int p = 1024 + 2 * 32 + 5;
        assertEquals(((7 + p) & 0xFF) / 255f, x[3072 + p]);
        float min = 1, max = 0;
        for (float v : x) { min = Math.min(min, v); max = Math.max(max, v); }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void readsTrainAndTestFromDirectoryWithMeta() throws Exception {
        Path d = dir.resolve("cifar-10-batches-bin");
        for (int b = 1; b <= 5; b++) write(d.resolve("data_batch_" + b + ".bin"), cifarBatch(b, b + 1));
        write(d.resolve("test_batch.bin"), cifarBatch(7));
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        write(d.resolve("batches.meta.txt"), String.join("\n", names) + "\n\n");
        for (Path where : List.of(d, dir)) { // the batches dir itself or its parent
            LabeledImages train = Cifar10Reader.readTrain(where);
            assertArrayEquals(new long[] {1, 2, 2, 3, 3, 4, 4, 5, 5, 6}, train.labels());
            assertEquals(names, train.classNames());
            assertArrayEquals(new int[] {10, 3, 32, 32}, train.images().shape());
            // Second record of batch 3 was written with seed 7.
            assertEquals((7 & 0xFF) / 255f, train.images().data()[5 * 3072]);
            LabeledImages test = Cifar10Reader.readTest(where);
            assertArrayEquals(new long[] {7}, test.labels());
        }
    }

    @Test
    void defaultClassNamesWithoutMeta() throws Exception {
        write(dir.resolve("test_batch.bin"), cifarBatch(1));
        assertEquals("automobile", Cifar10Reader.readTest(dir).classNames().get(1));
    }

    @Test
    void badMetaFile() {
        write(dir.resolve("test_batch.bin"), cifarBatch(1));
        write(dir.resolve("batches.meta.txt"), "cat\ndog\n");
        assertMentions(assertThrows(CremaDataException.class, () -> Cifar10Reader.readTest(dir)),
                "batches.meta.txt", "lists 2 class names, expected 10");
    }

    @Test
    void missingBatchNamesTheFile() {
        for (int b = 1; b <= 4; b++) write(dir.resolve("data_batch_" + b + ".bin"), cifarBatch(0));
        assertMentions(assertThrows(CremaDataException.class, () -> Cifar10Reader.readTrain(dir)),
                "data_batch_5.bin", "not found", "cifar-10-batches-bin");
    }

    @Test
    void labelAboveNine() {
        assertMentions(fails(cifarBatch(0, 10)), "record 1 (byte offset 3073) has label 10, outside 0..9");
        assertMentions(fails(cifarBatch(255)), "record 0", "label 255");
    }

    @Test
    void truncatedRecord() {
        byte[] b = cifarBatch(1, 2);
        assertMentions(fails(Arrays.copyOf(b, b.length - 1)), "6145 bytes is not a whole number of 3073-byte records",
                "1 records and 3072 bytes over");
    }

    @Test
    void trailingGarbage() {
        assertMentions(fails(concat(cifarBatch(1), new byte[] {0, 0})), "3075 bytes", "2 bytes over");
    }

    @Test
    void emptyFile() {
        assertMentions(fails(new byte[0]), "is empty");
    }

    @Test
    void gzippedBatchGetsAHint() {
        byte[] gz = gzip(cifarBatch(1, 2, 3));
        // Pad to a whole record so the size check passes and the label check sees the gzip magic.
        byte[] padded = Arrays.copyOf(gz, Cifar10Reader.RECORD_BYTES);
        assertMentions(fails(padded), "label 31", "gzip-compressed");
    }

    @Test
    void directoryOrMissingFile() {
        assertMentions(assertThrows(CremaDataException.class, () -> Cifar10Reader.readFile(dir)), "is a directory");
        assertMentions(assertThrows(CremaDataException.class, () -> Cifar10Reader.readFile(dir.resolve("x.bin"))), "not found");
    }
}
