package org.crema.cli;

import org.crema.Tensor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** --seed and --threads, shared by the commands that compute. */
final class RunOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of weights, shuffling and splits (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    /** Applies the options; must run before the first kernel starts the shared thread pool. */
    void apply() {
        if (threads != null) {
            if (threads < 1) throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
            System.setProperty("crema.threads", Integer.toString(threads));
        }
        Tensor.manualSeed(seed);
    }
}
