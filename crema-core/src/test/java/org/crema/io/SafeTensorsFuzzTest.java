package org.crema.io;

import static org.crema.io.FuzzCase.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.crema.DType;
import org.crema.Tensor;

/**
 * Malformed safetensors input, 8000 cases in all: only {@link CremaFormatException} may escape, no OOM
 * (headers claim up to 2^31 - 1 per dimension and offsets up to 2^63), no hang; whatever is accepted
 * must re-encode to exactly the bytes it was read from (modulo the header's own formatting).
 */
class SafeTensorsFuzzTest {
    private static final String[] DTYPES = {"F32", "F64", "I64", "F16", "BF16", "I32", "U8", "BOOL", "I8", "U16", "I16", "U32", "U64", "F8_E5M2", "X"};
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("safetensors-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 1500, seed = "41")
    void randomBytes1500(@ForAll @Size(max = 300) byte[] bytes) {
        check(bytes, outcome(() -> SafeTensors.fromBytes(bytes)));
    }

    @Property(tries = 3000, seed = "42")
    void mutatedValidFiles3000(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] valid = validFile(r);
        int mutations = r.nextInt(5);
        byte[] file = mutate(r, valid, mutations);
        runBoth(r, file);
        if (mutations == 0) assertNotNull(outcome(() -> SafeTensors.fromBytes(valid)), "a valid file must load");
    }

    @Property(tries = 1500, seed = "43")
    void truncations1500(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] valid = validFile(r);
        byte[] cut = Arrays.copyOf(valid, r.nextInt(valid.length));
        runBoth(r, cut);
        assertNull(outcome(() -> SafeTensors.fromBytes(cut)), "a truncated file must not load");
    }

    /** Syntactically valid headers with absurd dtypes, shapes and offsets over little or no data. */
    @Property(tries = 2000, seed = "44")
    void absurdHeaders2000(@ForAll long seed) {
        Random r = new Random(seed);
        StringBuilder h = new StringBuilder("{");
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            int rank = r.nextInt(4);
            long[] shape = new long[rank];
            for (int d = 0; d < rank; d++) shape[d] = hugeOrSmall(r);
            h.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"").append(DTYPES[r.nextInt(DTYPES.length)])
                    .append("\",\"shape\":").append(Arrays.toString(shape).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(hugeOrSmall(r)).append(',').append(hugeOrSmall(r)).append("]}");
        }
        h.append('}');
        byte[] file = SafeTensorsTest.file(h.toString(), r.nextInt(64));
        if (r.nextInt(4) == 0) {
            ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, hugeOrSmall(r));
        }
        runBoth(r, file);
    }

    private static long hugeOrSmall(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> Integer.MAX_VALUE - r.nextInt(16);
            case 1 -> Long.MAX_VALUE - r.nextInt(16);
            case 2 -> 1L << r.nextInt(63);
            case 3 -> -r.nextInt(3);
            default -> r.nextInt(40);
        };
    }

    private static void runBoth(Random r, byte[] in) {
        check(in, outcome(() -> SafeTensors.fromBytes(in)));
        if (r.nextInt(4) == 0) {
            Path f = dir.resolve("case.safetensors");
            try {
                Files.write(f, in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            check(in, outcome(() -> SafeTensors.read(f)));
        }
    }

    /** Accepted input: its data section must be exactly what re-encoding the tensors produces. */
    private static void check(byte[] in, TensorFile tf) {
        try {
            checkAccepted(in, tf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkAccepted(byte[] in, TensorFile tf) throws IOException {
        Statistics.label("outcome").collect(tf == null ? "rejected" : "accepted");
        if (tf == null) return;
        SafeTensorsHeader h = SafeTensors.header(ByteSource.of(in), "again");
        Map<String, Tensor> sorted = new LinkedHashMap<>();
        h.entries().stream().sorted(java.util.Comparator.comparingLong(SafeTensorsHeader.Entry::begin).thenComparingLong(SafeTensorsHeader.Entry::end))
                .forEach(e -> sorted.put(e.name(), tf.tensors().get(e.name())));
        boolean native3 = h.entries().stream().allMatch(e -> e.dtype().equals(StorageType.of(e.loadsAs()).name()));
        if (native3) {
            byte[] again = SafeTensors.toBytes(sorted, Map.of());
            int dataLen = (int) (in.length - h.dataStart());
            int againStart = again.length - dataLen;
            assertArrayEquals(Arrays.copyOfRange(in, (int) h.dataStart(), in.length), Arrays.copyOfRange(again, againStart, again.length),
                    "accepted data must be exactly the file's data");
        }
        for (var e : h.entries()) {
            Tensor t = tf.tensors().get(e.name());
            assertArrayEquals(e.shape(), t.shape());
            assertEquals(e.loadsAs(), t.dtype());
        }
    }

    static byte[] validFile(Random r) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            int rank = r.nextInt(3);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) shape[d] = r.nextInt(4);
            DType dt = DType.values()[r.nextInt(3)];
            Tensor t = Tensor.rand(shape).to(dt);
            m.put("layer" + i + ".w", t);
        }
        Map<String, String> meta = r.nextBoolean() ? Map.of("k", "v" + r.nextInt(100)) : Map.of();
        return SafeTensors.toBytes(m, meta);
    }
}
