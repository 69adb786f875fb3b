package org.crema.io;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.crema.nn.Module;

/**
 * A model's structure as JSON, without its weights: {@code {"type":"Sequential","layers":[{"type":
 * "Linear","in_features":784,"out_features":128,"bias":true},{"type":"ReLU"},...]}}. Field names are
 * PyTorch's constructor arguments.
 *
 * <p>Only registered types are built, each by its own decoder: a file names a type, never a Java
 * class, so loading a model cannot run code the program did not register. Sequential and the layers of
 * {@code org.crema.nn} (Linear, Conv2d, pooling, Flatten, Dropout, activations, BatchNorm1d/2d,
 * LayerNorm, Embedding, Identity, RNN/LSTM/GRU) are registered (and {@code org.crema.train.Dense} registers
 * itself when its class loads, since io sits below train); add
 * your own with {@link #register}:
 *
 * <pre>{@code
 * Architecture.register("Scale", Scale.class,
 *         m -> Map.of("factor", m.factor()),
 *         c -> new Scale(c.getDouble("factor")));
 * }</pre>
 *
 * <p>Encoding matches the exact class (a subclass of Linear is not a Linear). Decoding checks every field's
 * type and refuses unknown fields, so a typo is an error rather than a silent default; a bad value is a
 * {@link CremaFormatException} naming the layer's path, e.g. {@code layers[2] (Linear)}.
 */
public final class Architecture {
    /** Builds a layer from its configuration. */
    @FunctionalInterface
    public interface Decoder<M extends Module> {
        M decode(LayerConfig config);
    }

    /**
     * The names and shapes of the parameters and buffers a configuration will create, computed without
     * creating them: lets {@link ModelFile#load} compare a file's architecture with its weights before
     * allocating anything. Optional for user types.
     */
    @FunctionalInterface
    public interface StateShapes {
        Map<String, int[]> of(LayerConfig config);
    }

    private record Entry(String type, Class<? extends Module> cls, Function<Module, Map<String, Object>> encoder,
                         Decoder<?> decoder, StateShapes shapes) {}

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]{0,99}");
    private static final Map<String, Entry> BY_TYPE = new HashMap<>();
    private static final Map<Class<?>, Entry> BY_CLASS = new HashMap<>();

    static {
        BuiltinLayers.registerAll();
    }

    private Architecture() {}

    /** Registers a type without a {@link StateShapes} function. */
    public static <M extends Module> void register(String type, Class<M> cls, Function<M, Map<String, Object>> encoder, Decoder<M> decoder) {
        register(type, cls, encoder, decoder, null);
    }

    /**
     * Registers how to write a module class as JSON fields (the encoder returns the fields other than
     * {@code type}: numbers, booleans, strings, int arrays, nested {@link #toConfig} maps) and how to build
     * it back. Registering a class again replaces its entry; a type name taken by another class is refused.
     */
    @SuppressWarnings("unchecked")
    public static synchronized <M extends Module> void register(String type, Class<M> cls, Function<M, Map<String, Object>> encoder,
                                                                Decoder<M> decoder, StateShapes shapes) {
        if (type == null || !TYPE_NAME.matcher(type).matches()) throw new IllegalArgumentException("Architecture.register: invalid type name '" + type + "'");
        if (cls == null || encoder == null || decoder == null) throw new IllegalArgumentException("Architecture.register: class, encoder and decoder are required");
        Entry old = BY_TYPE.get(type);
        if (old != null && old.cls() != cls) {
            throw new IllegalArgumentException("Architecture.register: type '" + type + "' is already registered for " + old.cls().getName());
        }
        Entry previous = BY_CLASS.get(cls);
        if (previous != null) BY_TYPE.remove(previous.type());
        Entry e = new Entry(type, cls, (Function<Module, Map<String, Object>>) encoder, decoder, shapes);
        BY_TYPE.put(type, e);
        BY_CLASS.put(cls, e);
    }

    /** Whether modules of exactly this class can be written. */
    public static synchronized boolean isRegistered(Class<? extends Module> cls) {
        return BY_CLASS.containsKey(cls);
    }

    /** Whether the whole module tree can be written (every module's class is registered). */
    public static boolean canEncode(Module module) {
        try {
            toConfig(module);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The module as a JSON-ready map with {@code type} first; an unregistered class is an IllegalArgumentException. */
    public static Map<String, Object> toConfig(Module module) {
        Entry e;
        synchronized (Architecture.class) {
            e = BY_CLASS.get(module.getClass());
        }
        if (e == null) {
            throw new IllegalArgumentException("Architecture: cannot describe a " + module.getClass().getName()
                    + "; register it with Architecture.register(type, class, encoder, decoder)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", e.type());
        Map<String, Object> fields = e.encoder().apply(module);
        for (var f : fields.entrySet()) {
            if (f.getKey().equals("type")) throw new IllegalArgumentException("Architecture: the encoder of " + e.type() + " must not write 'type'");
            out.put(f.getKey(), f.getValue());
        }
        return out;
    }

    public static String toJson(Module module) {
        return Json.write(toConfig(module));
    }

    /** Builds a model from architecture JSON (weights freshly initialised). */
    public static Module fromJson(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof Map<?, ?> m)) throw new CremaFormatException("architecture: expected a JSON object, got " + json.substring(0, Math.min(40, json.length())));
        return build(LayerConfig.of(m, "model"));
    }

    /** Builds one layer (and its nested layers) through the registry. */
    public static Module build(LayerConfig config) {
        Entry e = entry(config);
        Module m;
        try {
            m = e.decoder().decode(config);
        } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException | NegativeArraySizeException ex) {
            throw new CremaFormatException(config.path() + " (" + e.type() + "): " + ex.getMessage(), ex);
        }
        var unread = config.unreadFields();
        if (!unread.isEmpty()) throw new CremaFormatException(config.path() + " (" + e.type() + "): unknown field(s) " + unread);
        return m;
    }

    /**
     * The state names and shapes the configuration will create, or null when some layer's type has no
     * {@link StateShapes} function. Allocates nothing.
     */
    public static Map<String, int[]> stateShapes(LayerConfig config) {
        Entry e = entry(config);
        if (e.shapes() == null) return null;
        try {
            Map<String, int[]> s = e.shapes().of(config);
            return s == null ? null : Collections.unmodifiableMap(s);
        } catch (ArithmeticException ex) {
            throw new CremaFormatException(config.path() + " (" + e.type() + "): sizes overflow", ex);
        }
    }

    private static Entry entry(LayerConfig config) {
        String type = config.type();
        Entry e;
        synchronized (Architecture.class) {
            e = BY_TYPE.get(type);
        }
        if (e == null) {
            throw new CremaFormatException(config.path() + ": unknown layer type '" + (type.length() > 60 ? type.substring(0, 60) + "..." : type)
                    + "' (register it with Architecture.register before loading)");
        }
        return e;
    }
}
