package org.crema.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.crema.Tensor;
import org.crema.data.Labeled;
import org.crema.metrics.Predictions;
import org.crema.nn.Module;
import org.crema.train.Callback;
import org.crema.train.Fit;
import org.crema.train.History;
import org.crema.train.Model;

/** What {@code crema train} and {@code crema demo} share: build, fit, evaluate on the test part, save, report. */
final class Training {
    private Training() {}

    /** Everything one run needs; {@code model} is a recipe name or a JSON architecture file. */
    record Settings(String model, String data, int epochs, int batchSize, String optimizer, double lr, LrSchedule schedule,
                    double momentum, long seed, int limit, int testLimit, Path output, int verbose) {}

    record Result(Model model, History history, EvaluationReport report, Path modelFile,
                  EvaluationReport.Written written, double trainSeconds) {}

    static Result run(Settings s, DataSource data, PrintWriter out) {
        Tensor.manualSeed(s.seed());
        Labeled train = DataSource.limit(data.train(), s.limit());
        Labeled test = DataSource.limit(data.test(), s.testLimit());
        int[] sample = Arrays.copyOfRange(train.x().shape(), 1, train.x().dim());
        Module module = ModelStore.architecture(s.model(), sample, train.numClasses());
        Model model = Model.of(module)
                .compile(Optimizers.of(s.optimizer(), s.lr(), s.momentum()), "cross_entropy", "accuracy");
        out.printf(Locale.ROOT, "Training %s on %s: %,d training examples of shape %s, %d classes; %s, seed %d%n",
                s.model(), data.name(), train.size(), Arrays.toString(sample), train.numClasses(), describe(s), s.seed());
        out.flush();
        long t0 = System.nanoTime();
        Fit fit = Fit.epochs(s.epochs()).batchSize(s.batchSize()).seed(s.seed()).verbose(s.verbose());
        Callback schedule = s.schedule().callback(s.lr());
        if (schedule != null) fit.callbacks(schedule);
        History history = model.fit(train.x(), train.y(), fit);
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "Trained in %.1f s (%,.0f examples/s)%n", seconds,
                (double) train.size() * s.epochs() / Math.max(seconds, 1e-9));

        out.printf(Locale.ROOT, "Evaluating on %,d test examples...%n", test.size());
        out.flush();
        EvaluationReport report = evaluate(model, test);
        Path file = s.output();
        ModelStore.save(model, file, data.name(), sample, train.classNames());
        List<String> header = List.of("model:          " + file + " (" + s.model() + ")",
                "dataset:        " + data.name() + " (test part)",
                String.format(Locale.ROOT, "training:       %,d examples, %s, seed %d", train.size(), describe(s), s.seed()));
        Path dir = file.getParent() != null ? file.getParent() : Path.of("");
        EvaluationReport.Written written = report.write(dir, header, history.asMap());
        return new Result(model, history, report, file, written, seconds);
    }

    /** "2 epochs, batch 32, adam lr 0.002 (linear decay to 0 over the run)": the training settings the run used. */
    static String describe(Settings s) {
        return String.format(Locale.ROOT, "%d epoch%s, batch %d, %s lr %s%s%s", s.epochs(), s.epochs() == 1 ? "" : "s",
                s.batchSize(), s.optimizer(), num(s.lr()),
                s.schedule() == LrSchedule.NONE ? " (constant)" : " (" + s.schedule().id() + " decay to 0 over the run)",
                s.momentum() != 0 ? " momentum " + num(s.momentum()) : "");
    }

    /** Class probabilities of the model on a labelled set. */
    static EvaluationReport evaluate(Model model, Labeled test) {
        return new EvaluationReport(probabilities(model, test.x()), DataSource.labels(test), test.classNames());
    }

    static double[][] probabilities(Model model, Tensor x) {
        Tensor logits = model.predict(x, 256);
        if (logits.dim() != 2) {
            throw new CliException("the model gives outputs of shape " + Arrays.toString(logits.shape())
                    + "; a classifier must give [examples, classes]");
        }
        Tensor p = logits.softmax(1).contiguous();
        return Predictions.rows(p.toDoubleArray(), logits.shape()[1]);
    }

    static void printSummary(Result r, PrintWriter out) {
        out.printf(Locale.ROOT, "Test accuracy: %.2f%% on %,d test examples%n", 100 * r.report().accuracy(), r.report().yTrue().length);
        out.println("Model:  " + r.modelFile());
        out.println("Report: " + r.written().report());
        List<String> charts = new ArrayList<>();
        for (Path c : r.written().charts()) charts.add(c.getFileName().toString());
        out.println("Charts: " + String.join(", ", charts) + " (beside the report)");
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v) : Double.toString(v);
    }
}
