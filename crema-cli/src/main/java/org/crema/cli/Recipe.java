package org.crema.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.crema.nn.Conv2d;
import org.crema.nn.Flatten;
import org.crema.nn.Linear;
import org.crema.nn.MaxPool2d;
import org.crema.nn.ReLU;
import org.crema.nn.Sequential;

/**
 * The named models {@code crema train --model NAME} builds. Input sizes come from the dataset (one example's
 * shape) and the output size from its number of classes, so each recipe fits Fashion-MNIST, CIFAR-10 or a CSV
 * file where that makes sense; the figures in the descriptions are for Fashion-MNIST (1x28x28, 10 classes).
 */
enum Recipe {
    MLP("784-256-128-10 multilayer perceptron with ReLU", "adam", 1e-3, 0, 64, LrSchedule.NONE),
    // batch 32, Adam 2e-3 decayed linearly to 0: with batch 64 and a constant 1e-3 PyTorch and Crema both stay
    // near 89% after 2 epochs on Fashion-MNIST; these settings pass 90% in both (BENCHMARKS.md, "Fashion-MNIST accuracy")
    CNN("small CNN: conv 3x3 32, ReLU, max-pool 2, conv 3x3 64, ReLU, max-pool 2, fc 3136-128, ReLU, fc 128-10", "adam", 2e-3, 0,
            32, LrSchedule.LINEAR),
    LENET("LeNet of the PyTorch CIFAR-10 tutorial: conv 5x5 6, pool, conv 5x5 16, pool, fc 120-84-10", "sgd", 1e-3, 0.9,
            64, LrSchedule.NONE),
    LINEAR("softmax regression: one linear layer from the pixels to the classes", "sgd", 0.1, 0, 64, LrSchedule.NONE);

    final String description;
    final String optimizer;
    final double lr;
    final double momentum;
    final int batchSize;
    final LrSchedule schedule;

    Recipe(String description, String optimizer, double lr, double momentum, int batchSize, LrSchedule schedule) {
        this.description = description;
        this.optimizer = optimizer;
        this.lr = lr;
        this.momentum = momentum;
        this.batchSize = batchSize;
        this.schedule = schedule;
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The input shape {@code crema summary RECIPE} assumes when no dataset is named. */
    int[] defaultInputShape() {
        return this == LENET ? new int[] {3, 32, 32} : new int[] {1, 28, 28};
    }

    static String names() {
        return Stream.of(values()).map(Recipe::id).collect(Collectors.joining(", "));
    }

    /** The recipe with this name, or null when the name is not one (it may then be a JSON file). */
    static Recipe byName(String name) {
        for (Recipe r : values()) {
            if (r.id().equals(name.toLowerCase(Locale.ROOT))) return r;
        }
        return null;
    }

    /**
     * The model for examples of shape {@code sample} (without the batch dim) and {@code classes} classes.
     *
     * @throws CliException when the recipe cannot take such examples (a CNN on flat CSV rows)
     */
    Sequential build(int[] sample, int classes) {
        int features = Arrays.stream(sample).reduce(1, (a, b) -> a * b);
        return switch (this) {
            case MLP -> new Sequential(new Flatten(), new Linear(features, 256), new ReLU(), new Linear(256, 128),
                    new ReLU(), new Linear(128, classes));
            case LINEAR -> new Sequential(new Flatten(), new Linear(features, classes));
            case CNN -> {
                int[] chw = image(sample, 4);
                int flat = 64 * (chw[1] / 4) * (chw[2] / 4);
                yield new Sequential(new Conv2d(chw[0], 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                        new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Flatten(),
                        new Linear(flat, 128), new ReLU(), new Linear(128, classes));
            }
            case LENET -> {
                int[] chw = image(sample, 16);
                int h = ((chw[1] - 4) / 2 - 4) / 2, w = ((chw[2] - 4) / 2 - 4) / 2;
                yield new Sequential(new Conv2d(chw[0], 6, 5), new ReLU(), new MaxPool2d(2),
                        new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2), new Flatten(),
                        new Linear(16 * h * w, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, classes));
            }
        };
    }

    private int[] image(int[] sample, int minSide) {
        if (sample.length != 3) {
            throw new CliException("recipe " + id() + " needs images [channels, height, width] but the dataset's examples have shape "
                    + Arrays.toString(sample) + "; use mlp or linear for tabular data");
        }
        if (sample[1] < minSide || sample[2] < minSide) {
            throw new CliException("recipe " + id() + " needs images of at least " + minSide + "x" + minSide + ", got "
                    + sample[1] + "x" + sample[2]);
        }
        return sample;
    }
}
