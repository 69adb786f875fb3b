package org.crema.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crema.data.Labeled;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates a saved model on the test part of a dataset.",
            "Writes report.txt (accuracy, per-class precision/recall/F1, confusion matrix, ROC AUC, log loss) and",
            "PNG charts beside it: confusion-matrix.png, roc.png, precision-recall.png."},
        footer = {"", "Example:", "  crema evaluate runs/demo/model.crema --data fashion-mnist --output runs/demo/eval"})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by crema train or crema demo.")
    Path model;

    @Option(names = {"-d", "--data"}, paramLabel = "NAME|PATH",
            description = "Dataset whose test part to use (default: the one the model was trained on).")
    String data;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Directory for the report and charts (default: <model's directory>/evaluation).")
    Path output;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Evaluate on the first N test examples only (0: all).")
    int limit;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        run.apply();
        PrintWriter out = spec.commandLine().getOut();
        ModelStore.Saved saved = ModelStore.load(model);
        String name = data != null ? data : saved.dataset();
        if (name == null) throw new CliException("the model file does not say which dataset it was trained on; name one with --data");
        Labeled test = DataSource.limit(DataSource.loadTest(name, run.seed), limit);
        saved.checkFits(test);
        EvaluationReport report = Training.evaluate(saved.model(), test);
        Path dir = output != null ? output : (model.getParent() != null ? model.getParent() : Path.of("")).resolve("evaluation");
        EvaluationReport.Written w = report.write(dir, List.of("model:          " + model, "dataset:        " + name + " (test part)"), null);
        out.printf(Locale.ROOT, "Accuracy: %.2f%% on %,d test examples of %s%n", 100 * report.accuracy(), test.size(), name);
        out.println("Report: " + w.report());
        out.println("Charts: " + String.join(", ", w.charts().stream().map(p -> p.getFileName().toString()).toList()));
        return 0;
    }
}
