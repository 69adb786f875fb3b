package org.crema.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.nn.Module;

/**
 * A whole model in one file: architecture, weights and metadata.
 *
 * <pre>{@code
 * ModelFile.save(model, Path.of("mnist.safetensors"), 1, 28, 28);   // input shape without the batch dim
 * Module again = ModelFile.load(Path.of("mnist.safetensors"));      // predicts exactly as model.eval()
 * }</pre>
 *
 * <p>The file is a plain safetensors file (so {@code safetensors.torch.load_file} reads its weights, with
 * PyTorch's state-dict names) whose {@code __metadata__} carries {@code crema.format = model},
 * {@code crema.architecture} (the {@link Architecture} JSON), {@code crema.version},
 * {@code crema.created} and {@code crema.input_shape}, plus any user metadata. It is written atomically.
 *
 * <p>Loading trusts nothing in the file: the header is validated against the file size, the architecture
 * is parsed with depth and size limits and built only from registered types, and the parameter shapes the
 * architecture implies are compared with the stored tensors <em>before</em> the model is built, so a
 * corrupt file cannot make Crema allocate more than the file holds. Problems are
 * {@link CremaFormatException}s naming the file and, for weights, the parameter and both shapes.
 */
public final class ModelFile {
    static final String FORMAT = "model";

    private ModelFile() {}

    /** Saves architecture, weights and metadata; {@code inputShape} (without the batch dim) may be empty. */
    public static void save(Module model, Path file, int... inputShape) throws IOException {
        save(model, file, inputShape, Map.of());
    }

    /**
     * Saves with user metadata (keys must not start with {@code crema.}). A module tree containing an
     * unregistered class is refused (IllegalArgumentException) before anything is written.
     */
    public static void save(Module model, Path file, int[] inputShape, Map<String, String> metadata) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(CremaMetadata.FORMAT, FORMAT);
        meta.put(CremaMetadata.ARCHITECTURE, Architecture.toJson(model));
        meta.put(CremaMetadata.VERSION, CremaVersion.VERSION);
        meta.put(CremaMetadata.CREATED, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        if (inputShape != null && inputShape.length > 0) {
            for (int d : inputShape) if (d < 1) throw new IllegalArgumentException("ModelFile.save: input shape dims must be >= 1, got " + java.util.Arrays.toString(inputShape));
            meta.put(CremaMetadata.INPUT_SHAPE, Json.write(inputShape));
        }
        for (var e : metadata.entrySet()) {
            if (e.getKey().startsWith(CremaMetadata.PREFIX)) throw new IllegalArgumentException("ModelFile.save: metadata key '" + e.getKey() + "' uses the reserved prefix 'crema.'");
            meta.put(e.getKey(), e.getValue());
        }
        SafeTensors.save(model.stateDict(), file, meta);
    }

    /** The rebuilt model with its weights, in eval mode (call {@code train()} to go on training it). */
    public static Module load(Path file) throws IOException {
        return read(file).model();
    }

    /** The rebuilt model and the file's metadata. */
    public static SavedModel read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ByteSource.of(ch), file.toString());
        }
    }

    /** The same from a file's bytes in memory. */
    public static SavedModel fromBytes(byte[] bytes) {
        try {
            return read(ByteSource.of(bytes), "model bytes");
        } catch (IOException e) {
            throw new CremaFormatException("model bytes: " + e.getMessage(), e);
        }
    }

    static SavedModel read(ByteSource src, String where) throws IOException {
        SafeTensorsHeader h = SafeTensors.header(src, where);
        try {
            Map<String, String> meta = h.metadata();
            String format = meta.get(CremaMetadata.FORMAT);
            if (!FORMAT.equals(format)) {
                throw new CremaFormatException("not a Crema model file (" + CremaMetadata.FORMAT + " is " + (format == null ? "absent" : "'" + format + "'")
                        + "); for plain weights use SafeTensors.load(module, path)");
            }
            String arch = meta.get(CremaMetadata.ARCHITECTURE);
            if (arch == null) throw new CremaFormatException(CremaMetadata.ARCHITECTURE + " is missing");
            Object root;
            try {
                root = Json.parse(arch);
            } catch (CremaFormatException e) {
                throw CremaFormatException.in(CremaMetadata.ARCHITECTURE, e);
            }
            if (!(root instanceof Map<?, ?> rootMap)) throw new CremaFormatException(CremaMetadata.ARCHITECTURE + " is not a JSON object");
            int[] inputShape = inputShape(meta.get(CremaMetadata.INPUT_SHAPE));

            // Compare the architecture's parameter shapes with the stored tensors before building anything.
            Map<String, int[]> planned = Architecture.stateShapes(LayerConfig.of(rootMap, "model"));
            if (planned != null) SafeTensors.checkAgainst(h, "", planned, true, "the weights of its architecture");
            Module model = Architecture.build(LayerConfig.of(rootMap, "model"));
            SafeTensors.checkAgainst(h, "", SafeTensors.shapesOf(model.stateDict()), true, "the weights of its architecture");

            if (allFloatingAreF64(h)) model.to(DType.FLOAT64);
            Map<String, Tensor> weights = new LinkedHashMap<>();
            for (var e : h.entries()) weights.put(e.name(), SafeTensors.readTensor(src, h, e, where));
            model.loadStateDict(weights);
            model.eval();

            Map<String, String> user = new LinkedHashMap<>();
            meta.forEach((k, v) -> {
                if (!k.startsWith(CremaMetadata.PREFIX)) user.put(k, v);
            });
            return new SavedModel(model, inputShape, meta.getOrDefault(CremaMetadata.VERSION, "unknown"),
                    meta.getOrDefault(CremaMetadata.CREATED, "unknown"), user);
        } catch (CremaFormatException e) {
            throw CremaFormatException.in(where, e);
        }
    }

    /** A model saved after {@code to(FLOAT64)} comes back in FLOAT64, so it predicts identically. */
    private static boolean allFloatingAreF64(SafeTensorsHeader h) {
        boolean any = false;
        for (var e : h.entries()) {
            if (e.loadsAs().isFloatingPoint()) {
                if (!e.dtype().equals("F64")) return false;
                any = true;
            }
        }
        return any;
    }

    private static int[] inputShape(String v) {
        if (v == null) return null;
        Object o = Json.parse(v, 2, 10_000);
        if (o instanceof List<?> l && l.size() <= 64) {
            int[] s = new int[l.size()];
            for (int i = 0; i < s.length; i++) {
                if (!(l.get(i) instanceof Long x) || x < 1 || x > Integer.MAX_VALUE) {
                    throw new CremaFormatException(CremaMetadata.INPUT_SHAPE + " must be an array of positive integers, got " + abbreviate(v));
                }
                s[i] = (int) (long) x;
            }
            return s;
        }
        throw new CremaFormatException(CremaMetadata.INPUT_SHAPE + " must be an array of positive integers, got " + abbreviate(v));
    }

    private static String abbreviate(String v) {
        return v.length() > 80 ? v.substring(0, 77) + "..." : v;
    }
}
