package org.crema.cli;

import java.util.List;
import java.util.Locale;
import org.crema.train.Callback;
import org.crema.train.FitParams;
import org.crema.train.Model;

/**
 * The learning-rate schedules {@code --schedule} names, applied before every step (not every epoch): a
 * two-epoch run has only two epochs to schedule over, but thousands of steps. With T steps in the whole run,
 * step t (0-based) uses {@code lr * (1 - t/T)} for linear and {@code lr * (1 + cos(pi t/T)) / 2} for cosine, as
 * bench/fashion_mnist_pytorch.py does for PyTorch.
 */
enum LrSchedule {
    NONE, LINEAR, COSINE;

    static final List<String> NAMES = List.of("none", "linear", "cosine");

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The schedule with this name, or null when the name is not one. */
    static LrSchedule byName(String name) {
        for (LrSchedule s : values()) {
            if (s.id().equals(name.toLowerCase(Locale.ROOT))) return s;
        }
        return null;
    }

    /** The factor on the base rate at step t of total (0 <= t < total). */
    double factor(long t, long total) {
        double f = (double) t / total;
        return switch (this) {
            case NONE -> 1;
            case LINEAR -> 1 - f;
            case COSINE -> 0.5 * (1 + Math.cos(Math.PI * f));
        };
    }

    /** A callback that sets the rate before each step, from {@code baseLr}; null for NONE. */
    Callback callback(double baseLr) {
        if (this == NONE) return null;
        return new Callback() {
            private long stepsPerEpoch, total, firstEpoch;
            private int epoch;

            @Override
            public void onTrainBegin(Model model, FitParams params) {
                stepsPerEpoch = params.stepsPerEpoch();
                firstEpoch = params.initialEpoch();
                total = Math.max(1, stepsPerEpoch * (params.epochs() - params.initialEpoch()));
            }

            @Override
            public void onEpochBegin(Model model, int e) {
                epoch = e;
                model.setLr(baseLr * factor((epoch - firstEpoch) * stepsPerEpoch, total));
            }

            @Override
            public void onBatchBegin(Model model, int step) {
                model.setLr(baseLr * factor(Math.min((epoch - firstEpoch) * stepsPerEpoch + step, total - 1), total));
            }
        };
    }
}
