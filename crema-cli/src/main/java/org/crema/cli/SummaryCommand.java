package org.crema.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.crema.train.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints a model's layers, output shapes and parameter counts (as Keras' model.summary()).",
        footer = {"", "Examples:", "  crema summary cnn", "  crema summary lenet", "  crema summary mlp --input-shape 20 --classes 3",
            "  crema summary runs/demo/model.crema"})
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL|RECIPE|FILE.json",
            description = "A saved model file, a recipe (mlp, cnn, lenet, linear) or a JSON model description.")
    String model;

    @Option(names = "--input-shape", split = ",", paramLabel = "N",
            description = "Shape of one example for a recipe or JSON description, e.g. 1,28,28 (default: 1,28,28; 3,32,32 for lenet).")
    int[] inputShape;

    @Option(names = "--classes", defaultValue = "10", description = "Number of classes for a recipe (default: ${DEFAULT-VALUE}).")
    int classes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Recipe recipe = Recipe.byName(model);
        boolean json = model.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        Model m;
        if (recipe == null && !json) {
            Path file = Path.of(model);
            if (!Files.exists(file)) {
                throw new ParameterException(spec.commandLine(), "'" + model + "' is neither a model file, a recipe ("
                        + Recipe.names() + ") nor a .json model description");
            }
            m = ModelStore.load(file).model();
        } else {
            if (classes < 1) throw new ParameterException(spec.commandLine(), "--classes must be at least 1, got " + classes);
            int[] shape = inputShape != null ? inputShape : recipe != null ? recipe.defaultInputShape() : null;
            if (shape == null) throw new ParameterException(spec.commandLine(), "a JSON model description needs --input-shape");
            if (Arrays.stream(shape).anyMatch(s -> s < 1)) {
                throw new ParameterException(spec.commandLine(), "--input-shape sizes must be positive, got " + Arrays.toString(shape));
            }
            m = Model.of(ModelStore.architecture(model, shape, classes)).inputShape(shape);
        }
        out.println(m.summary(new PrintStream(OutputStream.nullOutputStream())));
        return 0;
    }
}
