package org.crema.data.io;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads MNIST digits from a directory holding the four IDX files (raw or gzipped, see
 * {@link MnistFiles}). No Debian package ships MNIST, so there is no default directory.
 */
public final class Mnist {
    /** Class names, index = label. */
    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    static final String HOW_TO_GET = "download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
            + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz into it (for Fashion-MNIST use "
            + "FashionMnist and 'apt-get install dataset-fashion-mnist')";

    private Mnist() {}

    public static MnistFiles files(Path dir) {
        return MnistFiles.in(dir);
    }

    public static LabeledImages train(Path dir) throws CremaDataException {
        return files(dir).require("MNIST", HOW_TO_GET).readTrain(CLASS_NAMES);
    }

    public static LabeledImages test(Path dir) throws CremaDataException {
        return files(dir).require("MNIST", HOW_TO_GET).readTest(CLASS_NAMES);
    }
}
