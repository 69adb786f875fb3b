package org.crema.plot;

import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crema.metrics.ConfusionMatrix;
import org.crema.metrics.PrecisionRecallCurve;
import org.crema.metrics.RocCurve;
import org.crema.metrics.validation.LearningCurveResult;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts for model evaluation, drawn with XChart. Every method writes the file (creating missing parent
 * directories), returns its path and fails with {@link IllegalArgumentException} on bad data or
 * {@link java.io.UncheckedIOException} when the file cannot be written. Rendering needs no display: run servers
 * and CI with {@code -Djava.awt.headless=true} (the JDK also goes headless by itself on Linux without DISPLAY).
 */
public final class Plots {
    private Plots() {}

    /** Size of one panel of {@link #trainingCurves}; the image holds up to {@link #HISTORY_COLUMNS} per row. */
    public static final int HISTORY_PANEL_WIDTH = 640;
    public static final int HISTORY_PANEL_HEIGHT = 420;
    public static final int HISTORY_COLUMNS = 2;
    /** Size of the ROC and precision-recall charts. */
    public static final int CURVE_SIZE = 600;
    /** Size of the learning-curve chart. */
    public static final int LEARNING_CURVE_WIDTH = 720;
    public static final int LEARNING_CURVE_HEIGHT = 480;

    // ------------------------------------------------------------ training history

    /**
     * Training history, x = epoch (1, 2, ...): one panel with "loss" and "val_loss", then one panel per other
     * metric m with m and "val_" + m, in the map's iteration order (use a LinkedHashMap to choose it). A
     * "val_" key without its training partner gets its own panel. Non-finite values (a diverged epoch) are left
     * out of the line. Panels are {@value #HISTORY_PANEL_WIDTH} x {@value #HISTORY_PANEL_HEIGHT}, two per row.
     */
    public static Path trainingCurves(Map<String, List<Double>> history, Path png) {
        if (history == null || history.isEmpty()) throw new IllegalArgumentException("trainingCurves: empty history");
        Map<String, List<String>> panels = new LinkedHashMap<>();
        if (history.containsKey("loss") || history.containsKey("val_loss")) panels.put("loss", new ArrayList<>());
        for (String key : history.keySet()) {
            if (key == null) throw new IllegalArgumentException("trainingCurves: null metric name");
            String base = key.startsWith("val_") && history.containsKey(key.substring(4)) ? key.substring(4) : key;
            base = base.startsWith("val_") ? base.substring(4) : base;
            panels.computeIfAbsent(base, k -> new ArrayList<>()).add(key);
        }
        List<XYChart> charts = new ArrayList<>();
        for (Map.Entry<String, List<String>> panel : panels.entrySet()) {
            String metric = panel.getKey();
            XYChart chart = ChartStyle.xy(HISTORY_PANEL_WIDTH, HISTORY_PANEL_HEIGHT, pretty(metric), "Epoch",
                    pretty(metric));
            chart.getStyler().setXAxisDecimalPattern("#");
            // below the plot, so the legend never hides a curve that ends high (accuracy) or low (loss)
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            boolean any = false;
            List<String> keys = panel.getValue();
            keys.sort((a, b) -> Boolean.compare(a.startsWith("val_"), b.startsWith("val_")));
            for (String key : keys) {
                List<Double> values = history.get(key);
                if (values == null) throw new IllegalArgumentException("trainingCurves: no values for " + key);
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (int e = 0; e < values.size(); e++) {
                    Double v = values.get(e);
                    if (v != null && Double.isFinite(v)) {
                        x.add(e + 1.0);
                        y.add(v);
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                if (x.isEmpty()) continue;
                boolean validation = key.startsWith("val_");
                XYSeries s = chart.addSeries(validation ? "validation" : "training", x, y);
                s.setLineColor(validation ? ChartStyle.ORANGE : ChartStyle.BLUE);
                s.setMarkerColor(validation ? ChartStyle.ORANGE : ChartStyle.BLUE);
                s.setMarker(validation ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
                s.setLineStyle(validation ? ChartStyle.DASHED : ChartStyle.SOLID);
                if (x.size() > 40) s.setMarker(SeriesMarkers.NONE);
                any = true;
            }
            if (any) {
                chart.getStyler().setYAxisDecimalPattern(ChartStyle.decimalPattern(lo, hi));
                charts.add(chart);
            }
        }
        if (charts.isEmpty()) throw new IllegalArgumentException("trainingCurves: no finite values in " + history.keySet());
        int columns = Math.min(HISTORY_COLUMNS, charts.size());
        return ChartStyle.write(charts, columns, HISTORY_PANEL_WIDTH, HISTORY_PANEL_HEIGHT, png);
    }

    /** Pixel size {width, height} of the image {@link #trainingCurves} draws for this many panels. */
    public static int[] trainingCurvesSize(int panels) {
        int columns = Math.min(HISTORY_COLUMNS, panels);
        int rows = (panels + columns - 1) / columns;
        return new int[] {columns * HISTORY_PANEL_WIDTH, rows * HISTORY_PANEL_HEIGHT};
    }

    /** "val_loss" -> "Loss", "top_k_accuracy" -> "Top k accuracy", short names are acronyms: "auc" -> "AUC". */
    static String pretty(String metric) {
        if (metric.length() <= 4 && !metric.equals("loss") && !metric.contains("_")) {
            return metric.toUpperCase(Locale.ROOT);
        }
        String words = metric.replace('_', ' ');
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    // ------------------------------------------------------------ confusion matrix

    /** {@link #confusionMatrix(int[][], String[], Path)} of a {@link ConfusionMatrix}; null names use its labels. */
    public static Path confusionMatrix(ConfusionMatrix cm, String[] classNames, Path png) {
        if (cm == null) throw new IllegalArgumentException("confusionMatrix: matrix is null");
        String[] names = classNames;
        if (names == null) {
            int[] labels = cm.labels();
            names = new String[labels.length];
            for (int i = 0; i < labels.length; i++) names[i] = Integer.toString(labels[i]);
        }
        return confusionMatrix(cm.counts(), names, png);
    }

    /**
     * Heat map of a square count matrix (rows = true class, top to bottom; columns = predicted class, left to
     * right, as sklearn's ConfusionMatrixDisplay) with each count written in its cell. Null class names mean
     * 0..C-1. The image is square-ish and grows with the number of classes: see {@link #confusionMatrixSize}.
     */
    public static Path confusionMatrix(int[][] counts, String[] classNames, Path png) {
        int c = checkSquare(counts);
        String[] names = classNames;
        if (names == null) {
            names = new String[c];
            for (int i = 0; i < c; i++) names[i] = Integer.toString(i);
        }
        if (names.length != c) {
            throw new IllegalArgumentException("confusionMatrix: " + names.length + " class names for " + c + " classes");
        }
        int[] size = confusionMatrixSize(c);
        // the (width, height) constructor leaves the styler without defaults (no title, no axes)
        HeatMapChart chart = new HeatMapChart(size[0], size[1], Styler.ChartTheme.XChart);
        chart.setTitle("Confusion matrix");
        chart.setXAxisTitle("Predicted class");
        chart.setYAxisTitle("True class");
        HeatMapStyler s = chart.getStyler();
        ChartStyle.common(s);
        // no colour bar: XChart labels it "0.0" and "8.0" (raw doubles), and the counts are in the cells anyway
        s.setLegendVisible(false);
        s.setPlotContentSize(1.0);
        s.setShowValue(true);
        s.setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, c > 12 ? 10 : 14));
        s.setValueFontColor(new Color(0x111111));
        s.setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0xC6DBEF), new Color(0x6BAED6)});
        s.setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.0f", v));
        s.setHeatMapValueDecimalPattern("#,##0");
        s.setDecimalPattern("#,##0");
        s.setDrawBorder(true);
        s.setPlotBorderVisible(false);
        int longest = 0;
        for (String name : names) longest = Math.max(longest, name.length());
        // rotate the column names only when they would collide
        s.setXAxisLabelRotation(longest * 8 > size[0] * 0.8 / c ? 45 : 0);
        List<String> x = List.of(names);
        List<String> y = new ArrayList<>(List.of(names));
        java.util.Collections.reverse(y); // true class 0 at the top
        List<Number[]> cells = new ArrayList<>();
        int max = 0;
        for (int t = 0; t < c; t++) {
            for (int p = 0; p < c; p++) {
                cells.add(new Number[] {p, c - 1 - t, counts[t][p]});
                max = Math.max(max, counts[t][p]);
            }
        }
        s.setMin(0);
        s.setMax(Math.max(1, max));
        chart.addSeries("count", x, y, cells);
        return ChartStyle.write(List.of(chart), 1, size[0], size[1], png);
    }

    /** Pixel size {width, height} of the confusion-matrix image for {@code classes} classes (room for the y title). */
    public static int[] confusionMatrixSize(int classes) {
        int side = Math.max(420, Math.min(1400, 60 * classes + 260));
        return new int[] {side + 40, side};
    }

    private static int checkSquare(int[][] counts) {
        if (counts == null || counts.length == 0) throw new IllegalArgumentException("confusionMatrix: no counts");
        int c = counts.length;
        for (int i = 0; i < c; i++) {
            if (counts[i] == null || counts[i].length != c) {
                throw new IllegalArgumentException("confusionMatrix: row " + i + " has "
                        + (counts[i] == null ? "no" : counts[i].length) + " counts but the matrix has " + c + " rows");
            }
            for (int v : counts[i]) {
                if (v < 0) throw new IllegalArgumentException("confusionMatrix: negative count " + v + " in row " + i);
            }
        }
        return c;
    }

    // -------------------------------------------------------------- ROC and PR

    /** ROC curve of a {@link RocCurve}, labelled with its trapezoidal AUC. */
    public static Path roc(RocCurve curve, Path png) {
        return roc(curve, null, png);
    }

    /** {@link #roc(RocCurve, Path)} titled {@code title} (null: "ROC curve"), e.g. to say which class or average it shows. */
    public static Path roc(RocCurve curve, String title, Path png) {
        if (curve == null) throw new IllegalArgumentException("roc: curve is null");
        return roc(curve.fpr(), curve.tpr(), curve.auc(), title, png);
    }

    /**
     * ROC curve (true-positive rate against false-positive rate) with the chance diagonal, on the unit square;
     * the legend shows the AUC. The image is {@value #CURVE_SIZE} pixels square.
     */
    public static Path roc(double[] fpr, double[] tpr, double auc, Path png) {
        return roc(fpr, tpr, auc, null, png);
    }

    /** {@link #roc(double[], double[], double, Path)} titled {@code title} (null: "ROC curve"). */
    public static Path roc(double[] fpr, double[] tpr, double auc, String title, Path png) {
        checkCurve("roc", "fpr", fpr, "tpr", tpr);
        XYChart chart = ChartStyle.xy(CURVE_SIZE, CURVE_SIZE, title == null ? "ROC curve" : title, "False positive rate",
                "True positive rate");
        unitSquare(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        XYSeries chance = chart.addSeries("chance (AUC = 0.5)", new double[] {0, 1}, new double[] {0, 1});
        chance.setLineColor(ChartStyle.GREY);
        chance.setLineStyle(ChartStyle.DOTTED);
        chance.setMarker(SeriesMarkers.NONE);
        XYSeries s = chart.addSeries(String.format(Locale.ROOT, "ROC (AUC = %.3f)", auc), fpr, tpr);
        s.setLineColor(ChartStyle.BLUE);
        s.setLineStyle(ChartStyle.SOLID);
        s.setMarker(SeriesMarkers.NONE);
        return ChartStyle.write(List.of(chart), 1, CURVE_SIZE, CURVE_SIZE, png);
    }

    /** Precision-recall curve of a {@link PrecisionRecallCurve}, labelled with its average precision. */
    public static Path precisionRecall(PrecisionRecallCurve curve, Path png) {
        return precisionRecall(curve, null, png);
    }

    /** {@link #precisionRecall(PrecisionRecallCurve, Path)} titled {@code title} (null: "Precision-recall curve"). */
    public static Path precisionRecall(PrecisionRecallCurve curve, String title, Path png) {
        if (curve == null) throw new IllegalArgumentException("precisionRecall: curve is null");
        return precisionRecall(curve.precision(), curve.recall(), curve.averagePrecision(), title, png);
    }

    /**
     * Precision against recall drawn as a step function (the curve average precision integrates), with the
     * no-skill line at the positive rate when the curve reaches recall 1 (where precision is the share of
     * positives). The legend shows the average precision. The image is {@value #CURVE_SIZE} pixels square.
     */
    public static Path precisionRecall(double[] precision, double[] recall, double averagePrecision, Path png) {
        return precisionRecall(precision, recall, averagePrecision, null, png);
    }

    /** {@link #precisionRecall(double[], double[], double, Path)} titled {@code title} (null: "Precision-recall curve"). */
    public static Path precisionRecall(double[] precision, double[] recall, double averagePrecision, String title, Path png) {
        checkCurve("precisionRecall", "precision", precision, "recall", recall);
        XYChart chart = ChartStyle.xy(CURVE_SIZE, CURVE_SIZE, title == null ? "Precision-recall curve" : title, "Recall",
                "Precision");
        unitSquare(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        // Draw the step function average precision sums: with recall ascending, the stretch (r[i-1], r[i]] has
        // precision p[i]. sklearn's arrays run from recall 1 down to 0, so reverse them; among equal recalls the
        // first after reversing is the highest threshold, the one whose precision owns the stretch.
        int n = recall.length;
        boolean descending = recall[0] > recall[n - 1];
        double[] r = new double[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = recall[descending ? n - 1 - i : i];
            p[i] = precision[descending ? n - 1 - i : i];
            if (i > 0 && r[i] < r[i - 1]) {
                throw new IllegalArgumentException("precisionRecall: recall must be monotone but goes "
                        + r[i - 1] + ", " + r[i] + " at point " + (descending ? n - 1 - i : i));
            }
        }
        double[] sx = new double[2 * n - 1];
        double[] sy = new double[2 * n - 1];
        sx[0] = r[0];
        sy[0] = p[0];
        for (int i = 1; i < n; i++) {
            sx[2 * i - 1] = r[i - 1];
            sy[2 * i - 1] = p[i];
            sx[2 * i] = r[i];
            sy[2 * i] = p[i];
        }
        int full = -1;
        for (int i = 0; i < n; i++) if (recall[i] == 1.0) full = full < 0 || precision[i] < precision[full] ? i : full;
        if (full >= 0) {
            double base = precision[full];
            XYSeries chance = chart.addSeries(String.format(Locale.ROOT, "no skill (P = %.3f)", base),
                    new double[] {0, 1}, new double[] {base, base});
            chance.setLineColor(ChartStyle.GREY);
            chance.setLineStyle(ChartStyle.DOTTED);
            chance.setMarker(SeriesMarkers.NONE);
        }
        XYSeries s = chart.addSeries(String.format(Locale.ROOT, "PR (AP = %.3f)", averagePrecision), sx, sy);
        s.setLineColor(ChartStyle.GREEN);
        s.setLineStyle(ChartStyle.SOLID);
        s.setMarker(SeriesMarkers.NONE);
        return ChartStyle.write(List.of(chart), 1, CURVE_SIZE, CURVE_SIZE, png);
    }

    private static void unitSquare(XYChart chart) {
        var s = chart.getStyler();
        s.setXAxisMin(0.0);
        s.setXAxisMax(1.0);
        s.setYAxisMin(0.0);
        s.setYAxisMax(1.02);
        s.setXAxisDecimalPattern("0.0");
        s.setYAxisDecimalPattern("0.0");
    }

    private static void checkCurve(String op, String xName, double[] x, String yName, double[] y) {
        if (x == null || y == null) throw new IllegalArgumentException(op + ": " + xName + " or " + yName + " is null");
        if (x.length != y.length) {
            throw new IllegalArgumentException(op + ": " + xName + " has " + x.length + " points but " + yName
                    + " has " + y.length);
        }
        if (x.length < 2) throw new IllegalArgumentException(op + ": a curve needs at least 2 points, got " + x.length);
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException(op + ": point " + i + " (" + x[i] + ", " + y[i] + ") is not finite");
            }
        }
    }

    // ---------------------------------------------------------- learning curve

    /** {@link #learningCurve(LearningCurveResult, String, Path)} with the y axis titled "Score". */
    public static Path learningCurve(LearningCurveResult result, Path png) {
        return learningCurve(result, "Score", png);
    }

    /**
     * Mean training and validation score against training-set size, each with a band of +- one standard
     * deviation over the folds. The image is {@value #LEARNING_CURVE_WIDTH} x {@value #LEARNING_CURVE_HEIGHT}.
     */
    public static Path learningCurve(LearningCurveResult result, String scoreName, Path png) {
        if (result == null) throw new IllegalArgumentException("learningCurve: result is null");
        int[] sizes = result.trainSizes();
        double[] x = new double[sizes.length];
        for (int i = 0; i < x.length; i++) x[i] = sizes[i];
        XYChart chart = ChartStyle.xy(LEARNING_CURVE_WIDTH, LEARNING_CURVE_HEIGHT, "Learning curve",
                "Training samples", scoreName == null ? "Score" : scoreName);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[][] ms : new double[][][] {{result.trainMean(), result.trainStd()},
            {result.validationMean(), result.validationStd()}}) {
            for (int i = 0; i < ms[0].length; i++) {
                lo = Math.min(lo, ms[0][i] - ms[1][i]);
                hi = Math.max(hi, ms[0][i] + ms[1][i]);
            }
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("learningCurve: scores are not all finite");
        }
        chart.getStyler().setYAxisDecimalPattern(ChartStyle.decimalPattern(lo, hi));
        band(chart, "training +- 1 std", x, result.trainMean(), result.trainStd(), ChartStyle.BLUE);
        band(chart, "validation +- 1 std", x, result.validationMean(), result.validationStd(), ChartStyle.ORANGE);
        line(chart, "training (band: +-1 std)", x, result.trainMean(), ChartStyle.BLUE, SeriesMarkers.CIRCLE,
                ChartStyle.SOLID);
        line(chart, "validation (band: +-1 std)", x, result.validationMean(), ChartStyle.ORANGE, SeriesMarkers.DIAMOND,
                ChartStyle.DASHED);
        return ChartStyle.write(List.of(chart), 1, LEARNING_CURVE_WIDTH, LEARNING_CURVE_HEIGHT, png);
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color color,
            org.knowm.xchart.style.markers.Marker marker, java.awt.BasicStroke stroke) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(marker);
        s.setLineStyle(stroke);
    }

    /** A closed polygon through mean + std left to right and mean - std right to left, filled translucently. */
    private static void band(XYChart chart, String name, double[] x, double[] mean, double[] std, Color color) {
        int n = x.length;
        if (n < 2) return; // a single size has no width to fill
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = mean[i] + std[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = mean[i] - std[i];
        }
        XYSeries s = chart.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
        s.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0));
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
    }
}
