package org.crema.train;

import java.util.List;
import java.util.Locale;
import org.crema.optim.Adagrad;
import org.crema.optim.Adam;
import org.crema.optim.AdamW;
import org.crema.optim.RMSprop;
import org.crema.optim.SGD;

/** Optimizers by their Keras names, with Keras' default learning rates (and Keras' other defaults where torch's differ). */
final class OptimizerNames {
    private OptimizerNames() {}

    static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad");

    static OptimizerFactory byName(String name) {
        if (name == null) throw new IllegalArgumentException("compile: optimizer name is null");
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "sgd" -> p -> new SGD(p, 0.01);
            case "adam" -> p -> new Adam(p, 0.001);
            case "adamw" -> p -> new AdamW(p, 0.001);
            // Keras' rho 0.9 and epsilon 1e-7 (torch's alpha default is 0.99)
            case "rmsprop" -> p -> new RMSprop(p, 0.001, 0.9, 1e-7, 0, 0, false);
            // Keras' initial accumulator 0.1 and epsilon 1e-7
            case "adagrad" -> p -> new Adagrad(p, 0.001, 0, 0, 0.1, 1e-7);
            default -> throw new IllegalArgumentException("compile: unknown optimizer \"" + name + "\"; known names: "
                    + String.join(", ", NAMES) + " (or pass an org.crema.optim.Optimizer)");
        };
    }
}
