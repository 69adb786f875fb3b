package org.crema.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crema.metrics.Average;
import org.crema.metrics.ClassificationMetrics;
import org.crema.metrics.ClassificationReport;
import org.crema.metrics.ConfusionMatrix;
import org.crema.metrics.Predictions;
import org.crema.metrics.RankingMetrics;
import org.crema.plot.Plots;

/**
 * What {@code crema evaluate} (and the end of {@code crema train} and {@code crema demo}) writes: a text report
 * (accuracy, top-3 accuracy, log loss, macro F1, Cohen's kappa, one-vs-rest ROC AUC, sklearn's per-class
 * report, the confusion matrix) and PNG charts beside it (confusion matrix, ROC and precision-recall curves —
 * micro-averaged one-vs-rest for more than two classes — and the training curves when a history is given).
 *
 * @param probabilities [n][C] class probabilities (rows sum to 1)
 * @param yTrue true class of each example
 * @param classNames name of each class, C of them
 */
record EvaluationReport(double[][] probabilities, int[] yTrue, List<String> classNames) {

    EvaluationReport {
        if (probabilities.length != yTrue.length) {
            throw new IllegalArgumentException("evaluation: " + probabilities.length + " predictions for "
                    + yTrue.length + " labels");
        }
        if (yTrue.length == 0) throw new IllegalArgumentException("evaluation: the dataset is empty");
        int c = classNames.size();
        for (double[] row : probabilities) {
            if (row.length != c) {
                throw new IllegalArgumentException("evaluation: the model gives " + row.length
                        + " outputs per example but the dataset has " + c + " classes " + classNames);
            }
        }
        for (int y : yTrue) {
            if (y < 0 || y >= c) {
                throw new IllegalArgumentException("evaluation: label " + y + " outside the dataset's " + c + " classes");
            }
        }
        classNames = List.copyOf(classNames);
    }

    /** Files written by {@link #write}: the text report first, then the charts. */
    record Written(Path report, List<Path> charts) {}

    int[] predicted() {
        return Predictions.argmax(probabilities);
    }

    double accuracy() {
        return ClassificationMetrics.accuracy(yTrue, predicted());
    }

    /** The report text; {@code header} lines (model, dataset) go first. */
    String text(List<String> header) {
        int c = classNames.size();
        int[] pred = predicted();
        StringBuilder sb = new StringBuilder();
        for (String h : header) sb.append(h).append('\n');
        sb.append(String.format(Locale.ROOT, "examples:       %d%n", yTrue.length));
        sb.append(String.format(Locale.ROOT, "accuracy:       %.4f%n", ClassificationMetrics.accuracy(yTrue, pred)));
        if (c > 3) {
            sb.append(String.format(Locale.ROOT, "top-3 accuracy: %.4f%n", ClassificationMetrics.topKAccuracy(yTrue, probabilities, 3)));
        }
        sb.append(String.format(Locale.ROOT, "macro F1:       %.4f%n", ClassificationMetrics.f1(yTrue, pred, c, Average.MACRO)));
        sb.append(String.format(Locale.ROOT, "Cohen's kappa:  %.4f%n", ClassificationMetrics.cohenKappa(yTrue, pred)));
        sb.append(String.format(Locale.ROOT, "log loss:       %.4f%n", ClassificationMetrics.logLoss(yTrue, normalised())));
        String auc = rocAuc();
        if (auc != null) sb.append("ROC AUC:        ").append(auc).append(" (one-vs-rest, macro average)\n");
        if (c > 2) {
            sb.append("The ROC and precision-recall charts are micro-averaged: every (example, class) pair is one yes/no decision.\n");
        }
        sb.append('\n').append("Per-class report:\n\n");
        sb.append(ClassificationReport.of(yTrue, pred, classNames.toArray(String[]::new)).format(4));
        sb.append('\n').append("Confusion matrix (rows: true class, columns: predicted class):\n\n");
        sb.append(confusionText(ConfusionMatrix.of(yTrue, pred, c).counts()));
        sb.append('\n');
        for (int j = 0; j < c; j++) sb.append(String.format(Locale.ROOT, "%5d = %s%n", j, classNames.get(j)));
        return sb.toString();
    }

    /** Writes {@code dir/report.txt} and the charts; returns the paths. */
    Written write(Path dir, List<String> header, Map<String, List<Double>> history) {
        try {
            Files.createDirectories(dir);
            Path report = dir.resolve("report.txt");
            Files.writeString(report, text(header), StandardCharsets.UTF_8);
            return new Written(report, charts(dir, history));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    List<Path> charts(Path dir, Map<String, List<Double>> history) {
        int c = classNames.size();
        int[] pred = predicted();
        List<Path> out = new ArrayList<>();
        out.add(Plots.confusionMatrix(ConfusionMatrix.of(yTrue, pred, c), classNames.toArray(String[]::new),
                dir.resolve("confusion-matrix.png")));
        // one curve for all classes: each (example, class) pair is a binary decision (sklearn's micro average)
        int[] bin = new int[yTrue.length * c];
        double[] score = new double[yTrue.length * c];
        for (int i = 0; i < yTrue.length; i++) {
            for (int j = 0; j < c; j++) {
                bin[i * c + j] = yTrue[i] == j ? 1 : 0;
                score[i * c + j] = probabilities[i][j];
            }
        }
        if (c == 2) {
            bin = yTrue;
            score = new double[yTrue.length];
            for (int i = 0; i < yTrue.length; i++) score[i] = probabilities[i][1];
        }
        if (hasBoth(bin)) {
            out.add(Plots.roc(RankingMetrics.rocCurve(bin, score, 1), curveTitle("ROC curve"), dir.resolve("roc.png")));
            out.add(Plots.precisionRecall(RankingMetrics.precisionRecallCurve(bin, score, 1), curveTitle("Precision-recall curve"),
                    dir.resolve("precision-recall.png")));
        }
        Map<String, List<Double>> curves = curves(history);
        if (!curves.isEmpty()) out.add(Plots.trainingCurves(curves, dir.resolve("training-curves.png")));
        return out;
    }

    /**
     * The chart's title says what its one curve is: with more than two classes it pools all of them (and its AUC
     * differs from the report's macro AUC), with two it is the second class against the first.
     */
    String curveTitle(String kind) {
        int c = classNames.size();
        return c == 2 ? kind + ": " + classNames.get(1) + " vs " + classNames.get(0)
                : kind + " (micro-average, " + c + " classes)";
    }

    /** The metrics worth a chart: two epochs or more, without the learning rate (a setting, not a result). */
    static Map<String, List<Double>> curves(Map<String, List<Double>> history) {
        Map<String, List<Double>> out = new java.util.LinkedHashMap<>();
        if (history == null) return out;
        history.forEach((k, v) -> {
            if (!k.equals("lr") && v.size() >= 2) out.put(k, v);
        });
        return out;
    }

    private static boolean hasBoth(int[] bin) {
        boolean zero = false, one = false;
        for (int b : bin) {
            if (b == 0) zero = true; else one = true;
        }
        return zero && one;
    }

    /** Macro one-vs-rest AUC, or null when a class never occurs (it has no AUC). */
    private String rocAuc() {
        try {
            return String.format(Locale.ROOT, "%.4f", RankingMetrics.rocAuc(yTrue, normalised(), Average.MACRO));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // float32 softmax rows sum to 1 only within ~1e-7; the AUC check wants 1e-8 + 1e-5, fine, but renormalise
    // in double so that a row summing to 0.99999 after a float round-trip never trips it
    private double[][] normalised() {
        double[][] p = new double[probabilities.length][];
        for (int i = 0; i < p.length; i++) {
            double s = 0;
            for (double v : probabilities[i]) s += v;
            p[i] = new double[probabilities[i].length];
            for (int j = 0; j < p[i].length; j++) p[i][j] = probabilities[i][j] / s;
        }
        return p;
    }

    static String confusionText(int[][] counts) {
        int c = counts.length;
        int width = 5;
        for (int[] row : counts) for (int v : row) width = Math.max(width, Integer.toString(v).length() + 1);
        StringBuilder sb = new StringBuilder();
        sb.append("true\\pred");
        for (int j = 0; j < c; j++) sb.append(pad(Integer.toString(j), width));
        sb.append('\n');
        for (int i = 0; i < c; i++) {
            sb.append(pad(Integer.toString(i), 9));
            for (int j = 0; j < c; j++) sb.append(pad(Integer.toString(counts[i][j]), width));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int w) {
        return " ".repeat(Math.max(0, w - s.length())) + s;
    }
}
