package org.crema.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CIFAR-10 binary version ({@code cifar-10-batches-bin}).
 *
 * <p>Each record is 3073 bytes: a label byte 0..9, then 1024 red, 1024 green and 1024 blue bytes of
 * a 32x32 image, row-major. The training set is {@code data_batch_1.bin} .. {@code data_batch_5.bin}
 * (10000 records each), the test set {@code test_batch.bin}; {@code batches.meta.txt} lists the
 * class names one per line. Images come out as NCHW floats {@code [n, 3, 32, 32]} scaled to [0,1],
 * which is the file's own plane order, so no transposition is needed.
 *
 * <p>Problems are {@link CremaDataException}s naming the file: a size that is not a whole number of
 * records (a truncated last record or trailing bytes: both are errors, since either means the file
 * is not what it claims), an empty file, a label above 9 (with the record index), a gzip file
 * (extract the archive first). Sizes are checked against the file length before allocating.
 */
public final class Cifar10Reader {
    static final String KIND = "CIFAR-10 file";

    public static final int CHANNELS = 3;
    public static final int HEIGHT = 32;
    public static final int WIDTH = 32;
    public static final int PIXELS = CHANNELS * HEIGHT * WIDTH;
    public static final int RECORD_BYTES = 1 + PIXELS;
    public static final int NUM_CLASSES = 10;

    /** The CIFAR-10 class names, index = label, as in {@code batches.meta.txt}. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_FILE = "test_batch.bin";
    public static final String META_FILE = "batches.meta.txt";

    /** Most records one float array can hold. */
    static final long MAX_RECORDS = Streams.MAX_ARRAY / PIXELS;

    private Cifar10Reader() {}

    /** Reads one batch file, with the class names of {@link #CLASS_NAMES}. */
    public static LabeledImages readFile(Path file) throws CremaDataException {
        return readFiles(List.of(file), CLASS_NAMES);
    }

    /**
     * Reads the five training batches from {@code dir}, which is either {@code cifar-10-batches-bin}
     * itself or the directory that holds it. Class names come from {@code batches.meta.txt} when
     * present.
     */
    public static LabeledImages readTrain(Path dir) throws CremaDataException {
        Path d = batchesDir(dir);
        List<Path> files = new ArrayList<>();
        for (String f : TRAIN_FILES) files.add(d.resolve(f));
        return readFiles(files, classNames(d));
    }

    /** Reads {@code test_batch.bin} from {@code dir} (see {@link #readTrain} for where it may be). */
    public static LabeledImages readTest(Path dir) throws CremaDataException {
        Path d = batchesDir(dir);
        return readFiles(List.of(d.resolve(TEST_FILE)), classNames(d));
    }

    /**
     * Reads several batch files into one dataset, in order. Every file is size-checked before the
     * combined arrays are allocated.
     */
    public static LabeledImages readFiles(List<Path> files, List<String> classNames) throws CremaDataException {
        if (files.isEmpty()) throw new IllegalArgumentException("Cifar10Reader.readFiles: no files given");
        if (classNames.size() != NUM_CLASSES) {
            throw new IllegalArgumentException("Cifar10Reader: CIFAR-10 has 10 classes, got " + classNames.size() + " names");
        }
        long total = 0;
        long[] counts = new long[files.size()];
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            if (!Files.exists(f)) {
                throw new CremaDataException(KIND, f.toString(), "not found (expected the CIFAR-10 binary version, "
                        + "cifar-10-batches-bin, with " + String.join(", ", TRAIN_FILES) + ", " + TEST_FILE + ")");
            }
            counts[i] = recordCount(f, Streams.size(f, KIND));
            total += counts[i];
        }
        if (total > MAX_RECORDS) {
            throw new CremaDataException(KIND, files.getFirst().toString(), "the " + files.size() + " files hold " + total
                    + " records together, more than one float array can hold (" + MAX_RECORDS + ")");
        }
        int n = (int) total;
        float[] images = new float[n * PIXELS];
        long[] labels = new long[n];
        int at = 0;
        for (int i = 0; i < files.size(); i++) {
            readRecords(files.get(i), (int) counts[i], images, labels, at);
            at += (int) counts[i];
        }
        return new LabeledImages(new ImageArray(images, new int[] {n, CHANNELS, HEIGHT, WIDTH}), labels, classNames);
    }

    /**
     * The class names in {@code batches.meta.txt} in {@code dir} (blank lines ignored), or
     * {@link #CLASS_NAMES} if the file is absent.
     */
    public static List<String> classNames(Path dir) throws CremaDataException {
        Path meta = dir.resolve(META_FILE);
        if (!Files.exists(meta)) return CLASS_NAMES;
        List<String> names = new ArrayList<>();
        try {
            if (Files.size(meta) > 1 << 16) {
                throw new CremaDataException(KIND, meta.toString(), Files.size(meta) + " bytes, far too large for 10 class names");
            }
            for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) names.add(line.strip());
            }
        } catch (CharacterCodingException e) {
            throw new CremaDataException(KIND, meta.toString(), "is not valid UTF-8 text", e);
        } catch (CremaDataException e) {
            throw e;
        } catch (IOException e) {
            throw new CremaDataException(KIND, meta.toString(), "cannot read: " + e, e);
        }
        if (names.size() != NUM_CLASSES) {
            throw new CremaDataException(KIND, meta.toString(), "lists " + names.size() + " class names, expected 10");
        }
        return List.copyOf(names);
    }

    /** {@code dir} itself if it holds the batch files, else its {@code cifar-10-batches-bin} child. */
    private static Path batchesDir(Path dir) {
        Path child = dir.resolve("cifar-10-batches-bin");
        boolean here = Files.exists(dir.resolve(TEST_FILE)) || Files.exists(dir.resolve(TRAIN_FILES.getFirst()));
        return !here && Files.isDirectory(child) ? child : dir;
    }

    private static long recordCount(Path f, long size) throws CremaDataException {
        if (size == 0) throw new CremaDataException(KIND, f.toString(), "is empty");
        if (size % RECORD_BYTES != 0) {
            throw new CremaDataException(KIND, f.toString(), size + " bytes is not a whole number of " + RECORD_BYTES
                    + "-byte records (" + size / RECORD_BYTES + " records and " + size % RECORD_BYTES
                    + " bytes over): truncated file, trailing garbage or not a CIFAR-10 binary batch");
        }
        return size / RECORD_BYTES;
    }

    private static void readRecords(Path f, int n, float[] images, long[] labels, int at) throws CremaDataException {
        String src = f.toString();
        byte[] rec = new byte[RECORD_BYTES];
        float[] unit = ImageArray.BYTE_TO_UNIT;
        try (InputStream in = Streams.open(f, KIND)) {
            for (int r = 0; r < n; r++) {
                int got = in.readNBytes(rec, 0, RECORD_BYTES);
                if (got < RECORD_BYTES) {
                    throw new CremaDataException(KIND, src, "truncated while reading: record " + r + " of " + n
                            + " has only " + got + " bytes (the file shrank after its size was checked?)");
                }
                int label = rec[0] & 0xFF;
                if (label >= NUM_CLASSES) {
                    String hint = r == 0 && label == 0x1f && (rec[1] & 0xFF) == 0x8b
                            ? " (the file is gzip-compressed: extract cifar-10-binary.tar.gz first)" : "";
                    throw new CremaDataException(KIND, src, "record " + r + " (byte offset " + (long) r * RECORD_BYTES
                            + ") has label " + label + ", outside 0..9" + hint);
                }
                labels[at + r] = label;
                int base = (at + r) * PIXELS;
                for (int p = 0; p < PIXELS; p++) images[base + p] = unit[rec[1 + p] & 0xFF];
            }
            if (in.read() >= 0) {
                throw new CremaDataException(KIND, src, "grew while reading: bytes after the " + n + " records checked");
            }
        } catch (CremaDataException e) {
            throw e;
        } catch (IOException e) {
            throw new CremaDataException(KIND, src, "cannot read: " + e, e);
        }
    }
}
