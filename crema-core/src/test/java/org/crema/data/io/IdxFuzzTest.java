package org.crema.data.io;

import static org.crema.data.io.FuzzSupport.*;
import static org.crema.data.io.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Malformed IDX input, 8000 cases in all: only {@link CremaDataException} may escape, no OOM, no
 * hang, and whatever is accepted must be exactly what the file holds (never a partial array).
 */
class IdxFuzzTest {
    private static Path dir;

    @BeforeContainer
    static void makeDir() {
        dir = tempDir("idx-fuzz");
    }

    @AfterContainer
    static void removeDir() {
        deleteTree(dir);
    }

    @Property(tries = 2000, seed = "11")
    void randomBytes2000(@ForAll @Size(max = 300) byte[] bytes, @ForAll boolean gz) {
        byte[] in = gz ? gzip(bytes) : bytes;
        check(in, outcome(() -> IdxReader.read(new ByteArrayInputStream(in), "fuzz")));
    }

    @Property(tries = 3000, seed = "12")
    void mutatedValidFiles3000(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] valid = validIdx(r);
        int mutations = r.nextInt(4);
        byte[] file = mutate(r, valid.clone(), mutations);
        byte[] in = r.nextInt(3) == 0 ? mutateCompressed(r, gzip(file)) : file;
        runBoth(r, in);
        if (mutations == 0 && in == file) {
            assertNotNull(outcome(() -> IdxReader.read(new ByteArrayInputStream(valid), "valid")), "a valid file must load");
        }
    }

    @Property(tries = 1000, seed = "13")
    void truncationsOfValidFiles1000(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] file = validIdx(r);
        boolean gz = r.nextBoolean();
        byte[] full = gz ? gzip(file) : file;
        byte[] cut = Arrays.copyOf(full, r.nextInt(full.length));
        runBoth(r, cut);
        assertNull(outcome(() -> IdxReader.read(new ByteArrayInputStream(cut), "cut")), "a truncated file must not load");
    }

    /** Headers claiming up to 2^31 - 1 per dimension over little or no data. */
    @Property(tries = 2000, seed = "14")
    void absurdHeaderDims2000(@ForAll long seed) {
        Random r = new Random(seed);
        int nd = 1 + r.nextInt(4);
        int[] dims = new int[nd];
        for (int i = 0; i < nd; i++) {
            dims[i] = switch (r.nextInt(4)) {
                case 0 -> Integer.MAX_VALUE - r.nextInt(16);
                case 1 -> r.nextInt(Integer.MAX_VALUE);
                case 2 -> 1 << r.nextInt(31);
                default -> 1 + r.nextInt(100_000);
            };
        }
        IdxType type = IdxType.values()[r.nextInt(IdxType.values().length)];
        byte[] file = concat(idxHeader(type.code(), dims), randomBytes(r, r.nextInt(64)));
        byte[] in = r.nextBoolean() ? gzip(file) : file;
        runBoth(r, in);
    }

    /** Reads {@code in} from a stream and, for a third of the cases, from a file; checks both. */
    private static void runBoth(Random r, byte[] in) {
        check(in, outcome(() -> IdxReader.read(new ByteArrayInputStream(in), "fuzz")));
        if (r.nextInt(3) == 0) {
            Path f = write(dir.resolve("case.idx"), in);
            check(in, outcome(() -> IdxReader.read(f)));
        }
    }

    /** An accepted file must decode to exactly header + payload, with nothing left over. */
    private static void check(byte[] in, IdxArray a) {
        Statistics.label("outcome").collect(a == null ? "rejected" : "accepted");
        if (a == null) return;
        byte[] plain = in;
        if (in.length >= 2 && (in[0] & 0xFF) == 0x1f && (in[1] & 0xFF) == 0x8b) {
            try (GZIPInputStream g = new GZIPInputStream(new ByteArrayInputStream(in))) {
                plain = g.readAllBytes();
            } catch (IOException e) {
                fail("reader accepted gzip data the JDK rejects: " + e);
            }
        }
        int header = 4 + 4 * a.dims().length;
        assertEquals(plain.length, header + a.payload().length, "accepted size must match the input exactly");
        assertEquals(a.type().code(), plain[2]);
        ByteBuffer b = ByteBuffer.wrap(plain, 4, 4 * a.dims().length);
        for (int d : a.dims()) assertEquals(b.getInt(), d);
        assertArrayEquals(Arrays.copyOfRange(plain, header, plain.length), a.payload());
    }

    private static byte[] validIdx(Random r) {
        IdxType type = IdxType.values()[r.nextInt(IdxType.values().length)];
        int nd = 1 + r.nextInt(3);
        int[] dims = new int[nd];
        int n = 1;
        for (int i = 0; i < nd; i++) n *= dims[i] = r.nextInt(6);
        return concat(idxHeader(type.code(), dims), randomBytes(r, n * type.bytes()));
    }

    private static byte[] mutate(Random r, byte[] f, int mutations) {
        for (int k = 0; k < mutations; k++) {
            switch (r.nextInt(6)) {
                case 0 -> { if (f.length > 0) f[r.nextInt(f.length)] = (byte) r.nextInt(256); }
                case 1 -> { if (f.length > 3) f[r.nextInt(4)] = (byte) r.nextInt(256); } // magic
                case 2 -> { // one dimension to anything, including negative and near 2^31
                    if (f.length >= 8) {
                        int dims = Math.min(f[3] & 0xFF, (f.length - 4) / 4);
                        if (dims > 0) ByteBuffer.wrap(f).putInt(4 + 4 * r.nextInt(dims), r.nextBoolean() ? r.nextInt() : Integer.MAX_VALUE - r.nextInt(8));
                    }
                }
                case 3 -> f = Arrays.copyOf(f, r.nextInt(f.length + 1));
                case 4 -> f = concat(f, randomBytes(r, 1 + r.nextInt(16)));
                default -> { if (f.length > 3) f[3] = (byte) r.nextInt(256); } // number of dims
            }
        }
        return f;
    }

    private static byte[] mutateCompressed(Random r, byte[] gz) {
        switch (r.nextInt(4)) {
            case 0 -> gz[r.nextInt(gz.length)] ^= (byte) (1 + r.nextInt(255));
            case 1 -> gz = Arrays.copyOf(gz, r.nextInt(gz.length));
            case 2 -> gz = concat(gz, randomBytes(r, 1 + r.nextInt(16)));
            default -> { } // intact compression of a mutated file
        }
        return gz;
    }
}
