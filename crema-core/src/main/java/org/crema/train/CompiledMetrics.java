package org.crema.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.metrics.Accuracy;
import org.crema.metrics.Average;
import org.crema.metrics.F1Score;
import org.crema.metrics.Metric;
import org.crema.metrics.Metrics;
import org.crema.metrics.Precision;
import org.crema.metrics.Recall;

/**
 * The streaming metrics a model was compiled with. One instance of each serves training and then
 * validation: the training values are read at the end of the epoch before validation resets them.
 */
final class CompiledMetrics {
    private final List<Metric> metrics;

    private CompiledMetrics(List<Metric> metrics) { this.metrics = metrics; }

    static CompiledMetrics of(Object[] specs, CompiledLoss loss) {
        List<Metric> out = new ArrayList<>();
        Set<String> names = new HashSet<>(Set.of("loss", "lr"));
        for (Object s : specs) {
            Metric m = switch (s) {
                case String name -> byName(name, loss);
                case Metric metric -> metric;
                case null -> throw new IllegalArgumentException("compile: a metric is null");
                default -> throw new IllegalArgumentException("compile: metrics must be names (" + String.join(", ", Metrics.NAMES)
                        + ") or org.crema.metrics.Metric objects, got " + s.getClass().getName());
            };
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("compile: two metrics would be logged as \"" + m.name() + "\"");
            }
            out.add(m);
        }
        return new CompiledMetrics(out);
    }

    /** Metrics.byName, with the binary threshold at 0 when the loss says the outputs are logits. */
    private static Metric byName(String name, CompiledLoss loss) {
        Metric m = Metrics.byName(name);
        if (!loss.binaryLogits()) return m;
        String key = name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "accuracy", "acc" -> new Accuracy(key, 0.0);
            case "precision" -> new Precision(key, 0.0, Average.MACRO);
            case "recall" -> new Recall(key, 0.0, Average.MACRO);
            case "f1", "f1_score" -> new F1Score(key, 0.0, Average.MACRO);
            default -> m;
        };
    }

    List<String> names() { return metrics.stream().map(Metric::name).toList(); }

    boolean isEmpty() { return metrics.isEmpty(); }

    void reset() { for (Metric m : metrics) m.reset(); }

    /** Adds a batch: output as [n] or [n, rest], targets as the loss adapted them. */
    void update(Tensor output, Tensor target) {
        if (metrics.isEmpty()) return;
        float[] p = output.contiguous().toFloatArray();
        int n = output.dim() == 0 ? 1 : output.size(0);
        int[] shape = output.dim() <= 1 ? new int[] {n} : new int[] {n, n == 0 ? 0 : p.length / n};
        if (target.dtype() == DType.INT64) {
            long[] t = target.contiguous().toLongArray();
            for (Metric m : metrics) m.update(p, shape, t);
        } else {
            float[] t = target.contiguous().toFloatArray();
            for (Metric m : metrics) m.update(p, shape, t);
        }
    }

    /** Current values, each key prefixed ("" or "val_"). */
    Map<String, Double> results(String prefix) {
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        for (Metric m : metrics) out.put(prefix + m.name(), m.result());
        return out;
    }

    double result(int i) { return metrics.get(i).result(); }
}
