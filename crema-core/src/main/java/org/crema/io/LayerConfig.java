package org.crema.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.crema.nn.Module;

/**
 * One layer's entry in an architecture JSON, with typed getters for decoders. Every getter refuses a
 * missing or mistyped field with a {@link CremaFormatException} naming the layer's path (e.g.
 * {@code layers[2] (Linear)}) and the field, so a decoder never sees a wrong-typed value.
 */
public final class LayerConfig {
    private final Map<String, Object> fields;
    private final String path;
    private final java.util.Set<String> read = new java.util.HashSet<>(java.util.Set.of("type"));

    LayerConfig(Map<String, Object> fields, String path) {
        this.fields = fields;
        this.path = path;
    }

    /** The layer's type name (the registry key). */
    public String type() { return getString("type"); }

    /** Where this layer sits in the architecture, for messages. */
    public String path() { return path; }

    public boolean has(String key) {
        read.add(key);
        return fields.containsKey(key) && fields.get(key) != null;
    }

    /** The raw fields (unmodifiable). */
    public Map<String, Object> fields() { return Collections.unmodifiableMap(fields); }

    public int getInt(String key) {
        Object v = require(key);
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return (int) (long) l;
        throw bad(key, "a 32-bit integer", v);
    }

    public int getInt(String key, int fallback) { return has(key) ? getInt(key) : fallback; }

    public long getLong(String key) {
        Object v = require(key);
        if (v instanceof Long l) return l;
        throw bad(key, "an integer", v);
    }

    /** A number; integers are accepted too. Non-finite values cannot occur (JSON has none). */
    public double getDouble(String key) {
        Object v = require(key);
        if (v instanceof Number n) return n.doubleValue();
        throw bad(key, "a number", v);
    }

    public double getDouble(String key, double fallback) { return has(key) ? getDouble(key) : fallback; }

    public boolean getBoolean(String key) {
        Object v = require(key);
        if (v instanceof Boolean b) return b;
        throw bad(key, "true or false", v);
    }

    public boolean getBoolean(String key, boolean fallback) { return has(key) ? getBoolean(key) : fallback; }

    public String getString(String key) {
        Object v = require(key);
        if (v instanceof String s) return s;
        throw bad(key, "a string", v);
    }

    public String getString(String key, String fallback) { return has(key) ? getString(key) : fallback; }

    /** An array of 32-bit integers (at most 64 of them). */
    public int[] getIntArray(String key) {
        Object v = require(key);
        if (v instanceof List<?> l && l.size() <= 64) {
            int[] out = new int[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Long x) || x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) throw bad(key, "an array of 32-bit integers", v);
                out[i] = (int) (long) x;
            }
            return out;
        }
        throw bad(key, "an array of at most 64 integers", v);
    }

    /** A nested layer (e.g. a wrapper's inner module). */
    public LayerConfig getLayer(String key) {
        Object v = require(key);
        if (v instanceof Map<?, ?> m) return of(m, path + "." + key);
        throw bad(key, "a layer object", v);
    }

    /** A list of nested layers (e.g. a container's children). */
    public List<LayerConfig> getLayers(String key) {
        Object v = require(key);
        if (!(v instanceof List<?> l)) throw bad(key, "an array of layer objects", v);
        List<LayerConfig> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof Map<?, ?> m)) throw new CremaFormatException(path + "." + key + "[" + i + "]: expected a layer object, got " + l.get(i));
            out.add(of(m, path + "." + key + "[" + i + "]"));
        }
        return out;
    }

    /** Builds a nested layer through the registry. */
    public Module build(LayerConfig nested) { return Architecture.build(nested); }

    @SuppressWarnings("unchecked")
    static LayerConfig of(Map<?, ?> m, String path) {
        return new LayerConfig((Map<String, Object>) m, path);
    }

    /** Fields no getter asked for: typos such as "out_feature" surface instead of silently defaulting. */
    List<String> unreadFields() {
        List<String> out = new ArrayList<>();
        for (String k : fields.keySet()) if (!read.contains(k)) out.add(k);
        return out;
    }

    private Object require(String key) {
        read.add(key);
        Object v = fields.get(key);
        if (v == null) throw new CremaFormatException(where() + ": missing field '" + key + "'");
        return v;
    }

    private CremaFormatException bad(String key, String expected, Object got) {
        String g = String.valueOf(got);
        if (g.length() > 80) g = g.substring(0, 77) + "...";
        return new CremaFormatException(where() + ": field '" + key + "' must be " + expected + ", got " + g);
    }

    private String where() {
        Object t = fields.get("type");
        return path + (t instanceof String s ? " (" + s + ")" : "");
    }
}
