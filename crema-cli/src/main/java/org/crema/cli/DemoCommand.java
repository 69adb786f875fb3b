package org.crema.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains the small CNN for a minute or two and shows what it learnt.",
            "Uses Fashion-MNIST when installed (apt-get install dataset-fashion-mnist), else generated shape images.",
            "On Fashion-MNIST it trains one epoch on a subset; 'crema train --model cnn --epochs 2' trains on all of it."})
final class DemoCommand implements Callable<Integer> {
    /** Training images the demo uses from real Fashion-MNIST: keeps it near a minute on two cores. */
    static final int FASHION_SUBSET = 20_000;

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "runs/demo",
            description = "Where the model, report and charts go (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--limit", paramLabel = "N", description = "Training examples to use (default: "
            + FASHION_SUBSET + " of Fashion-MNIST, all of the generated set).", hidden = true)
    Integer limit;

    @Option(names = "--test-limit", paramLabel = "N", defaultValue = "0", hidden = true)
    int testLimit;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        run.apply();
        String name = DataSource.defaultName();
        boolean real = name.equals("fashion-mnist");
        DataSource data = DataSource.load(name, run.seed);
        int n = limit != null ? limit : real ? FASHION_SUBSET : 0;
        int used = n > 0 ? Math.min(n, data.train().size()) : data.train().size();
        if (real) {
            out.printf(Locale.ROOT, "Crema demo: a small CNN learns Fashion-MNIST (installed at %s).%n",
                    org.crema.data.io.FashionMnist.defaultDir());
            out.printf(Locale.ROOT, "To keep it short it trains 1 epoch on %,d of the %,d training images, then tests on all %,d test images.%n",
                    used, data.train().size(), DataSource.limit(data.test(), testLimit).size());
            out.println("(The full run, 2 epochs on everything: crema train --model cnn --epochs 2)");
        } else {
            out.println("Crema demo: a small CNN learns to tell 10 kinds of generated shapes apart (28x28 grey images).");
            out.println("Fashion-MNIST is not installed; 'apt-get install dataset-fashion-mnist' makes the demo use it.");
            out.printf(Locale.ROOT, "It trains 1 epoch on %,d images and tests on %,d others.%n", used,
                    DataSource.limit(data.test(), testLimit).size());
        }
        out.flush();
        Training.Settings s = new Training.Settings("cnn", name, 1, 64, "adam", 1e-3, LrSchedule.NONE, 0, run.seed, n, testLimit,
                output.resolve("model.crema"), quiet ? 0 : 1);
        Training.Result r = Training.run(s, data, out);
        out.println();
        Training.printSummary(r, out);
        out.println("Next:   crema evaluate " + r.modelFile() + "   |   crema predict " + r.modelFile() + " " + name);
        return 0;
    }
}
