package org.crema.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crema.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predicts the class of every example with a saved model, as CSV.",
            "Columns: index, predicted class, its name, its probability, the true label when the input has one,",
            "then the probability of every class."},
        footer = {"", "Examples:",
            "  crema predict runs/demo/model.crema fashion-mnist --limit 100",
            "  crema predict model.crema features.csv --output predictions.csv"})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by crema train or crema demo.")
    Path model;

    @Parameters(index = "1", paramLabel = "INPUT",
            description = "A dataset (name or path: its test part is used) or a CSV file of feature columns"
                    + " (one more column than the model's inputs: the last is taken as the true label).")
    String input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "predictions.csv",
            description = "CSV file to write (default: ${DEFAULT-VALUE}; '-' for standard output).")
    String output;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Predict the first N examples only (0: all).")
    int limit;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        run.apply();
        ModelStore.Saved saved = ModelStore.load(model);
        Inputs in = Inputs.read(input, saved, run.seed, limit);
        double[][] p = Training.probabilities(saved.model(), in.x());
        List<String> names = saved.classNames();
        if (p.length > 0 && p[0].length != names.size()) {
            throw new CliException("the model gives " + p[0].length + " outputs but its file names " + names.size() + " classes");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.equals("-")) {
            write(p, in.labels(), names, out);
            out.flush();
        } else {
            Path file = Path.of(output);
            try {
                if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
                try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    write(p, in.labels(), names, w);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            out.printf(Locale.ROOT, "Wrote %,d predictions to %s%n", p.length, file);
        }
        return 0;
    }

    static void write(double[][] p, int[] labels, List<String> names, Appendable w) {
        try {
            StringBuilder head = new StringBuilder("index,predicted,predicted_name,probability");
            if (labels != null) head.append(",label");
            for (int j = 0; j < names.size(); j++) head.append(",p_").append(j);
            w.append(head).append('\n');
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < p.length; i++) {
                int best = 0;
                for (int j = 1; j < p[i].length; j++) if (p[i][j] > p[i][best]) best = j;
                row.setLength(0);
                row.append(i).append(',').append(best).append(',').append(csv(names.get(best))).append(',')
                        .append(String.format(Locale.ROOT, "%.6f", p[i][best]));
                if (labels != null) row.append(',').append(labels[i]);
                for (double v : p[i]) row.append(',').append(String.format(Locale.ROOT, "%.6f", v));
                w.append(row).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** What to predict: inputs and, when known, the true labels. */
    record Inputs(Tensor x, int[] labels) {
        static Inputs read(String input, ModelStore.Saved saved, long seed, int limit) {
            Path p = Path.of(input);
            if (input.toLowerCase(Locale.ROOT).endsWith(".csv") && Files.isRegularFile(p)) {
                return FeatureCsv.read(p, saved.inputShape(), limit);
            }
            var test = DataSource.limit(DataSource.loadTest(input, seed), limit);
            saved.checkFits(test);
            return new Inputs(test.x(), DataSource.labels(test));
        }
    }
}
