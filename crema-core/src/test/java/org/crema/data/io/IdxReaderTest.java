package org.crema.data.io;

import static org.crema.data.io.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir Path dir;

    private static final List<String> THREE = List.of("a", "b", "c");

    private CremaDataException fails(byte[] content) {
        Path f = write(dir.resolve("bad.idx"), content);
        CremaDataException e = assertThrows(CremaDataException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().startsWith("IDX file " + f + ": "), e.getMessage());
        assertEquals(f.toString(), e.source());
        return e;
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' lacks '" + p + "'");
    }

    @ParameterizedTest
    @EnumSource(IdxType.class)
    void roundTripsEveryTypeRawAndGzip(IdxType type) throws Exception {
        double[] v = {0, 1, 2, 3, 4, 5, 100, 127};
        if (type != IdxType.UBYTE) v[1] = -1;
        if (type == IdxType.FLOAT || type == IdxType.DOUBLE) v[2] = 2.5;
        byte[] file = idx(type, v, 2, 4);
        for (byte[] content : List.of(file, gzip(file))) {
            IdxArray a = IdxReader.read(write(dir.resolve("a.idx"), content));
            assertEquals(type, a.type());
            assertArrayEquals(new int[] {2, 4}, a.dims());
            assertEquals(8, a.size());
            assertEquals(2, a.count());
            assertArrayEquals(v, a.toDoubleArray());
            float[] f = a.toFloatArray(0.5f);
            for (int i = 0; i < v.length; i++) assertEquals((float) (v[i] * 0.5), f[i]);
            if (type.isInteger()) {
                assertArrayEquals(Arrays.stream(v).mapToLong(d -> (long) d).toArray(), a.toLongArray());
                assertArrayEquals(Arrays.stream(v).mapToInt(d -> (int) d).toArray(), a.toIntArray());
            } else {
                assertThrows(IllegalStateException.class, a::toLongArray);
            }
        }
    }

    @Test
    void unsignedBytesAbove127StayPositive() throws Exception {
        IdxArray a = IdxReader.read(write(dir.resolve("u.idx"), idxUbyte(new byte[] {(byte) 255, (byte) 128}, 2)));
        assertArrayEquals(new long[] {255, 128}, a.toLongArray());
        IdxArray s = IdxReader.read(write(dir.resolve("s.idx"), concat(idxHeader(0x09, 2), new byte[] {(byte) 255, (byte) 128})));
        assertArrayEquals(new long[] {-1, -128}, s.toLongArray());
    }

    @Test
    void gzipIsDetectedByContentNotName() throws Exception {
        byte[] file = idxUbyte(new byte[] {1, 2, 3}, 3);
        assertArrayEquals(new long[] {1, 2, 3}, IdxReader.read(write(dir.resolve("plain.gz"), file)).toLongArray());
        assertArrayEquals(new long[] {1, 2, 3}, IdxReader.read(write(dir.resolve("packed.idx"), gzip(file))).toLongArray());
    }

    @Test
    void readsFromStreams() throws Exception {
        byte[] file = idxUbyte(new byte[] {7, 8}, 1, 2);
        assertArrayEquals(new long[] {7, 8}, IdxReader.read(new ByteArrayInputStream(gzip(file)), "mem").toLongArray());
        CremaDataException e = assertThrows(CremaDataException.class,
                () -> IdxReader.read(new ByteArrayInputStream(Arrays.copyOf(file, file.length - 1)), "mem"));
        assertMentions(e, "IDX file mem: truncated", "expected 2 bytes", "only 1 follow");
    }

    @Test
    void readImagesScalesToUnitRangeWithShape() throws Exception {
        byte[] px = new byte[2 * 2 * 3];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 23);
        px[5] = (byte) 255;
        ImageArray img = IdxReader.readImages(write(dir.resolve("img"), gzip(idxUbyte(px, 2, 2, 3))));
        assertArrayEquals(new int[] {2, 2, 3}, img.shape());
        assertEquals(2, img.count());
        for (int i = 0; i < px.length; i++) assertEquals((px[i] & 0xFF) / 255f, img.data()[i]);
        assertEquals(1f, img.data()[5], 1e-7f);
        assertEquals(0f, img.data()[0]);
    }

    @Test
    void readImagesRejectsNonByteOrOneDimensional() {
        Path f = write(dir.resolve("f.idx"), idx(IdxType.FLOAT, new double[] {1, 2}, 1, 2));
        assertMentions(assertThrows(CremaDataException.class, () -> IdxReader.readImages(f)), "expected unsigned-byte", "FLOAT");
        Path g = write(dir.resolve("g.idx"), idxUbyte(new byte[] {1, 2}, 2));
        assertMentions(assertThrows(CremaDataException.class, () -> IdxReader.readImages(g)), "at least 2 dimensions", "[2]");
    }

    @Test
    void readLabelsChecksRangeTypeAndRank() throws Exception {
        Path f = write(dir.resolve("l.idx"), idxUbyte(new byte[] {0, 2, 1, 9}, 4));
        assertArrayEquals(new long[] {0, 2, 1, 9}, IdxReader.readLabels(f));
        assertArrayEquals(new long[] {0, 2, 1, 9}, IdxReader.readLabels(f, 10));
        assertMentions(assertThrows(CremaDataException.class, () -> IdxReader.readLabels(f, 9)),
                "label 9 at index 3 is outside [0, 9)");
        Path neg = write(dir.resolve("n.idx"), idx(IdxType.INT, new double[] {1, -4}, 2));
        assertMentions(assertThrows(CremaDataException.class, () -> IdxReader.readLabels(neg)), "label -4 at index 1");
        Path fl = write(dir.resolve("fl.idx"), idx(IdxType.DOUBLE, new double[] {1}, 1));
        assertMentions(assertThrows(CremaDataException.class, () -> IdxReader.readLabels(fl)), "expected integer labels");
        Path two = write(dir.resolve("two.idx"), idxUbyte(new byte[] {1, 2}, 1, 2));
        assertMentions(assertThrows(CremaDataException.class, () -> IdxReader.readLabels(two)), "1-dimensional", "[1, 2]");
        assertThrows(IllegalArgumentException.class, () -> IdxReader.readLabels(f, 0));
    }

    @Test
    void readLabeledPairsImagesAndLabels() throws Exception {
        Path img = write(dir.resolve("img"), idxUbyte(new byte[] {1, 2, 3, 4, 5, 6}, 3, 1, 2));
        Path lab = write(dir.resolve("lab"), idxUbyte(new byte[] {2, 0, 1}, 3));
        LabeledImages d = IdxReader.readLabeled(img, lab, THREE);
        assertEquals(3, d.count());
        assertArrayEquals(new long[] {2, 0, 1}, d.labels());
        assertEquals(THREE, d.classNames());
        assertArrayEquals(new int[] {3, 1, 2}, d.images().shape());
    }

    @Test
    void imageLabelCountMismatchIsAnError() {
        Path img = write(dir.resolve("img"), idxUbyte(new byte[] {1, 2, 3, 4, 5, 6}, 3, 1, 2));
        Path lab = write(dir.resolve("lab"), idxUbyte(new byte[] {2, 0}, 2));
        assertMentions(assertThrows(CremaDataException.class, () -> IdxReader.readLabeled(img, lab, THREE)),
                "holds 3 images but label file", "holds 2 labels");
    }

    @Test
    void labelBeyondClassNamesIsAnError() {
        Path img = write(dir.resolve("img"), idxUbyte(new byte[] {1, 2}, 2, 1, 1));
        Path lab = write(dir.resolve("lab"), idxUbyte(new byte[] {2, 3}, 2));
        assertMentions(assertThrows(CremaDataException.class, () -> IdxReader.readLabeled(img, lab, THREE)),
                "label 3 at index 1 is outside [0, 3)");
    }

    @Test
    void emptyDimensionGivesEmptyArray() throws Exception {
        IdxArray a = IdxReader.read(write(dir.resolve("e"), idxHeader(0x08, 0, 28, 28)));
        assertEquals(0, a.size());
        assertEquals(0, a.toFloatArray().length);
    }

    @Test
    void badMagic() {
        assertMentions(fails(new byte[] {1, 0, 8, 1, 0, 0, 0, 0}), "bad magic 0x01000801", "two zero bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x07, 0x0A, 0x0F, 0xFF})
    void unknownTypeCode(int code) {
        assertMentions(fails(concat(idxHeader(code, 1), new byte[] {0})), "unknown type code 0x" + String.format("%02x", code));
    }

    @Test
    void zeroDimensions() {
        assertMentions(fails(new byte[] {0, 0, 8, 0}), "0 dimensions");
    }

    @Test
    void tooShortForMagic() {
        assertMentions(fails(new byte[] {0, 0}), "only 2 bytes long", "4-byte IDX magic");
        assertMentions(fails(new byte[0]), "only 0 bytes long");
    }

    @Test
    void truncatedHeader() {
        assertMentions(fails(new byte[] {0, 0, 8, 3, 0, 0, 0, 5, 0, 0}), "truncated header", "3 dimensions need 12 bytes", "only 6 follow");
    }

    @Test
    void negativeDimensionIsAbsurd() {
        assertMentions(fails(idxHeader(0x08, 10, -1)), "dimension 1 is 4294967295", "absurdly large");
    }

    @Test
    void dimsBeyondAnyArrayAreRejectedBeforeAllocating() {
        assertMentions(fails(idxHeader(0x08, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)),
                "more than 2^59 elements", "more than the largest Java array");
        assertMentions(fails(idxHeader(0x0E, 1 << 28)), "268435456 elements (2147483648 bytes)", "largest Java array");
    }

    @Test
    void headerClaimingMoreThanTheFileIsRejectedBeforeAllocating() {
        // 2^31 - 9 bytes would be allocatable in principle; the file size check must fire first.
        assertMentions(fails(concat(idxHeader(0x08, 60000, 28, 28), new byte[1200])),
                "header says UBYTE [60000, 28, 28] (47040000 bytes of data) but only 1200 bytes follow");
    }

    @Test
    void truncatedData() {
        byte[] good = idxUbyte(new byte[] {1, 2, 3, 4}, 2, 2);
        assertMentions(fails(Arrays.copyOf(good, good.length - 1)), "(4 bytes of data) but only 3 bytes follow");
    }

    @Test
    void trailingGarbageIsAnError() {
        assertMentions(fails(concat(idxUbyte(new byte[] {1, 2}, 2), new byte[] {9, 9, 9})), "3 bytes of trailing garbage");
    }

    @Test
    void gzipTruncatedData() {
        byte[] gz = gzip(idxUbyte(new byte[] {1, 2, 3, 4}, 2, 2));
        byte[] lying = gzip(concat(idxHeader(0x08, 3, 2), new byte[] {1, 2, 3, 4}));
        assertMentions(fails(lying), "truncated: expected 6 bytes", "only 4 follow");
        // Cutting the compressed stream itself.
        assertMentions(fails(Arrays.copyOf(gz, gz.length - 9)), "corrupt or truncated gzip data");
        assertMentions(fails(Arrays.copyOf(gz, 12)), "gzip");
    }

    @Test
    void gzipTrailingGarbageInsideTheStream() {
        assertMentions(fails(gzip(concat(idxUbyte(new byte[] {1, 2}, 2), new byte[] {5}))), "1 bytes of trailing garbage");
    }

    @Test
    void gzipHeaderClaimingMoreThanDeflateCanExpandIsRejected() {
        // 60000x28x28 bytes cannot come out of a ~40-byte gzip file.
        byte[] gz = gzip(idxHeader(0x08, 60000, 28, 28));
        assertMentions(fails(gz), "more than a " + gz.length + "-byte gzip file can hold", "1032:1");
    }

    @Test
    void gzipWithHugeClaimFromAStreamIsCaughtAsTruncationWithoutHugeAllocation() {
        // No file size to check: the reader must grow its buffer only as data arrives.
        byte[] gz = gzip(concat(idxHeader(0x08, Integer.MAX_VALUE - 100), new byte[5000]));
        CremaDataException e = assertThrows(CremaDataException.class,
                () -> IdxReader.read(new ByteArrayInputStream(gz), "stream"));
        assertMentions(e, "truncated", "only 5000 follow");
    }

    @Test
    void corruptGzipBody() {
        byte[] gz = gzip(idxUbyte(new byte[100], 10, 10));
        for (int i = 10; i < gz.length - 8; i++) gz[i] ^= (byte) 0x5A;
        assertMentions(fails(gz), "gzip");
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("nope.idx");
        CremaDataException e = assertThrows(CremaDataException.class, () -> IdxReader.read(missing));
        assertMentions(e, missing.toString(), "not found");
        assertInstanceOf(java.nio.file.NoSuchFileException.class, e.getCause());
        assertMentions(assertThrows(CremaDataException.class, () -> IdxReader.read(dir)), "is a directory");
    }
}
