package org.crema.metrics;

import java.util.List;
import java.util.Locale;

/** Streaming metrics by their Keras-style names, for {@code compile(..., metrics = ["accuracy", "auc"])}. */
public final class Metrics {
    private Metrics() {}

    /** The accepted names; "topN" (for example "top3") means top-N accuracy for any N &gt;= 1. */
    public static final List<String> NAMES = List.of("accuracy", "acc", "mse", "mean_squared_error", "mae",
            "mean_absolute_error", "rmse", "root_mean_squared_error", "precision", "recall", "f1", "f1_score", "auc",
            "top_k_accuracy", "top_k_categorical_accuracy", "topN");

    /**
     * A fresh metric for a name (case-insensitive, surrounding blanks ignored); its {@link Metric#name()} is the
     * lower-cased name asked for, so "acc" is logged as "acc" as in Keras. "top_k_accuracy" is top-5, Keras'
     * default k.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Metric byName(String name) {
        if (name == null) throw new IllegalArgumentException("Metrics.byName: name is null");
        String key = name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "accuracy", "acc" -> new Accuracy(key, 0.5);
            case "mse", "mean_squared_error" -> new MeanSquaredError(key);
            case "mae", "mean_absolute_error" -> new MeanAbsoluteError(key);
            case "rmse", "root_mean_squared_error" -> new RootMeanSquaredError(key);
            case "precision" -> new Precision(key, 0.5, Average.MACRO);
            case "recall" -> new Recall(key, 0.5, Average.MACRO);
            case "f1", "f1_score" -> new F1Score(key, 0.5, Average.MACRO);
            case "auc" -> new AUC(key, Average.MACRO);
            case "top_k_accuracy", "top_k_categorical_accuracy" -> new TopKAccuracy(key, 5);
            default -> {
                if (key.matches("top[0-9]{1,6}")) {
                    int k = Integer.parseInt(key.substring(3));
                    if (k >= 1) yield new TopKAccuracy(key, k);
                }
                throw new IllegalArgumentException("Metrics.byName: unknown metric \"" + name + "\"; known names: "
                        + String.join(", ", NAMES));
            }
        };
    }
}
