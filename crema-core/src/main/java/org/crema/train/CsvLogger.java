package org.crema.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one CSV row per epoch, as Keras' CSVLogger: a header {@code epoch,<keys in log order>} and then
 * the 0-based epoch and each value. Each row is appended and the file closed at once, so the log is
 * complete up to the last finished epoch even if training is killed.
 */
public final class CsvLogger implements Callback {
    private final Path path;
    private final char separator;
    private final boolean append;
    private List<String> keys;

    public CsvLogger(Path path) { this(path, ',', false); }

    /** With append, an existing file is continued (no second header); otherwise it is replaced. */
    public CsvLogger(Path path, char separator, boolean append) {
        if (path == null) throw new IllegalArgumentException("CsvLogger: path must not be null");
        if (separator == '"' || separator == '\n' || separator == '\r' || Character.isLetterOrDigit(separator) || separator == '.') {
            throw new IllegalArgumentException("CsvLogger: separator '" + separator + "' would make the file unreadable");
        }
        this.path = path;
        this.separator = separator;
        this.append = append;
    }

    public Path path() { return path; }

    @Override
    public void onTrainBegin(Model model, FitParams params) {
        keys = null;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!append) Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot prepare " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        if (keys == null) {
            keys = new ArrayList<>(logs.keySet());
            boolean fresh;
            try {
                fresh = !Files.exists(path) || Files.size(path) == 0;
            } catch (IOException e) {
                throw new UncheckedIOException("CsvLogger: cannot read " + path + ": " + e.getMessage(), e);
            }
            if (fresh) {
                sb.append("epoch");
                for (String k : keys) sb.append(separator).append(k);
                sb.append('\n');
            }
        }
        sb.append(epoch);
        for (String k : keys) {
            Double v = logs.get(k);
            sb.append(separator).append(v == null ? "" : v.toString());
        }
        sb.append('\n');
        try {
            Files.writeString(path, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
