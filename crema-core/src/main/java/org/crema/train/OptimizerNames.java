package org.crema.train;

import java.util.List;
import java.util.Locale;
import org.crema.optim.Adam;
import org.crema.optim.AdamW;
import org.crema.optim.SGD;

/** Optimizers by their Keras names, with Keras' default learning rates. */
final class OptimizerNames {
    private OptimizerNames() {}

    static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad");

    static OptimizerFactory byName(String name) {
        if (name == null) throw new IllegalArgumentException("compile: optimizer name is null");
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "sgd" -> p -> new SGD(p, 0.01);
            case "adam" -> p -> new Adam(p, 0.001);
            case "adamw" -> p -> new AdamW(p, 0.001);
            // until org.crema.optim has them
            case "rmsprop", "adagrad" -> throw new IllegalArgumentException("compile: optimizer \"" + name
                    + "\" is not available yet in org.crema.optim; use sgd, adam or adamw");
            default -> throw new IllegalArgumentException("compile: unknown optimizer \"" + name + "\"; known names: "
                    + String.join(", ", NAMES) + " (or pass an org.crema.optim.Optimizer)");
        };
    }
}
