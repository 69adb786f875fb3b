package org.crema.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {
    @TempDir
    Path dir;

    // 3 classes, 6 examples, 4 right: class 2 is never predicted
    private static EvaluationReport sample() {
        double[][] p = {
            {0.7, 0.2, 0.1}, {0.6, 0.3, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.8, 0.1}, {0.5, 0.4, 0.1}, {0.3, 0.4, 0.3},
        };
        int[] y = {0, 0, 1, 1, 2, 2};
        return new EvaluationReport(p, y, List.of("cat", "dog", "bird"));
    }

    @Test
    void textHasAccuracyPerClassReportAndConfusionMatrix() {
        String t = sample().text(List.of("model: m.crema"));
        assertTrue(t.startsWith("model: m.crema\n"), t);
        assertTrue(t.contains("accuracy:       0.6667"), t);
        assertTrue(t.contains("Per-class report:"), t);
        assertTrue(t.contains("bird"), t);
        // true class 2 was predicted once as 0 and once as 1
        assertTrue(t.contains("        2    1    1    0"), t);
        assertTrue(t.contains("    2 = bird"), t);
    }

    @Test
    void writesTheReportAndReadablePngs() throws Exception {
        EvaluationReport.Written w = sample().write(dir, List.of(), Map.of("loss", List.of(1.0, 0.5), "val_loss", List.of(1.1, 0.7)));
        assertEquals(dir.resolve("report.txt"), w.report());
        assertEquals(List.of("confusion-matrix.png", "roc.png", "precision-recall.png", "training-curves.png"),
                w.charts().stream().map(p -> p.getFileName().toString()).toList());
        for (Path png : w.charts()) {
            var img = ImageIO.read(png.toFile());
            assertTrue(img != null && img.getWidth() > 100 && img.getHeight() > 100, png.toString());
        }
        assertTrue(Files.readString(w.report()).contains("Confusion matrix"));
    }

    @Test
    void curveChartsSayWhichCurveTheyShow() {
        // one curve for three classes pools them: without the title it reads as if it were the macro AUC's curve
        assertEquals("ROC curve (micro-average, 3 classes)", sample().curveTitle("ROC curve"));
        var binary = new EvaluationReport(new double[][] {{0.7, 0.3}, {0.2, 0.8}}, new int[] {0, 1}, List.of("ham", "spam"));
        assertEquals("Precision-recall curve: spam vs ham", binary.curveTitle("Precision-recall curve"));
    }

    @Test
    void refusesOutputsThatDoNotMatchTheClasses() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new EvaluationReport(new double[][] {{0.5, 0.5}}, new int[] {0}, List.of("a", "b", "c")));
        assertTrue(e.getMessage().contains("2 outputs per example but the dataset has 3 classes"), e.getMessage());
    }
}
