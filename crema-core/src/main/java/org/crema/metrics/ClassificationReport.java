package org.crema.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-class precision, recall, F1 and support plus accuracy and the macro and weighted averages, as sklearn's
 * {@code classification_report}; {@link #toString()} prints the same text sklearn does with {@code digits=2}.
 * Zero divisions give 0 (see {@link ClassificationMetrics}).
 *
 * @param classes one row per class, in label order
 * @param accuracy fraction of correct predictions (sklearn prints it instead of the micro average)
 * @param macroAvg unweighted means over the classes; its support is the number of samples
 * @param weightedAvg support-weighted means over the classes; its support is the number of samples
 * @param microIsAccuracy whether the listed classes are exactly those occurring in yTrue or yPred; sklearn 1.2 then
 *     prints an "accuracy" line, otherwise a "micro avg" line (whose three values all equal the accuracy here)
 */
public record ClassificationReport(List<Row> classes, double accuracy, Row macroAvg, Row weightedAvg,
        boolean microIsAccuracy) {

    /** One line of the report. */
    public record Row(String name, double precision, double recall, double f1, long support) {}

    public ClassificationReport {
        classes = List.copyOf(classes);
    }

    /** Report over the sorted labels present in yTrue or yPred, named by their values. */
    public static ClassificationReport of(int[] yTrue, int[] yPred) {
        Checks.pair("classificationReport", yTrue, yPred);
        int[] labels = Checks.uniqueLabels(yTrue, yPred);
        String[] names = new String[labels.length];
        for (int i = 0; i < labels.length; i++) names[i] = Integer.toString(labels[i]);
        return build(labels, names, yTrue, yPred, true);
    }

    /**
     * Report over labels 0..classNames.length-1 named by {@code classNames} (sklearn's {@code labels=range(C),
     * target_names=classNames}); a class that never occurs still gets a row.
     */
    public static ClassificationReport of(int[] yTrue, int[] yPred, String[] classNames) {
        String op = "classificationReport";
        Checks.pair(op, yTrue, yPred);
        Checks.nonNull(op, "classNames", classNames);
        int[] labels = ClassificationMetrics.labels(op, yTrue, yPred, classNames.length);
        boolean allPresent = Checks.uniqueLabels(yTrue, yPred).length == labels.length;
        return build(labels, classNames.clone(), yTrue, yPred, allPresent);
    }

    private static ClassificationReport build(int[] labels, String[] names, int[] yTrue, int[] yPred,
            boolean microIsAccuracy) {
        LabelCounts counts = LabelCounts.of(labels, yTrue, yPred);
        double[] p = counts.perClassPrecision();
        double[] r = counts.perClassRecall();
        double[] f = counts.perClassF1();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) rows.add(new Row(names[i], p[i], r[i], f[i], counts.actual()[i]));
        long n = LabelCounts.sum(counts.actual());
        Row macro = new Row("macro avg", counts.precision(Average.MACRO), counts.recall(Average.MACRO),
                counts.f1(Average.MACRO), n);
        Row weighted = new Row("weighted avg", counts.precision(Average.WEIGHTED), counts.recall(Average.WEIGHTED),
                counts.f1(Average.WEIGHTED), n);
        return new ClassificationReport(rows, ClassificationMetrics.accuracy(yTrue, yPred), macro, weighted,
                microIsAccuracy);
    }

    /** sklearn's text layout with 2 decimals. */
    @Override
    public String toString() {
        return format(2);
    }

    /**
     * sklearn's text layout with the given number of decimals. Numbers are rounded half-even on their exact binary
     * value, like Python's format, so the text matches sklearn's character for character.
     */
    public String format(int digits) {
        if (digits < 0) throw new IllegalArgumentException("classificationReport: digits must be >= 0 but is " + digits);
        String last = "weighted avg";
        int width = Math.max(last.length(), digits);
        for (Row row : classes) width = Math.max(width, row.name().length());
        StringBuilder sb = new StringBuilder();
        sb.append(" ".repeat(width)).append(' ');
        for (String h : new String[] {"precision", "recall", "f1-score", "support"}) sb.append(' ').append(pad(h, 9));
        sb.append("\n\n");
        for (Row row : classes) appendRow(sb, row, width, digits);
        sb.append('\n');
        long n = macroAvg.support();
        if (microIsAccuracy) {
            sb.append(pad("accuracy", width)).append(' ');
            sb.append(' ').append(pad("", 9)).append(' ').append(pad("", 9));
            sb.append(' ').append(pad(fixed(accuracy, digits), 9)).append(' ').append(pad(Long.toString(n), 9));
            sb.append('\n');
        } else {
            appendRow(sb, new Row("micro avg", accuracy, accuracy, accuracy, n), width, digits);
        }
        appendRow(sb, macroAvg, width, digits);
        appendRow(sb, weightedAvg, width, digits);
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, Row row, int width, int digits) {
        sb.append(pad(row.name(), width)).append(' ');
        sb.append(' ').append(pad(fixed(row.precision(), digits), 9));
        sb.append(' ').append(pad(fixed(row.recall(), digits), 9));
        sb.append(' ').append(pad(fixed(row.f1(), digits), 9));
        sb.append(' ').append(pad(Long.toString(row.support()), 9));
        sb.append('\n');
    }

    static String fixed(double v, int digits) {
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
