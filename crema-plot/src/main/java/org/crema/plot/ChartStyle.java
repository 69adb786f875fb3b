package org.crema.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The look shared by every Crema chart, and PNG writing (one chart, or several side by side). */
final class ChartStyle {
    private ChartStyle() {}

    /** Colour-blind-safe pairs: a training series and its validation partner use the same hue, dark and light. */
    static final Color BLUE = new Color(0x1F77B4);
    static final Color ORANGE = new Color(0xFF7F0E);
    static final Color GREEN = new Color(0x2CA02C);
    static final Color GREY = new Color(0x7F7F7F);

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    static final BasicStroke SOLID = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke DASHED = new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {8f, 6f}, 0f);
    static final BasicStroke DOTTED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {3f, 5f}, 0f);

    static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        XYStyler s = chart.getStyler();
        common(s);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setMarkerSize(6);
        s.setPlotGridLinesColor(new Color(0xE6E6E6));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(new Color(0xBBBBBB));
        s.setAxisTickPadding(6);
        s.setAxisTitlePadding(8);
        s.setSeriesMarkers(new org.knowm.xchart.style.markers.Marker[] {SeriesMarkers.NONE});
        return chart;
    }

    /** Tick-label pattern with just enough decimals for ticks over [lo, hi]: "0.0" for 0.2..1.2, "0.00" for 0.55..0.9. */
    static String decimalPattern(double lo, double hi) {
        double span = hi - lo;
        if (!(span > 0)) span = Math.max(Math.abs(hi), 1e-9);
        int decimals = (int) Math.ceil(-Math.log10(span / 5));
        decimals = Math.max(0, Math.min(6, decimals));
        return decimals == 0 ? "#,##0" : "0." + "0".repeat(decimals);
    }

    static void common(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleFont(TITLE);
        s.setChartTitleBoxVisible(false);
        s.setChartFontColor(new Color(0x222222));
        s.setLegendFont(TEXT);
        s.setLegendBorderColor(new Color(0xCCCCCC));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        s.setChartPadding(14);
        s.setAntiAlias(true);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setAxisTitleFont(TEXT);
            a.setAxisTickLabelsFont(TICKS);
        }
    }

    /** Paints the charts in a grid of {@code columns}, each panel width x height, and writes one PNG. */
    static Path write(List<? extends Chart<?, ?>> charts, int columns, int width, int height, Path png) {
        int rows = (charts.size() + columns - 1) / columns;
        BufferedImage img = new BufferedImage(columns * width, rows * height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                Graphics2D panel = (Graphics2D) g.create((i % columns) * width, (i / columns) * height, width, height);
                try {
                    charts.get(i).paint(panel, width, height);
                } finally {
                    panel.dispose();
                }
            }
        } finally {
            g.dispose();
        }
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(img, "png", png.toFile())) throw new IOException("no PNG writer available");
        } catch (IOException e) {
            throw new UncheckedIOException("Plots: cannot write " + png + ": " + e.getMessage(), e);
        }
        return png;
    }
}
