package org.crema.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.crema.metrics.ConfusionMatrix;
import org.crema.metrics.RankingMetrics;
import org.crema.metrics.validation.KFold;
import org.crema.metrics.validation.LearningCurve;
import org.crema.metrics.validation.LearningCurveResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Writes every chart under target/plots (kept, so a person can look at them) and checks the files decode. */
class PlotsTest {
    private static final Path OUT = Path.of("target", "plots");

    @BeforeAll
    static void headless() {
        assertTrue(java.awt.GraphicsEnvironment.isHeadless(), "tests must run with java.awt.headless=true");
    }

    private static BufferedImage check(Path png, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(png), png + " missing");
        assertTrue(Files.size(png) > 1000, png + " is only " + Files.size(png) + " bytes");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " is not a decodable image");
        assertEquals(width, img.getWidth(), "width of " + png);
        assertEquals(height, img.getHeight(), "height of " + png);
        // something besides the white background was drawn in the middle of the image
        int nonWhite = 0;
        for (int y = height / 4; y < 3 * height / 4; y += 3) {
            for (int x = width / 4; x < 3 * width / 4; x += 3) if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) nonWhite++;
        }
        assertTrue(nonWhite > 50, png + " looks blank");
        return img;
    }

    private static List<Double> series(double... v) {
        List<Double> out = new ArrayList<>();
        for (double d : v) out.add(d);
        return out;
    }

    @Test
    void trainingCurves() throws IOException {
        Map<String, List<Double>> h = new LinkedHashMap<>();
        h.put("loss", series(1.20, 0.85, 0.66, 0.55, 0.47, 0.41, 0.37, 0.33, 0.30, 0.27, 0.25, 0.23));
        h.put("accuracy", series(0.58, 0.70, 0.76, 0.80, 0.83, 0.85, 0.87, 0.88, 0.90, 0.91, 0.92, 0.93));
        h.put("val_loss", series(1.05, 0.80, 0.68, 0.61, 0.58, 0.56, 0.56, 0.57, 0.59, 0.61, 0.64, 0.67));
        h.put("val_accuracy", series(0.62, 0.71, 0.75, 0.78, 0.79, 0.80, 0.81, 0.80, 0.80, 0.79, 0.79, 0.78));
        h.put("auc", series(0.70, 0.80, 0.85, 0.88, 0.90, 0.92, 0.93, 0.94, 0.95, Double.NaN, 0.96, 0.97));
        Path png = Plots.trainingCurves(h, OUT.resolve("training_curves.png"));
        int[] size = Plots.trainingCurvesSize(3);
        assertArrayEquals(new int[] {1280, 840}, size);
        check(png, size[0], size[1]);

        Path single = Plots.trainingCurves(Map.of("loss", series(0.9, 0.5, 0.4)), OUT.resolve("loss_only.png"));
        check(single, Plots.HISTORY_PANEL_WIDTH, Plots.HISTORY_PANEL_HEIGHT);
    }

    @Test
    void namesAndTickPatterns() {
        assertEquals("Loss", Plots.pretty("loss"));
        assertEquals("AUC", Plots.pretty("auc"));
        assertEquals("Top k accuracy", Plots.pretty("top_k_accuracy"));
        assertEquals("0.0", ChartStyle.decimalPattern(0.2, 1.2));
        assertEquals("0.00", ChartStyle.decimalPattern(0.58, 0.93));
        assertEquals("#,##0", ChartStyle.decimalPattern(10, 250));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.trainingCurves(Map.of("loss", series(Double.NaN)), OUT.resolve("bad.png")));
        assertEquals("trainingCurves: no finite values in [loss]", e.getMessage());
    }

    @Test
    void confusionMatrix() throws IOException {
        int[] yTrue = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3};
        int[] yPred = {0, 0, 0, 0, 0, 0, 1, 2, 1, 1, 1, 1, 0, 3, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0, 3, 3, 3, 2, 3};
        ConfusionMatrix cm = ConfusionMatrix.of(yTrue, yPred, 4);
        String[] names = {"cat", "dog", "bird", "fish"};
        Path png = Plots.confusionMatrix(cm, names, OUT.resolve("confusion_matrix.png"));
        int[] size = Plots.confusionMatrixSize(4);
        check(png, size[0], size[1]);
        // larger, unnamed, with a big count
        int[][] counts = new int[10][10];
        Random rnd = new Random(3);
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) counts[i][j] = i == j ? 900 + rnd.nextInt(100) : rnd.nextInt(40);
        }
        Path big = Plots.confusionMatrix(counts, null, OUT.resolve("confusion_matrix_10.png"));
        check(big, Plots.confusionMatrixSize(10)[0], Plots.confusionMatrixSize(10)[1]);
        String[] cifar = {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
        Path named = Plots.confusionMatrix(counts, cifar, OUT.resolve("confusion_matrix_cifar.png"));
        check(named, Plots.confusionMatrixSize(10)[0], Plots.confusionMatrixSize(10)[1]);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.confusionMatrix(new int[][] {{1, 2}, {3}}, null, OUT.resolve("bad.png")));
        assertEquals("confusionMatrix: row 1 has 1 counts but the matrix has 2 rows", e.getMessage());
    }

    private static int[] labels;
    private static double[] scores;

    private static void data() {
        if (labels != null) return;
        Random rnd = new Random(11);
        labels = new int[400];
        scores = new double[400];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rnd.nextDouble() < 0.3 ? 1 : 0;
            scores[i] = 1 / (1 + Math.exp(-(1.6 * (2 * labels[i] - 1) + 1.3 * rnd.nextGaussian() - 0.8)));
        }
    }

    @Test
    void rocCurve() throws IOException {
        data();
        Path png = Plots.roc(RankingMetrics.rocCurve(labels, scores), OUT.resolve("roc.png"));
        check(png, Plots.CURVE_SIZE, Plots.CURVE_SIZE);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.roc(new double[] {0, 1}, new double[] {0, 0.5, 1}, 0.5, OUT.resolve("bad.png")));
        assertEquals("roc: fpr has 2 points but tpr has 3", e.getMessage());
    }

    @Test
    void precisionRecallCurve() throws IOException {
        data();
        Path png = Plots.precisionRecall(RankingMetrics.precisionRecallCurve(labels, scores), OUT.resolve("pr.png"));
        check(png, Plots.CURVE_SIZE, Plots.CURVE_SIZE);
    }

    @Test
    void learningCurve() throws IOException {
        // a fake model: training score falls and validation rises with data, with fold noise
        LearningCurveResult r = LearningCurve.run(new KFold(5).split(1000), new double[] {0.05, 0.1, 0.2, 0.4, 0.7, 1.0},
                (train, val) -> {
                    double n = train.length;
                    double noise = ((val[0] * 7919) % 13) / 13.0 - 0.5;
                    return new LearningCurve.Scores(0.80 + 0.18 * Math.exp(-n / 300) + 0.01 * noise,
                            0.80 - 0.35 * Math.exp(-n / 250) + 0.12 * noise * Math.exp(-n / 600));
                });
        Path png = Plots.learningCurve(r, "Accuracy", OUT.resolve("learning_curve.png"));
        check(png, Plots.LEARNING_CURVE_WIDTH, Plots.LEARNING_CURVE_HEIGHT);
    }
}
