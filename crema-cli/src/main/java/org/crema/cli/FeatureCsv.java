package org.crema.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.crema.Tensor;
import org.crema.data.io.CremaDataException;
import org.crema.data.io.CsvOptions;
import org.crema.data.io.CsvReader;
import org.crema.data.io.CsvTable;

/**
 * A CSV file of inputs for {@code crema predict}: one row per example, the model's input values flattened
 * (784 columns for 28x28 images), with or without a header row, and optionally one more column holding the
 * true class index.
 */
final class FeatureCsv {
    private FeatureCsv() {}

    static PredictCommand.Inputs read(Path file, int[] inputShape, int limit) {
        String first = firstLine(file);
        String[] fields = first.split(",", -1);
        boolean header = Arrays.stream(fields).anyMatch(f -> !isNumber(f.strip()));
        int features = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
        boolean labelled;
        if (fields.length == features) {
            labelled = false;
        } else if (fields.length == features + 1) {
            labelled = true;
        } else {
            throw new CliException("CSV file " + file + " has " + fields.length + " columns but the model takes "
                    + features + " input values " + Arrays.toString(inputShape) + " (plus optionally a label column)");
        }
        CsvOptions o = CsvOptions.defaults().withHeader(header);
        o = labelled ? o.withLabel(features).withLabelType(CsvOptions.LabelType.INDEX) : o.withoutLabel();
        CsvTable t;
        try {
            t = CsvReader.read(file, o);
        } catch (CremaDataException e) {
            throw new CliException(e.getMessage(), e);
        }
        int n = limit > 0 ? Math.min(limit, t.rows()) : t.rows();
        int[] shape = new int[inputShape.length + 1];
        shape[0] = t.rows();
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        Tensor x = Tensor.of(t.features(), shape).narrow(0, 0, n);
        int[] labels = null;
        if (labelled) {
            labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = (int) t.labels()[i];
        }
        return new PredictCommand.Inputs(x, labels);
    }

    private static String firstLine(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).findFirst()
                    .orElseThrow(() -> new CliException("CSV file " + file + " is empty"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            throw new CliException("CSV file " + file + " cannot be read: " + e.getCause().getMessage(), e);
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
