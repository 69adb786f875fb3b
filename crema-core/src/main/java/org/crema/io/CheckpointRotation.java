package org.crema.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the last N checkpoints of a run plus the best one by a metric, in one directory.
 *
 * <pre>{@code
 * CheckpointRotation ckpts = new CheckpointRotation(dir, "run", 3, CheckpointRotation.Mode.MIN);
 * ckpts.save(Checkpoint.capture(model, opt, Map.of(), epoch, step, Map.of()), valLoss);
 * Optional<Path> resumeFrom = ckpts.latest();
 * }</pre>
 *
 * <p>Files are named {@code <prefix>-<step, 12 digits>.safetensors}; only names of exactly that form
 * count, so the temporary files of an interrupted write ({@code .<name>.<random>.tmp}) are never taken for
 * a checkpoint. Order of a save, each step durable before the next: (1) the new checkpoint is written
 * atomically; (2) the index {@code <prefix>-index.json}, which remembers the best step and its metric,
 * is replaced atomically; (3) only then are checkpoints outside the last N and the best deleted. The
 * checkpoint just written is never deleted, so a crash at any point leaves the newest complete
 * checkpoint on disk. If a crash falls between (1) and (3), the next save finishes the cleanup; if it falls
 * between (1) and (2) the new checkpoint's metric is not remembered (it is still among the last N).
 * One process at a time may save into one prefix.
 */
public final class CheckpointRotation {
    /** Whether a lower ({@code MIN}, e.g. a loss) or higher ({@code MAX}, e.g. accuracy) metric is better. */
    public enum Mode { MIN, MAX }

    private static final String EXT = ".safetensors";
    private final Path dir;
    private final String prefix;
    private final int keepLast;
    private final Mode mode;
    private final Pattern pattern;

    /** Keeps the last {@code keepLast} checkpoints; no best is tracked. */
    public CheckpointRotation(Path dir, String prefix, int keepLast) {
        this(dir, prefix, keepLast, null);
    }

    /** Keeps the last {@code keepLast} checkpoints and the best one by the metric passed to {@link #save}. */
    public CheckpointRotation(Path dir, String prefix, int keepLast, Mode mode) {
        if (keepLast < 1) throw new IllegalArgumentException("CheckpointRotation: keepLast must be >= 1, got " + keepLast);
        if (prefix == null || prefix.isEmpty() || prefix.contains("/") || prefix.contains("\\") || prefix.startsWith(".")) {
            throw new IllegalArgumentException("CheckpointRotation: prefix must be a plain, non-hidden file name part, got '" + prefix + "'");
        }
        this.dir = dir;
        this.prefix = prefix;
        this.keepLast = keepLast;
        this.mode = mode;
        this.pattern = Pattern.compile(Pattern.quote(prefix) + "-(\\d{12,18})" + Pattern.quote(EXT));
    }

    /** The file a checkpoint of that step is stored in. */
    public Path pathFor(long step) {
        if (step < 0) throw new IllegalArgumentException("CheckpointRotation: step must be >= 0, got " + step);
        return dir.resolve(String.format("%s-%012d%s", prefix, step, EXT));
    }

    /** Saves a checkpoint under its step with no metric. */
    public Path save(Checkpoint ck) throws IOException {
        return save(ck.step(), Double.NaN, ck::writeTo);
    }

    /** Saves a checkpoint under its step; {@code metric} takes part in choosing the best (NaN or infinite: it does not). */
    public Path save(Checkpoint ck, double metric) throws IOException {
        return save(ck.step(), metric, ck::writeTo);
    }

    /** Writes arbitrary content as the checkpoint of {@code step}, then rotates (see the class comment). */
    public Path save(long step, double metric, IoConsumer<OutputStream> content) throws IOException {
        Path target = pathFor(step);
        AtomicFiles.write(target, content);
        Best best = readBest();
        if (mode != null && Double.isFinite(metric) && (best == null || better(metric, best.metric) || best.step == step)) {
            best = new Best(step, metric);
            Map<String, Object> index = new LinkedHashMap<>();
            index.put("mode", mode.name());
            index.put("best_step", step);
            index.put("best_metric", metric);
            AtomicFiles.write(indexFile(), Json.write(index).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        prune(step, best);
        return target;
    }

    private boolean better(double a, double b) {
        return mode == Mode.MIN ? a < b : a > b;
    }

    private void prune(long justWritten, Best best) throws IOException {
        List<Long> steps = steps();
        Set<Long> keep = new HashSet<>(steps.subList(Math.max(0, steps.size() - keepLast), steps.size()));
        keep.add(justWritten);
        if (best != null) keep.add(best.step);
        for (long s : steps) if (!keep.contains(s)) Files.deleteIfExists(pathFor(s));
    }

    /** The steps of the complete checkpoints on disk, ascending. */
    public List<Long> steps() throws IOException {
        List<Long> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) out.add(Long.parseLong(m.group(1)));
            }
        }
        out.sort(null);
        return out;
    }

    /** The complete checkpoints on disk, oldest first. */
    public List<Path> checkpoints() throws IOException {
        return steps().stream().map(this::pathFor).toList();
    }

    /** The checkpoint with the highest step: where to resume. */
    public Optional<Path> latest() throws IOException {
        List<Long> s = steps();
        return s.isEmpty() ? Optional.empty() : Optional.of(pathFor(s.get(s.size() - 1)));
    }

    /** The best checkpoint by the metric, when one was recorded and is still on disk. */
    public Optional<Path> best() throws IOException {
        Best b = readBest();
        if (b == null) return Optional.empty();
        Path p = pathFor(b.step);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The best metric recorded, or NaN. */
    public double bestMetric() throws IOException {
        Best b = readBest();
        return b == null ? Double.NaN : b.metric;
    }

    /** Deletes temporary files that killed writers left in the directory for this prefix; returns how many. */
    public int deleteStaleTemps() throws IOException {
        int n = 0;
        if (!Files.isDirectory(dir)) return 0;
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String f = p.getFileName().toString();
                if (AtomicFiles.isTempFile(p) && f.startsWith("." + prefix + "-") && Files.deleteIfExists(p)) n++;
            }
        }
        return n;
    }

    private Path indexFile() {
        return dir.resolve(prefix + "-index.json");
    }

    private record Best(long step, double metric) {}

    /** The recorded best; an unreadable index (not ours, or from another mode) counts as none. */
    private Best readBest() throws IOException {
        if (mode == null || !Files.isRegularFile(indexFile())) return null;
        try {
            Object o = Json.parse(Files.readAllBytes(indexFile()));
            if (o instanceof Map<?, ?> m && mode.name().equals(m.get("mode")) && m.get("best_step") instanceof Long s && m.get("best_metric") instanceof Number v) {
                return new Best(s, v.doubleValue());
            }
        } catch (CremaFormatException e) {
            // an index is only a hint; the checkpoints themselves are complete files
        }
        return null;
    }
}
