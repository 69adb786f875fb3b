package org.crema.train;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Training progress, one epoch at a time. On a terminal a bar is redrawn in place with step/total, ETA,
 * the running loss and metrics and the throughput; when output goes to a file or a pipe there is one
 * line per epoch instead, so that logs stay readable:
 *
 * <pre>
 * Epoch 3/10
 *  12/32 [========&gt;.....................] - ETA: 2s - loss: 0.4123 - accuracy: 0.8802 - 5120 samples/s
 * Epoch 3/10 - 32/32 - 1.0s 31ms/step - 5231 samples/s - loss: 0.4010 - accuracy: 0.8850 - val_loss: 0.4302
 * </pre>
 *
 * {@code fit} adds one itself unless {@code Fit.verbose(0)}; verbose 2 forces the one-line form.
 */
public final class ProgressBar implements Callback {
    /** AUTO: a live bar when stdout is a terminal, else lines. */
    public enum Mode { AUTO, BAR, LINES }

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean live;
    private FitParams params;
    private int epoch;
    private long epochStart;
    private long lastDraw;
    private int lastLength;
    private int stepsDone;

    /** A bar on System.out, live when it is a terminal. */
    public ProgressBar() { this(System.out, Mode.AUTO); }

    public ProgressBar(Mode mode) { this(System.out, mode); }

    public ProgressBar(PrintStream out, Mode mode) {
        if (out == null || mode == null) throw new IllegalArgumentException("ProgressBar: out and mode must not be null");
        this.out = out;
        this.live = mode == Mode.BAR || (mode == Mode.AUTO && isTerminal());
    }

    /** Whether the JVM's standard output is an interactive terminal. */
    public static boolean isTerminal() {
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** True when this bar redraws in place. */
    public boolean isLive() { return live; }

    @Override
    public void onTrainBegin(Model model, FitParams params) { this.params = params; }

    @Override
    public void onEpochBegin(Model model, int epoch) {
        this.epoch = epoch;
        epochStart = System.nanoTime();
        lastDraw = 0;
        lastLength = 0;
        stepsDone = 0;
        if (live) out.println("Epoch " + (epoch + 1) + "/" + params.epochs());
    }

    @Override
    public void onBatchEnd(Model model, int step, Map<String, Double> logs) {
        stepsDone = step + 1;
        if (!live) return;
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && stepsDone < params.stepsPerEpoch()) return;
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        int total = params.stepsPerEpoch();
        StringBuilder sb = new StringBuilder();
        sb.append(counter(stepsDone, total)).append(' ').append(bar(stepsDone, total));
        double eta = elapsed / stepsDone * Math.max(0, total - stepsDone);
        sb.append(" - ETA: ").append(duration(eta));
        appendLogs(sb, logs);
        sb.append(" - ").append(rate(elapsed)).append(" samples/s");
        draw(sb.toString());
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        int total = params.stepsPerEpoch();
        StringBuilder sb = new StringBuilder();
        if (live) {
            sb.append(counter(stepsDone, total)).append(' ').append(bar(stepsDone, total));
        } else {
            sb.append("Epoch ").append(epoch + 1).append('/').append(params.epochs()).append(" - ").append(stepsDone).append('/').append(total);
        }
        sb.append(" - ").append(duration(elapsed)).append(' ').append(perStep(elapsed / Math.max(1, stepsDone)));
        sb.append(" - ").append(rate(elapsed)).append(" samples/s");
        appendLogs(sb, logs);
        if (live) {
            draw(sb.toString());
            out.println();
        } else {
            out.println(sb);
        }
        out.flush();
    }

    private void draw(String line) {
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLength; i++) sb.append(' ');
        lastLength = line.length();
        out.print(sb);
        out.flush();
    }

    private static String counter(int done, int total) {
        String t = Integer.toString(total);
        return " ".repeat(Math.max(0, t.length() - Integer.toString(done).length())) + done + "/" + t;
    }

    static String bar(int done, int total) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '=' : i == filled && done < total ? '>' : '.');
        }
        return sb.append(']').toString();
    }

    private String rate(double elapsed) {
        long samples = Math.min((long) stepsDone * params.batchSize(), params.samples());
        return elapsed <= 0 ? "-" : Long.toString(Math.round(samples / elapsed));
    }

    private static void appendLogs(StringBuilder sb, Map<String, Double> logs) {
        for (var e : logs.entrySet()) {
            if (e.getKey().equals("lr")) continue;
            sb.append(" - ").append(e.getKey()).append(": ").append(format(e.getValue()));
        }
    }

    /** Four decimals as Keras, scientific for tiny values so that they do not print as 0.0000. */
    static String format(double v) {
        if (v != 0 && Double.isFinite(v) && Math.abs(v) < 1e-3) return String.format(Locale.ROOT, "%.4e", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** "85ms/step", or "420us/step" below a millisecond. */
    static String perStep(double seconds) {
        return seconds < 1e-3 ? Math.round(seconds * 1e6) + "us/step" : Math.round(seconds * 1e3) + "ms/step";
    }

    /** "0.4s", "42s", "3:07", "1:02:03". */
    static String duration(double seconds) {
        if (seconds < 9.95) return String.format(Locale.ROOT, "%.1fs", seconds);
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
