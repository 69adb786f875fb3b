package org.crema.data.io;

import static org.crema.data.io.FuzzSupport.*;
import static org.crema.data.io.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Malformed CIFAR-10 batches, 2000 cases: only {@link CremaDataException} may escape, and an
 * accepted file must be whole records with labels 0..9, decoded exactly.
 */
class Cifar10FuzzTest {
    private static final int REC = Cifar10Reader.RECORD_BYTES;
    private static Path dir;

    @BeforeContainer
    static void makeDir() {
        dir = tempDir("cifar-fuzz");
    }

    @AfterContainer
    static void removeDir() {
        deleteTree(dir);
    }

    @Property(tries = 1000, seed = "21")
    void randomFiles1000(@ForAll long seed) {
        Random r = new Random(seed);
        int n = switch (r.nextInt(3)) {
            case 0 -> r.nextInt(3 * REC);
            case 1 -> REC * (1 + r.nextInt(3)); // right size, random labels
            default -> REC * (1 + r.nextInt(3)) + (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(5));
        };
        byte[] bytes = randomBytes(r, n);
        if (r.nextBoolean() && n > 0) {
            for (int i = 0; i + REC <= n; i += REC) bytes[i] = (byte) r.nextInt(12); // mostly valid labels
        }
        run(bytes, r);
    }

    @Property(tries = 1000, seed = "22")
    void mutatedValidBatches1000(@ForAll long seed) {
        Random r = new Random(seed);
        int[] labels = new int[1 + r.nextInt(3)];
        for (int i = 0; i < labels.length; i++) labels[i] = r.nextInt(10);
        byte[] f = cifarBatch(labels);
        int m = 1 + r.nextInt(2);
        for (int k = 0; k < m; k++) {
            switch (r.nextInt(4)) {
                case 0 -> { if (f.length >= REC) f[REC * r.nextInt(f.length / REC)] = (byte) r.nextInt(256); } // a label
                case 1 -> f = Arrays.copyOf(f, r.nextInt(f.length + 1));
                case 2 -> f = concat(f, randomBytes(r, 1 + r.nextInt(REC + 2)));
                default -> f[r.nextInt(f.length)] ^= (byte) 0xFF;
            }
            if (f.length == 0) break;
        }
        run(f, r);
    }

    private static void run(byte[] bytes, Random r) {
        Path f = write(dir.resolve("batch.bin"), bytes);
        LabeledImages d = r.nextInt(4) == 0
                ? outcome(() -> Cifar10Reader.readFiles(List.of(f, f), Cifar10Reader.CLASS_NAMES))
                : outcome(() -> Cifar10Reader.readFile(f));
        Statistics.label("outcome").collect(d == null ? "rejected" : "accepted");
        if (d == null) return;
        int copies = d.count() * REC / Math.max(1, bytes.length);
        assertTrue(bytes.length > 0 && bytes.length % REC == 0, "accepted a file of " + bytes.length + " bytes");
        int n = bytes.length / REC;
        assertEquals(n * copies, d.count());
        for (int i = 0; i < d.count(); i++) {
            int at = (i % n) * REC;
            assertEquals(bytes[at] & 0xFF, d.labels()[i]);
            assertEquals((bytes[at + 1 + 100] & 0xFF) / 255f, d.images().data()[i * Cifar10Reader.PIXELS + 100]);
        }
    }
}
