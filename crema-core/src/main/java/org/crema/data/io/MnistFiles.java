package org.crema.data.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the four IDX files of an MNIST-style dataset (MNIST, Fashion-MNIST, KMNIST...) in one
 * directory. Each file is looked up under its canonical name ({@code train-images-idx3-ubyte}),
 * then with {@code .gz}, then the dotted variant some mirrors use ({@code train-images.idx3-ubyte}),
 * raw then gzipped; compression itself is detected from the content when reading.
 */
public record MnistFiles(Path dir, Path trainImages, Path trainLabels, Path testImages, Path testLabels) {

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /**
     * The files in {@code dir}; for any file not found, the path holds the canonical name (so
     * {@link #missing()} and error messages can say what was expected).
     */
    public static MnistFiles in(Path dir) {
        return new MnistFiles(dir, find(dir, TRAIN_IMAGES), find(dir, TRAIN_LABELS), find(dir, TEST_IMAGES),
                find(dir, TEST_LABELS));
    }

    /** The expected files that do not exist. */
    public List<Path> missing() {
        return List.of(trainImages, trainLabels, testImages, testLabels).stream()
                .filter(p -> !Files.isRegularFile(p)).toList();
    }

    /** True if all four files exist. */
    public boolean complete() {
        return missing().isEmpty();
    }

    /**
     * Throws an error naming {@code dataset}, the directory, the missing files and {@code howToGet}
     * unless all four files exist.
     */
    public MnistFiles require(String dataset, String howToGet) throws CremaDataException {
        List<Path> missing = missing();
        if (!missing.isEmpty()) {
            throw new CremaDataException(dataset, null, "not found in " + dir + " (missing "
                    + missing.stream().map(p -> p.getFileName().toString()).toList()
                    + ", also looked for .gz and dotted variants); " + howToGet);
        }
        return this;
    }

    /** Reads the training split, checking counts and that labels index {@code classNames}. */
    public LabeledImages readTrain(List<String> classNames) throws CremaDataException {
        return IdxReader.readLabeled(trainImages, trainLabels, classNames);
    }

    /** Reads the test split, checking counts and that labels index {@code classNames}. */
    public LabeledImages readTest(List<String> classNames) throws CremaDataException {
        return IdxReader.readLabeled(testImages, testLabels, classNames);
    }

    private static Path find(Path dir, String name) {
        String dotted = name.replaceFirst("-idx", ".idx");
        for (String candidate : new String[] {name, name + ".gz", dotted, dotted + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) return p;
        }
        return dir.resolve(name);
    }
}
