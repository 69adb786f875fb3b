package org.crema.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Model#fit} returns: one value per epoch of every logged quantity ({@code loss}, each metric,
 * {@code val_loss}, {@code val_<metric>}, {@code lr}), as Keras' {@code History.history}.
 *
 * <p>{@link #asMap()} is the shape {@code org.crema.plot.Plots.trainingCurves} draws:
 * {@code Plots.trainingCurves(history.asMap(), Path.of("curves.png"))}.
 */
public final class History {
    private final List<Integer> epochs = new ArrayList<>();
    private final LinkedHashMap<String, List<Double>> values = new LinkedHashMap<>();

    /** Records the logs of an epoch (0-based index); a key first seen late is padded with NaN for earlier epochs. */
    void append(int epoch, Map<String, Double> logs) {
        for (var e : logs.entrySet()) {
            values.computeIfAbsent(e.getKey(), k -> new ArrayList<>(Collections.nCopies(epochs.size(), Double.NaN)))
                    .add(e.getValue());
        }
        epochs.add(epoch);
        for (List<Double> v : values.values()) if (v.size() < epochs.size()) v.add(Double.NaN);
    }

    /** The 0-based indices of the recorded epochs (they start at the fit's initial epoch). */
    public List<Integer> epochs() { return List.copyOf(epochs); }

    /** Number of epochs recorded (fewer than asked for when a callback stopped training). */
    public int size() { return epochs.size(); }

    public Set<String> keys() { return Collections.unmodifiableSet(values.keySet()); }

    public boolean has(String key) { return values.containsKey(key); }

    /**
     * The per-epoch values of a key.
     *
     * @throws IllegalArgumentException if nothing was logged under that key, listing the keys that were
     */
    public List<Double> get(String key) {
        List<Double> v = values.get(key);
        if (v == null) throw new IllegalArgumentException("History has no \"" + key + "\"; it has " + values.keySet());
        return Collections.unmodifiableList(v);
    }

    /** The value of the last recorded epoch. */
    public double last(String key) {
        List<Double> v = get(key);
        if (v.isEmpty()) throw new IllegalStateException("History is empty");
        return v.get(v.size() - 1);
    }

    /** The logs of the i-th recorded epoch. */
    public Map<String, Double> epoch(int i) {
        if (i < 0 || i >= epochs.size()) throw new IndexOutOfBoundsException("History: epoch " + i + " outside [0, " + epochs.size() + ")");
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.get(i)));
        return out;
    }

    /** A copy, key to per-epoch values, in logging order. */
    public Map<String, List<Double>> asMap() {
        LinkedHashMap<String, List<Double>> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /** A small table, one row per epoch. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("epoch");
        for (String k : values.keySet()) sb.append('\t').append(k);
        for (int i = 0; i < epochs.size(); i++) {
            sb.append('\n').append(epochs.get(i) + 1);
            for (List<Double> v : values.values()) sb.append('\t').append(String.format(Locale.ROOT, "%.6g", v.get(i)));
        }
        return sb.toString();
    }
}
