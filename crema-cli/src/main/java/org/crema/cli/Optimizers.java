package org.crema.cli;

import java.util.List;
import java.util.Locale;
import org.crema.optim.Adam;
import org.crema.optim.AdamW;
import org.crema.optim.SGD;
import org.crema.train.OptimizerFactory;

/** The optimizers {@code --optimizer} names, with the learning rate and momentum of the command line. */
final class Optimizers {
    private Optimizers() {}

    static final List<String> NAMES = List.of("sgd", "adam", "adamw");

    static OptimizerFactory of(String name, double lr, double momentum) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> p -> new SGD(p, lr, momentum);
            case "adam" -> p -> new Adam(p, lr);
            case "adamw" -> p -> new AdamW(p, lr);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}
