package org.crema.cli;

import java.util.List;

/** The subcommands of {@code crema}, in the order --help lists them. */
final class Commands {
    private Commands() {}

    static List<Object> all() {
        return List.of(new DemoCommand(), new TrainCommand(), new EvaluateCommand(), new PredictCommand(), new SummaryCommand());
    }
}
