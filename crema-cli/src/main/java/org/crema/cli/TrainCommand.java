package org.crema.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a model on a dataset, then evaluates it on the test part and saves it.",
            "Writes the model file and, beside it, report.txt and PNG charts (confusion matrix, ROC, PR, training curves)."},
        footer = {"", "Examples:",
            "  crema train --model mlp --data fashion-mnist --epochs 5 --batch-size 64",
            "  crema train --model cnn --epochs 2 --output runs/cnn/model.crema",
            "  crema train --model lenet --data synthetic-cifar --lr 0.002",
            "  crema train --model my-model.json --data table.csv"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "RECIPE|FILE.json",
            description = "A recipe (mlp, cnn, lenet, linear) or a JSON model description file.")
    String model;

    @Option(names = {"-d", "--data"}, paramLabel = "NAME|PATH",
            description = "fashion-mnist, synthetic, synthetic-cifar, a directory of IDX or CIFAR-10 files, or a CSV"
                    + " file (last column the class). Default: fashion-mnist when installed, else synthetic.")
    String data;

    @Option(names = {"-e", "--epochs"}, defaultValue = "1", paramLabel = "N", description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"-b", "--batch-size"}, paramLabel = "N", description = "Examples per step (default: the recipe's, 32 for cnn, else 64).")
    Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd, adam or adamw (default: the recipe's; adam for a JSON model).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the recipe's, 0.002 for cnn; 0.001 for a JSON model).")
    Double lr;

    @Option(names = "--schedule", paramLabel = "NAME",
            description = "Learning rate over the run, set before every step: none (constant), linear (down to 0 at the end)"
                    + " or cosine (default: the recipe's, linear for cnn, else none).")
    String schedule;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default: the recipe's, 0.9 for lenet, else 0).")
    Double momentum;

    @Mixin
    RunOptions run;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Train on the first N examples only (0: all).")
    int limit;

    @Option(names = "--test-limit", defaultValue = "0", paramLabel = "N", description = "Evaluate on the first N test examples only (0: all).")
    int testLimit;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Model file to write (default: runs/<model>/model.crema); the report goes beside it.")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        Training.Settings s = settings(spec, model, data, epochs, batchSize, optimizer, lr, schedule, momentum, run.seed,
                limit, testLimit, output, quiet ? 0 : 1);
        run.apply();
        DataSource source = DataSource.load(s.data(), s.seed());
        Training.Result r = Training.run(s, source, spec.commandLine().getOut());
        Training.printSummary(r, spec.commandLine().getOut());
        return 0;
    }

    /** Checks the numbers and fills in the recipe's defaults. */
    static Training.Settings settings(CommandSpec spec, String model, String data, int epochs, Integer batchSize,
            String optimizer, Double lr, String schedule, Double momentum, long seed, int limit, int testLimit, Path output,
            int verbose) {
        if (epochs < 1) throw new ParameterException(spec.commandLine(), "--epochs must be at least 1, got " + epochs);
        if (batchSize != null && batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be at least 1, got " + batchSize);
        }
        if (limit < 0 || testLimit < 0) throw new ParameterException(spec.commandLine(), "--limit and --test-limit must be >= 0");
        Recipe recipe = Recipe.byName(model);
        if (recipe == null && !model.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            throw new ParameterException(spec.commandLine(), "--model '" + model + "' is neither a recipe ("
                    + Recipe.names() + ") nor a .json model description");
        }
        int batch = batchSize != null ? batchSize : recipe != null ? recipe.batchSize : 64;
        LrSchedule sched = schedule == null ? (recipe != null ? recipe.schedule : LrSchedule.NONE) : LrSchedule.byName(schedule);
        if (sched == null) {
            throw new ParameterException(spec.commandLine(), "--schedule '" + schedule + "' is not one of " + String.join(", ", LrSchedule.NAMES));
        }
        String opt = optimizer != null ? optimizer : recipe != null ? recipe.optimizer : "adam";
        if (!Optimizers.NAMES.contains(opt.toLowerCase(java.util.Locale.ROOT))) {
            throw new ParameterException(spec.commandLine(), "--optimizer '" + opt + "' is not one of " + String.join(", ", Optimizers.NAMES));
        }
        double rate = lr != null ? lr : recipe != null ? recipe.lr : 1e-3;
        if (!(rate > 0) || Double.isInfinite(rate)) throw new ParameterException(spec.commandLine(), "--lr must be positive, got " + rate);
        double mom = momentum != null ? momentum : recipe != null ? recipe.momentum : 0;
        if (mom < 0 || mom >= 1) throw new ParameterException(spec.commandLine(), "--momentum must be in [0, 1), got " + mom);
        String stem = recipe != null ? recipe.id() : Path.of(model).getFileName().toString().replaceFirst("(?i)\\.json$", "");
        Path out = output != null ? output : Path.of("runs", stem, "model.crema");
        return new Training.Settings(model, data, epochs, batch, opt.toLowerCase(java.util.Locale.ROOT), rate, sched, mom,
                seed, limit, testLimit, out, verbose);
    }
}
