package org.crema.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.Tensor;
import org.crema.data.Labeled;
import org.crema.io.Architecture;
import org.crema.io.CremaFormatException;
import org.crema.io.Json;
import org.crema.io.ModelFile;
import org.crema.io.SavedModel;
import org.crema.nn.Module;
import org.crema.train.Model;

/**
 * Model files as the tool writes them: {@link ModelFile}'s safetensors file (architecture, weights, input shape)
 * plus two metadata keys of its own, {@code classes} (the class names as a JSON array) and {@code dataset}
 * (what it was trained on), so that evaluate and predict can name classes and pick the data by default.
 */
final class ModelStore {
    static final String CLASSES = "classes";
    static final String DATASET = "dataset";

    private ModelStore() {}

    /** A loaded model, what it takes, and what its outputs mean. */
    record Saved(Model model, int[] inputShape, List<String> classNames, String dataset, Path file) {
        /** Refuses a dataset whose examples or classes do not match the model, before running it. */
        void checkFits(Labeled data) {
            int[] sample = Arrays.copyOfRange(data.x().shape(), 1, data.x().dim());
            if (inputShape != null && !Arrays.equals(sample, inputShape)) {
                throw new CliException("model " + file + " takes examples of shape " + Arrays.toString(inputShape)
                        + " but the dataset's examples have shape " + Arrays.toString(sample));
            }
            if (data.numClasses() != classNames.size()) {
                throw new CliException("model " + file + " predicts " + classNames.size() + " classes but the dataset has "
                        + data.numClasses() + " " + data.classNames());
            }
        }
    }

    /** A recipe built for these examples, or the module a JSON model description file describes. */
    static Module architecture(String model, int[] sample, int classes) {
        Recipe recipe = Recipe.byName(model);
        if (recipe != null) return recipe.build(sample, classes);
        Path file = Path.of(model);
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliException("model description " + model + " not found", e);
        } catch (IOException e) {
            throw new CliException("model description " + model + " cannot be read: " + e.getMessage(), e);
        }
        Module m;
        try {
            m = Architecture.fromJson(json);
        } catch (CremaFormatException | IllegalArgumentException e) {
            throw new CliException("model description " + model + ": " + Errors.oneLine(e.getMessage()), e);
        }
        checkOutputs(m, sample, classes, model);
        return m;
    }

    /** A dry run of one zero example: the description must take these examples and give one output per class. */
    private static void checkOutputs(Module m, int[] sample, int classes, String where) {
        int[] batch = new int[sample.length + 1];
        batch[0] = 1;
        System.arraycopy(sample, 0, batch, 1, sample.length);
        Tensor out;
        try (var g = Tensor.noGrad()) {
            out = m.forward(Tensor.zeros(batch));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliException("model description " + where + " does not take the dataset's examples of shape "
                    + Arrays.toString(sample) + ": " + Errors.oneLine(e.getMessage()), e);
        }
        if (out.dim() != 2 || out.shape()[1] != classes) {
            throw new CliException("model description " + where + " gives outputs of shape " + Arrays.toString(out.shape())
                    + " per batch but the dataset has " + classes + " classes: the last layer needs " + classes + " outputs");
        }
    }

    static void save(Model model, Path file, String dataset, int[] sample, List<String> classNames) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(CLASSES, Json.write(classNames));
        if (dataset != null) meta.put(DATASET, dataset);
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            ModelFile.save(model.module(), file, sample, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + file + ": " + e.getMessage(), e);
        }
    }

    static Saved load(Path file) {
        SavedModel s;
        try {
            s = ModelFile.read(file);
        } catch (NoSuchFileException e) {
            throw new CliException("model file " + file + " not found", e);
        } catch (IOException e) {
            throw new CliException("model file " + file + " cannot be read: " + e.getMessage(), e);
        } catch (CremaFormatException e) {
            String msg = Errors.oneLine(e.getMessage());
            throw new CliException(msg.contains(file.toString()) ? msg : "model file " + file + ": " + msg, e);
        }
        Model model = Model.of(s.model());
        List<String> classes = classNames(s, file);
        return new Saved(model, s.inputShape(), classes, s.metadata().get(DATASET), file);
    }

    private static List<String> classNames(SavedModel s, Path file) {
        String v = s.metadata().get(CLASSES);
        if (v != null) {
            try {
                if (Json.parse(v) instanceof List<?> l && !l.isEmpty()) {
                    List<String> out = new ArrayList<>();
                    for (Object o : l) out.add(String.valueOf(o));
                    return out;
                }
            } catch (CremaFormatException e) {
                // fall through: a file from elsewhere may carry its own "classes" key
            }
        }
        // a model file written by a program: count the outputs with a dry run, name classes by index
        if (s.inputShape() == null) {
            throw new CliException("model file " + file + " names neither its classes nor its input shape; save it with both");
        }
        int[] batch = new int[s.inputShape().length + 1];
        batch[0] = 1;
        System.arraycopy(s.inputShape(), 0, batch, 1, s.inputShape().length);
        int c;
        try (var g = Tensor.noGrad()) {
            Tensor out = s.model().forward(Tensor.zeros(batch));
            c = out.shape()[out.dim() - 1];
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < c; i++) names.add(Integer.toString(i));
        return names;
    }
}
