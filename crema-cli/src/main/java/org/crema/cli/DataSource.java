package org.crema.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.crema.Tensor;
import org.crema.data.Datasets;
import org.crema.data.Labeled;
import org.crema.data.Splits;
import org.crema.data.io.CremaDataException;
import org.crema.data.io.CsvOptions;
import org.crema.data.io.FashionMnist;

/**
 * The train and test parts of a dataset named on the command line: "fashion-mnist", "synthetic",
 * "synthetic-cifar", a directory of IDX or CIFAR-10 files, or a CSV file (last column the class), which has no
 * test part of its own and is split 80/20 with the seed. No name means Fashion-MNIST when it is installed, else
 * the generated shapes.
 */
record DataSource(String name, Labeled train, Labeled test) {

    /** The dataset a command uses when none is named. */
    static String defaultName() {
        return FashionMnist.isInstalled() ? "fashion-mnist" : "synthetic";
    }

    static DataSource load(String name, long seed) {
        String n = name == null ? defaultName() : name;
        try {
            if (isCsv(n)) {
                Labeled all = csv(Path.of(n));
                Labeled[] parts = split(all, 0.2, seed);
                return new DataSource(n, parts[0], parts[1]);
            }
            return new DataSource(n, Datasets.byName(n, true), Datasets.byName(n, false));
        } catch (CremaDataException e) {
            throw new CliException(hint(n, e.getMessage()), e);
        }
    }

    /** Only the test part (evaluate, predict). */
    static Labeled loadTest(String name, long seed) {
        String n = name == null ? defaultName() : name;
        try {
            if (isCsv(n)) return split(csv(Path.of(n)), 0.2, seed)[1];
            return Datasets.byName(n, false);
        } catch (CremaDataException e) {
            throw new CliException(hint(n, e.getMessage()), e);
        }
    }

    /** Where the file does not say how to get the data, say it. */
    private static String hint(String name, String message) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("fashion") && !FashionMnist.isInstalled()) {
            return message + " (install it with 'apt-get install dataset-fashion-mnist', or use --data synthetic)";
        }
        return message;
    }

    private static boolean isCsv(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".csv") && Files.isRegularFile(Path.of(name));
    }

    /** A CSV file with a header whose last column is the class (a name or a number). */
    static Labeled csv(Path file) throws CremaDataException {
        // CsvOptions.withLabel(-1) means "no label", so find the last column's index from the header line
        String header;
        try (var lines = Files.lines(file)) {
            header = lines.filter(l -> !l.isBlank()).findFirst().orElse(null);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new CremaDataException("CSV file", file.toString(), "cannot be read: " + e.getMessage(), e);
        }
        if (header == null) throw new CremaDataException("CSV file", file.toString(), "is empty");
        int columns = 1;
        boolean quoted = false;
        for (char ch : header.toCharArray()) {
            if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) columns++;
        }
        if (columns < 2) {
            throw new CremaDataException("CSV file", file.toString(), "needs feature columns and a last column with the class");
        }
        return Datasets.csv(file, CsvOptions.defaults().withLabel(columns - 1));
    }

    /** A seeded split into [train, test]. */
    static Labeled[] split(Labeled all, double testFraction, long seed) {
        int n = all.size();
        int nTest = (int) Math.round(n * testFraction);
        if (n < 2 || nTest == 0 || nTest == n) {
            throw new CliException("dataset has " + n + " examples: too few to split into train and test parts");
        }
        int[] p = Splits.permutation(n, seed);
        return new Labeled[] {select(all, p, nTest, n), select(all, p, 0, nTest)};
    }

    private static Labeled select(Labeled d, int[] order, int from, int to) {
        long[] idx = new long[to - from];
        for (int i = from; i < to; i++) idx[i - from] = order[i];
        Tensor index = Tensor.of(idx, idx.length);
        return new Labeled(d.x().indexSelect(0, index), d.y().indexSelect(0, index), d.classNames());
    }

    /** The first n examples of a part when n > 0 (a quick run on a subset), else all of it. */
    static Labeled limit(Labeled d, int n) {
        return n > 0 && n < d.size() ? d.head(n) : d;
    }

    /** Labels as ints, for the metrics. */
    static int[] labels(Labeled d) {
        long[] y = d.y().contiguous().toLongArray();
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) out[i] = (int) y[i];
        return out;
    }
}
