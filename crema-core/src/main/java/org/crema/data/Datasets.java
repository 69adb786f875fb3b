package org.crema.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.crema.Tensor;
import org.crema.data.io.Cifar10Reader;
import org.crema.data.io.CremaDataException;
import org.crema.data.io.CsvOptions;
import org.crema.data.io.CsvReader;
import org.crema.data.io.CsvTable;
import org.crema.data.io.FashionMnist;
import org.crema.data.io.LabeledImages;
import org.crema.data.io.Mnist;

/** Datasets as tensors: the file formats of org.crema.data.io, and generated ones that need no files. */
public final class Datasets {
    private Datasets() {}

    /** Images as [N, C, H, W] (a channel dim is added to [N, H, W]) with INT64 labels. */
    public static Labeled of(LabeledImages li) {
        int[] s = li.images().shape();
        int[] shape = s.length == 3 ? new int[] {s[0], 1, s[1], s[2]} : s;
        return new Labeled(Tensor.wrap(li.images().data(), shape), Tensor.wrap(li.labels(), li.labels().length), li.classNames());
    }

    /** Fashion-MNIST from Debian's dataset-fashion-mnist (or -Dcrema.data.fashion-mnist=DIR), [N,1,28,28] in [0,1]. */
    public static Labeled fashionMnist(boolean train) throws CremaDataException {
        return of(train ? FashionMnist.train() : FashionMnist.test());
    }

    public static Labeled fashionMnist(Path dir, boolean train) throws CremaDataException {
        return of(train ? FashionMnist.train(dir) : FashionMnist.test(dir));
    }

    public static Labeled mnist(Path dir, boolean train) throws CremaDataException {
        return of(train ? Mnist.train(dir) : Mnist.test(dir));
    }

    /** CIFAR-10 binary batches from dir, [N,3,32,32] in [0,1]. */
    public static Labeled cifar10(Path dir, boolean train) throws CremaDataException {
        return of(train ? Cifar10Reader.readTrain(dir) : Cifar10Reader.readTest(dir));
    }

    /** A CSV file whose label column holds classes (see CsvOptions.withLabel). */
    public static Labeled csv(Path file, CsvOptions options) throws CremaDataException {
        CsvTable t = CsvReader.read(file, options);
        if (t.labels() == null) {
            throw new CremaDataException("CSV file", file.toString(), "no class label column; use CsvOptions.withLabel(...) with a class or index label type");
        }
        return new Labeled(Tensor.wrap(t.features(), t.rows(), t.cols()), Tensor.wrap(t.labels(), t.labels().length),
                t.classes() != null ? t.classes() : classIndexNames(t.labels()));
    }

    private static List<String> classIndexNames(long[] labels) {
        long max = 0;
        for (long l : labels) max = Math.max(max, l);
        return java.util.stream.LongStream.rangeClosed(0, max).mapToObj(Long::toString).toList();
    }

    /**
     * A dataset by name: "fashion-mnist" (installed package), "synthetic" (generated 28x28 shapes),
     * "synthetic-cifar" (generated 32x32 RGB shapes), or a path: a directory of MNIST-style IDX files,
     * a directory of CIFAR-10 .bin batches, or a .csv file whose last column is the class.
     */
    public static Labeled byName(String name, boolean train) throws CremaDataException {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "fashion-mnist", "fashion_mnist", "fashionmnist" -> { return fashionMnist(train); }
            case "synthetic", "shapes" -> { return syntheticShapes(train ? 12000 : 2000, train ? 1 : 2, 1, 28); }
            case "synthetic-cifar" -> { return syntheticShapes(train ? 5000 : 1000, train ? 3 : 4, 3, 32); }
            default -> { }
        }
        Path p = Path.of(name);
        if (!Files.exists(p)) {
            throw new CremaDataException("dataset", name, "neither a known name (fashion-mnist, synthetic, synthetic-cifar) nor an existing path");
        }
        if (Files.isDirectory(p)) {
            boolean cifar = Files.exists(p.resolve(Cifar10Reader.TEST_FILE)) || Files.exists(p.resolve("cifar-10-batches-bin"));
            return cifar ? cifar10(p, train) : mnist(p, train);
        }
        if (p.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return csv(p, CsvOptions.defaults().withLabel(lastColumn(p)));
        }
        throw new CremaDataException("dataset file", p.toString(), "unknown format (expected a directory of IDX or CIFAR-10 files, or a .csv file)");
    }

    /** Index of the last field of the first non-blank line (quote-aware, comma-separated). */
    private static int lastColumn(Path file) throws CremaDataException {
        try (var in = Files.newBufferedReader(file)) {
            String line;
            while ((line = in.readLine()) != null && line.isBlank()) { }
            if (line == null) throw new CremaDataException("CSV file", file.toString(), "is empty");
            int fields = 1;
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') quoted = !quoted;
                else if (c == ',' && !quoted) fields++;
            }
            if (fields < 2) {
                throw new CremaDataException("CSV file", file.toString(), "needs at least one feature column and a label column, found " + fields + " column");
            }
            return fields - 1;
        } catch (java.io.IOException e) {
            throw new CremaDataException("CSV file", file.toString(), "cannot be read: " + e.getMessage(), e);
        }
    }

    public static final List<String> SHAPE_CLASSES = List.of("horizontal bar", "vertical bar", "diagonal \\", "diagonal /",
            "square", "disk", "plus", "cross", "ring", "two bars");

    /**
     * Generated images of 10 shape classes (see SHAPE_CLASSES) with random position, size, brightness and
     * noise: a built-in stand-in for Fashion-MNIST (channels 1, size 28) or CIFAR-10 (3, 32) that needs no
     * download. Deterministic for a seed.
     */
    public static Labeled syntheticShapes(int n, long seed, int channels, int size) {
        org.crema.Generator g = new org.crema.Generator(seed);
        float[] x = new float[n * channels * size * size];
        long[] y = new long[n];
        float[] img = new float[size * size];
        for (int i = 0; i < n; i++) {
            int cls = g.nextInt(10);
            y[i] = cls;
            java.util.Arrays.fill(img, 0);
            drawShape(img, size, cls, g);
            for (int c = 0; c < channels; c++) {
                float tint = channels == 1 ? 1f : (float) (0.4 + 0.6 * g.nextDouble());
                int base = (i * channels + c) * size * size;
                for (int p = 0; p < size * size; p++) {
                    float v = img[p] * tint + (float) (0.08 * g.nextGaussian());
                    x[base + p] = Math.min(1f, Math.max(0f, v));
                }
            }
        }
        int[] shape = {n, channels, size, size};
        return new Labeled(Tensor.wrap(x, shape), Tensor.wrap(y, n), SHAPE_CLASSES);
    }

    private static void drawShape(float[] img, int size, int cls, org.crema.Generator g) {
        double cx = size / 2.0 + (g.nextDouble() - 0.5) * size * 0.25;
        double cy = size / 2.0 + (g.nextDouble() - 0.5) * size * 0.25;
        double r = size * (0.22 + 0.12 * g.nextDouble());
        double t = 1.2 + 1.3 * g.nextDouble();
        float bright = (float) (0.6 + 0.4 * g.nextDouble());
        for (int py = 0; py < size; py++) {
            for (int px = 0; px < size; px++) {
                double dx = px - cx, dy = py - cy;
                double ax = Math.abs(dx), ay = Math.abs(dy), d = Math.hypot(dx, dy);
                boolean on = switch (cls) {
                    case 0 -> ay < t && ax < r;
                    case 1 -> ax < t && ay < r;
                    case 2 -> Math.abs(dx - dy) < t * 1.4 && d < r;
                    case 3 -> Math.abs(dx + dy) < t * 1.4 && d < r;
                    case 4 -> Math.max(ax, ay) < r && Math.max(ax, ay) > r - t * 1.5;
                    case 5 -> d < r * 0.8;
                    case 6 -> (ax < t && ay < r) || (ay < t && ax < r);
                    case 7 -> (Math.abs(dx - dy) < t * 1.4 || Math.abs(dx + dy) < t * 1.4) && d < r;
                    case 8 -> Math.abs(d - r * 0.85) < t;
                    default -> ax < r && (Math.abs(dy - r * 0.45) < t || Math.abs(dy + r * 0.45) < t);
                };
                if (on) img[py * size + px] = bright;
            }
        }
    }
}
