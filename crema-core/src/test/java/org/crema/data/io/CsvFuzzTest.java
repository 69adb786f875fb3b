package org.crema.data.io;

import static org.crema.data.io.FuzzSupport.*;
import static org.crema.data.io.TestData.write;
import static org.junit.jupiter.api.Assertions.*;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.crema.data.io.CsvOptions.LabelType;

/**
 * Malformed CSV, 6500 cases: only {@link CremaDataException} may escape, no hang, and an accepted
 * table is consistent (and equals the generated one when nothing was mutated).
 */
class CsvFuzzTest {
    /** CSV syntax, number pieces, odd characters. */
    private static final String ALPHABET = ",,,;\"\"\n\n\r# \t.-+eE0123456789abNaInf\uFEFF\u00e9\u0000";
    private static Path dir;

    @BeforeContainer
    static void makeDir() {
        dir = tempDir("csv-fuzz");
    }

    @AfterContainer
    static void removeDir() {
        deleteTree(dir);
    }

    @Property(tries = 3000, seed = "31")
    void randomText3000(@ForAll long seed) {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(200);
        for (int i = 0; i < n; i++) s.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        read(s.toString(), options(r));
    }

    @Property(tries = 3000, seed = "32")
    void mutatedValidFiles3000(@ForAll long seed) {
        Random r = new Random(seed);
        int rows = 1 + r.nextInt(6);
        int cols = 1 + r.nextInt(4);
        float[] x = new float[rows * cols];
        long[] y = new long[rows];
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < cols; c++) s.append(c == 0 ? "" : ",").append(r.nextBoolean() ? "\"f" + c + "\"" : "f" + c);
        s.append(",label").append(r.nextBoolean() ? "\r\n" : "\n");
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) {
                x[i * cols + c] = (r.nextInt(2001) - 1000) / 8f;
                String v = Float.toString(x[i * cols + c]);
                s.append(c == 0 ? "" : ",").append(r.nextInt(4) == 0 ? "\"" + v + "\"" : v);
            }
            y[i] = r.nextInt(3);
            s.append(",").append(y[i]).append(r.nextInt(5) == 0 ? "\n\n" : "\n");
        }
        CsvOptions o = CsvOptions.defaults().withLabel("label").withNumClasses(3);
        int mutations = r.nextInt(4);
        for (int k = 0; k < mutations && s.length() > 0; k++) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(3)) {
                case 0 -> s.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                case 1 -> s.deleteCharAt(at);
                default -> s.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
        }
        CsvTable t = read(s.toString(), o);
        if (mutations == 0) {
            assertNotNull(t, "a valid file must load");
            assertArrayEquals(x, t.features());
            assertArrayEquals(y, t.labels());
        }
    }

    @Property(tries = 500, seed = "33")
    void randomBytesFromFiles500(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] b = randomBytes(r, r.nextInt(300));
        if (r.nextBoolean()) {
            for (int i = 0; i < b.length; i++) if (r.nextInt(3) > 0) b[i] = (byte) ALPHABET.charAt(r.nextInt(ALPHABET.length() - 3));
        }
        Path f = write(dir.resolve("case.csv"), b);
        CsvOptions o = options(r);
        check(outcome(() -> CsvReader.read(f, o)), o);
    }

    private static CsvTable read(String text, CsvOptions o) {
        CsvTable t = outcome(() -> CsvReader.read(new StringReader(text), "fuzz", o));
        check(t, o);
        return t;
    }

    private static void check(CsvTable t, CsvOptions o) {
        Statistics.label("outcome").collect(t == null ? "rejected" : "accepted");
        if (t == null) return;
        assertTrue(t.rows() >= 1, "an accepted table has rows");
        assertEquals((long) t.rows() * t.cols(), t.features().length);
        if (o.hasLabel()) {
            int n = o.labelType() == LabelType.NUMERIC ? t.targets().length : t.labels().length;
            assertEquals(t.rows(), n);
            if (o.labelType() == LabelType.CLASS) {
                for (long v : t.labels()) assertTrue(v >= 0 && v < t.classes().size());
            }
            if (o.labelType() == LabelType.INDEX && o.numClasses() > 0) {
                for (long v : t.labels()) assertTrue(v >= 0 && v < o.numClasses());
            }
        }
    }

    private static CsvOptions options(Random r) {
        CsvOptions o = CsvOptions.defaults().withHeader(r.nextBoolean()).withComments(r.nextBoolean())
                .withDelimiter(r.nextBoolean() ? ',' : ';');
        return switch (r.nextInt(5)) {
            case 0 -> o;
            case 1 -> o.withLabel(0);
            case 2 -> o.withLabel(0).withLabelType(LabelType.NUMERIC);
            case 3 -> o.withLabel(0).withNumClasses(1 + r.nextInt(10));
            default -> o.withLabel(0).withLimits(1 + r.nextInt(20), 1 + r.nextInt(5));
        };
    }
}
