package org.crema.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.crema.Tensor;
import org.crema.train.Dense;
import org.crema.train.Fit;
import org.crema.train.History;
import org.crema.train.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A History from Model.fit plots as it is: loss, each metric and lr, training against validation. */
class HistoryPlotTest {
    @TempDir
    Path dir;

    @Test
    void historyFromFitPlots() throws IOException {
        Tensor.manualSeed(1);
        Tensor x = Tensor.randn(120, 3);
        Tensor y = x.sum(1, true).mul(0.5).add(1);
        Model m = Model.sequential(new Dense(8, "relu"), new Dense(1));
        m.compile("adam", "mse", "mae");
        History h = m.fit(x, y, Fit.epochs(12).batchSize(16).validationSplit(0.25).verbose(0));
        Path png = Plots.trainingCurves(h.asMap(), dir.resolve("history.png"));
        BufferedImage img = ImageIO.read(png.toFile());
        // three panels: loss, mae, lr
        assertArrayEquals(Plots.trainingCurvesSize(3), new int[] {img.getWidth(), img.getHeight()});
        assertTrue(png.toFile().length() > 5_000);
    }
}
