package org.crema.data.io;

import java.nio.file.Path;
import java.util.List;

/**
 * Locates and loads Fashion-MNIST (60000 train + 10000 test 28x28 grey images, 10 classes).
 *
 * <p>The default directory is where Debian's {@code dataset-fashion-mnist} package installs it,
 * {@value #DEBIAN_DIR}, which holds {@code train-images-idx3-ubyte.gz},
 * {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz} and
 * {@code t10k-labels-idx1-ubyte.gz}. The system property {@value #DIR_PROPERTY} overrides it. Any
 * directory with the same files (raw or gzipped) works through the {@code Path} overloads.
 */
public final class FashionMnist {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    /** System property naming another default directory. */
    public static final String DIR_PROPERTY = "crema.data.fashion-mnist";

    /** Class names, index = label, from the dataset's README. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final String HOW_TO_GET = "install it with 'apt-get install dataset-fashion-mnist' (puts it in "
            + DEBIAN_DIR + ") or pass the directory holding the four IDX files";

    private FashionMnist() {}

    /** {@value #DIR_PROPERTY} if set, else {@value #DEBIAN_DIR}. */
    public static Path defaultDir() {
        return Path.of(System.getProperty(DIR_PROPERTY, DEBIAN_DIR));
    }

    /** True if all four files are in the default directory. */
    public static boolean isInstalled() {
        return files(defaultDir()).complete();
    }

    /** The four files in {@code dir} (paths for missing ones carry the canonical name). */
    public static MnistFiles files(Path dir) {
        return MnistFiles.in(dir);
    }

    public static Path trainImages() {
        return files(defaultDir()).trainImages();
    }

    public static Path trainLabels() {
        return files(defaultDir()).trainLabels();
    }

    public static Path testImages() {
        return files(defaultDir()).testImages();
    }

    public static Path testLabels() {
        return files(defaultDir()).testLabels();
    }

    /** The 60000 training images {@code [n, 28, 28]} in [0,1] with labels, from the default directory. */
    public static LabeledImages train() throws CremaDataException {
        return train(defaultDir());
    }

    /** The 10000 test images with labels, from the default directory. */
    public static LabeledImages test() throws CremaDataException {
        return test(defaultDir());
    }

    public static LabeledImages train(Path dir) throws CremaDataException {
        return files(dir).require("Fashion-MNIST", HOW_TO_GET).readTrain(CLASS_NAMES);
    }

    public static LabeledImages test(Path dir) throws CremaDataException {
        return files(dir).require("Fashion-MNIST", HOW_TO_GET).readTest(CLASS_NAMES);
    }
}
