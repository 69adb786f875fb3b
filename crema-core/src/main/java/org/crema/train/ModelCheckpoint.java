package org.crema.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crema.io.SafeTensors;

/**
 * Saves the model after epochs, as Keras' ModelCheckpoint. The path is a pattern whose {@code {key}} or
 * {@code {key:format}} fields are filled from the epoch (1-based, as Keras) and the epoch logs, with
 * Python's format specs: {@code "ckpt/model-{epoch:02d}-{val_loss:.4f}.crema"}. With saveBestOnly a file
 * is written only when the monitored value improved; a pattern without fields then always holds the best
 * model.
 */
public final class ModelCheckpoint implements Callback {
    /** Writes the model to a path. */
    @FunctionalInterface
    public interface Writer {
        void write(Model model, Path path) throws IOException;

        /** What the callback calls, with the 0-based epoch just finished and its logs; the default ignores them. */
        default void write(Model model, Path path, int epoch, Map<String, Double> logs) throws IOException {
            write(model, path);
        }
    }

    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
    private static final Pattern SPEC = Pattern.compile("0?\\d*(\\.\\d+)?[dfeg]?");

    private final String pattern;
    private final Writer writer;
    private String monitor = "val_loss";
    private boolean saveBestOnly;
    private EarlyStopping.Mode mode = EarlyStopping.Mode.AUTO;
    private boolean maximize;
    private double best;
    private final List<Path> saved = new ArrayList<>();
    private java.io.PrintStream log;

    /**
     * Saves the weights (parameters and buffers by state-dict name) in the safetensors format, atomically:
     * a crash leaves the previous file or the new one. Load them back with
     * {@code SafeTensors.load(model.module(), path)}.
     */
    public static final Writer WEIGHTS = (model, path) -> SafeTensors.save(model.module(), path,
            Map.of("format", "pt", "crema.model", model.module().getClass().getSimpleName()));

    /**
     * Saves everything needed to continue training exactly ({@link Model#saveCheckpoint}: weights, optimizer
     * state, global RNG state, the epoch): resume with {@code fit(..., Fit.epochs(n).initialEpoch(model.loadCheckpoint(path)))}.
     */
    public static final Writer TRAINING_STATE = new Writer() {
        @Override
        public void write(Model model, Path path) throws IOException { model.saveCheckpoint(path, 0); }

        @Override
        public void write(Model model, Path path, int epoch, Map<String, Double> logs) throws IOException {
            model.saveCheckpoint(path, epoch);
        }
    };

    /** A checkpoint that saves the weights with {@link #WEIGHTS}. */
    public ModelCheckpoint(String pathPattern) { this(pathPattern, WEIGHTS); }

    public ModelCheckpoint(String pathPattern, Writer writer) {
        if (pathPattern == null || pathPattern.isBlank()) throw new IllegalArgumentException("ModelCheckpoint: path pattern must not be empty");
        if (writer == null) throw new IllegalArgumentException("ModelCheckpoint: writer must not be null");
        Matcher m = FIELD.matcher(pathPattern);
        while (m.find()) {
            if (m.group(2) != null && !SPEC.matcher(m.group(2)).matches()) {
                throw new IllegalArgumentException("ModelCheckpoint: unsupported format \"" + m.group(2) + "\" in " + pathPattern
                        + " (use Python-style specs such as 02d, .4f, .3e)");
            }
        }
        this.pattern = pathPattern;
        this.writer = writer;
    }

    /** The log key compared by saveBestOnly (default val_loss). */
    public ModelCheckpoint monitor(String key) {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("ModelCheckpoint: monitor must be a log key such as \"val_loss\"");
        this.monitor = key;
        return this;
    }

    public ModelCheckpoint saveBestOnly(boolean on) {
        this.saveBestOnly = on;
        return this;
    }

    public ModelCheckpoint mode(EarlyStopping.Mode mode) {
        if (mode == null) throw new IllegalArgumentException("ModelCheckpoint: mode must not be null");
        this.mode = mode;
        return this;
    }

    /** Prints a line for every save (and, with saveBestOnly, why), as Keras' verbose=1 (off by default). */
    public ModelCheckpoint verbose(boolean on) {
        this.log = on ? System.out : null;
        return this;
    }

    /** Every path written so far, in order. */
    public List<Path> saved() { return List.copyOf(saved); }

    /** The best monitored value seen (infinite before any). */
    public double best() { return best; }

    @Override
    public void onTrainBegin(Model model, FitParams params) {
        maximize = mode == EarlyStopping.Mode.MAX || (mode == EarlyStopping.Mode.AUTO && EarlyStopping.maximizes(monitor));
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        saved.clear();
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        if (saveBestOnly) {
            Double current = logs.get(monitor);
            if (current == null) {
                throw new IllegalArgumentException("ModelCheckpoint monitors \"" + monitor + "\" but the epoch logs have " + logs.keySet());
            }
            if (!(maximize ? current > best : current < best)) {
                if (log != null) log.println("Epoch " + (epoch + 1) + ": " + monitor + " did not improve from " + best);
                return;
            }
            if (log != null && Double.isFinite(best)) log.print("Epoch " + (epoch + 1) + ": " + monitor + " improved from " + best + " to " + current + ", ");
            else if (log != null) log.print("Epoch " + (epoch + 1) + ": ");
            best = current;
        } else if (log != null) {
            log.print("Epoch " + (epoch + 1) + ": ");
        }
        Path path = Path.of(format(pattern, epoch, logs));
        if (log != null) log.println("saving model to " + path);
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            writer.write(model, path, epoch, logs);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot write " + path + ": " + e.getMessage(), e);
        }
        saved.add(path);
    }

    /** The pattern with its fields filled in; epoch is 0-based and shown 1-based. */
    static String format(String pattern, int epoch, Map<String, Double> logs) {
        Matcher m = FIELD.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String spec = m.group(2) == null ? "" : m.group(2);
            String text;
            if (key.equals("epoch")) {
                text = formatNumber(epoch + 1, spec, true);
            } else {
                Double v = logs.get(key);
                if (v == null) {
                    throw new IllegalArgumentException("ModelCheckpoint: the path pattern " + pattern + " uses {" + key
                            + "} but the epoch logs have " + logs.keySet());
                }
                text = formatNumber(v, spec, false);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(text));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String formatNumber(double v, String spec, boolean integral) {
        if (spec.isEmpty()) return integral ? Long.toString((long) v) : Double.toString(v);
        char type = Character.isLetter(spec.charAt(spec.length() - 1)) ? spec.charAt(spec.length() - 1) : (integral ? 'd' : 'g');
        String flags = Character.isLetter(spec.charAt(spec.length() - 1)) ? spec.substring(0, spec.length() - 1) : spec;
        if (type == 'd') return String.format(Locale.ROOT, "%" + flags.replaceAll("\\.\\d+", "") + "d", Math.round(v));
        return String.format(Locale.ROOT, "%" + flags + type, v);
    }
}
