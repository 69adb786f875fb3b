package org.crema.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.Generator;
import org.crema.Tensor;
import org.crema.nn.Module;
import org.crema.optim.Optimizer;
import org.crema.optim.lr.LRScheduler;

/**
 * Everything training needs to continue exactly where it stopped: the model's state dict, the
 * optimizer's and the learning-rate scheduler's state, epoch and step, the global {@link Generator}'s
 * state, and free-form string metadata. Resumed with the same thread count, training goes on bit for bit
 * as if it had not stopped.
 *
 * <pre>{@code
 * Checkpoint.capture(model, optimizer, scheduler, epoch, step, Map.of("loss", "0.31")).save(file);
 * ...
 * Checkpoint ck = Checkpoint.load(file);
 * ck.restore(model, optimizer, scheduler);      // also sets Generator.global()'s state
 * }</pre>
 *
 * <p>Schedules outside {@link LRScheduler} (e.g. {@code ReduceLROnPlateau}) go through their state dicts:
 * {@code capture(model, opt, plateau.stateDict(), ...)} and {@code plateau.loadStateDict(ck.scheduler())}.
 *
 * <p>On disk a checkpoint is one safetensors file, written atomically ({@link AtomicFiles}): tensors
 * {@code model.<name>}, {@code optimizer.<name>} and {@code scheduler.<name>}; {@code __metadata__}
 * holds {@code crema.format = checkpoint}, the epoch, step, RNG state, version and creation time, and the
 * user's metadata (keys must not start with {@code crema.}). Any safetensors reader can inspect it.
 */
public record Checkpoint(Map<String, Tensor> model, Map<String, Tensor> optimizer, Map<String, Tensor> scheduler,
                         long epoch, long step, long[] rngState, Map<String, String> metadata) {
    static final String FORMAT = "checkpoint";
    private static final List<String> SECTIONS = List.of("model.", "optimizer.", "scheduler.");

    public Checkpoint {
        model = frozen(model);
        optimizer = frozen(optimizer);
        scheduler = frozen(scheduler);
        if (rngState == null || rngState.length != 6) {
            throw new IllegalArgumentException("Checkpoint: rngState must be Generator.getState()'s 6 longs, got " + (rngState == null ? "null" : rngState.length));
        }
        rngState = rngState.clone();
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        for (String k : metadata.keySet()) {
            if (k.startsWith(CremaMetadata.PREFIX)) throw new IllegalArgumentException("Checkpoint: metadata key '" + k + "' uses the reserved prefix 'crema.'");
        }
        if (epoch < 0 || step < 0) throw new IllegalArgumentException("Checkpoint: epoch and step must be >= 0, got " + epoch + ", " + step);
    }

    @Override
    public long[] rngState() { return rngState.clone(); }

    /**
     * A snapshot (deep copies, so training may go on modifying the originals) of the module's and the
     * optimizer's state, the scheduler's state dict (pass {@code Map.of()} for none) and the global
     * generator's state. The optimizer may be null.
     */
    public static Checkpoint capture(Module model, Optimizer optimizer, Map<String, Tensor> schedulerState,
                                     long epoch, long step, Map<String, String> metadata) {
        return new Checkpoint(copy(model.stateDict()), optimizer == null ? Map.of() : copy(optimizer.stateDict()),
                copy(schedulerState == null ? Map.of() : schedulerState), epoch, step, Generator.global().getState(), metadata);
    }

    /** A snapshot with the scheduler's state (the scheduler may be null). */
    public static Checkpoint capture(Module model, Optimizer optimizer, LRScheduler scheduler, long epoch, long step, Map<String, String> metadata) {
        return capture(model, optimizer, scheduler == null ? Map.of() : scheduler.stateDict(), epoch, step, metadata);
    }

    /** Writes this checkpoint to {@code file} atomically and durably. */
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, this::writeTo);
    }

    /** The file's bytes, for {@link CheckpointRotation} or other atomic writers. */
    public void writeTo(OutputStream out) throws IOException {
        Map<String, Tensor> all = new LinkedHashMap<>();
        model.forEach((k, v) -> all.put("model." + k, v));
        optimizer.forEach((k, v) -> all.put("optimizer." + k, v));
        scheduler.forEach((k, v) -> all.put("scheduler." + k, v));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(CremaMetadata.FORMAT, FORMAT);
        meta.put(CremaMetadata.VERSION, CremaVersion.VERSION);
        meta.put(CremaMetadata.CREATED, Instant.now().toString());
        meta.put("crema.epoch", Long.toString(epoch));
        meta.put("crema.step", Long.toString(step));
        meta.put("crema.rng_state", Json.write(rngState));
        meta.putAll(metadata);
        SafeTensors.write(out, all, meta);
    }

    /** Reads and validates a checkpoint file; a malformed one is a {@link CremaFormatException}. */
    public static Checkpoint load(Path file) throws IOException {
        TensorFile tf = SafeTensors.read(file);
        try {
            return from(tf);
        } catch (CremaFormatException e) {
            throw CremaFormatException.in(file.toString(), e);
        }
    }

    static Checkpoint from(TensorFile tf) {
        Map<String, String> meta = tf.metadata();
        String format = meta.get(CremaMetadata.FORMAT);
        if (!FORMAT.equals(format)) {
            throw new CremaFormatException("not a Crema checkpoint (" + CremaMetadata.FORMAT + " is " + (format == null ? "absent" : "'" + format + "'") + ")");
        }
        List<Map<String, Tensor>> parts = List.of(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        outer:
        for (var e : tf.tensors().entrySet()) {
            for (int i = 0; i < SECTIONS.size(); i++) {
                if (e.getKey().startsWith(SECTIONS.get(i))) {
                    parts.get(i).put(e.getKey().substring(SECTIONS.get(i).length()), e.getValue());
                    continue outer;
                }
            }
            throw new CremaFormatException("tensor '" + e.getKey() + "' belongs to no section (model., optimizer., scheduler.)");
        }
        long epoch = nonNegative(meta, "crema.epoch");
        long step = nonNegative(meta, "crema.step");
        long[] rng = rngState(meta.get("crema.rng_state"));
        Map<String, String> user = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (!k.startsWith(CremaMetadata.PREFIX)) user.put(k, v);
        });
        return new Checkpoint(parts.get(0), parts.get(1), parts.get(2), epoch, step, rng, user);
    }

    /**
     * Loads the model and optimizer state (the optimizer may be null) and sets the global generator's
     * state. The model's names and shapes are checked first; the error names every mismatching
     * parameter with both shapes, and nothing changes unless all fit. The scheduler state is
     * {@link #scheduler()}, for the scheduler's own {@code loadStateDict}.
     */
    public void restore(Module module, Optimizer opt) {
        Map<String, int[]> expected = SafeTensors.shapesOf(module.stateDict());
        List<String> problems = new java.util.ArrayList<>();
        for (var e : expected.entrySet()) {
            Tensor t = model.get(e.getKey());
            if (t == null) problems.add("'" + e.getKey() + "' (shape " + Arrays.toString(e.getValue()) + ") is missing from the checkpoint");
            else if (!Arrays.equals(t.shape(), e.getValue())) {
                problems.add("'" + e.getKey() + "': the checkpoint has shape " + Arrays.toString(t.shape()) + ", the model has " + Arrays.toString(e.getValue()));
            }
        }
        for (String k : model.keySet()) if (!expected.containsKey(k)) problems.add("the checkpoint's '" + k + "' is not in the model");
        if (!problems.isEmpty()) throw new CremaFormatException("restoring a checkpoint into " + module.getClass().getSimpleName() + ": " + String.join("; ", problems));
        if (opt != null) {
            try {
                opt.loadStateDict(optimizer);
            } catch (IllegalArgumentException e) {
                throw new CremaFormatException("restoring a checkpoint's optimizer state: " + e.getMessage(), e);
            }
        }
        module.loadStateDict(model);
        Generator.global().setState(rngState);
    }

    /** {@link #restore(Module, Optimizer)}, then the scheduler's state (the scheduler may be null). */
    public void restore(Module module, Optimizer opt, LRScheduler sched) {
        if (sched != null && scheduler.isEmpty()) throw new CremaFormatException("the checkpoint holds no scheduler state to restore into " + sched.getClass().getSimpleName());
        restore(module, opt);
        if (sched != null) {
            try {
                sched.loadStateDict(scheduler);
            } catch (IllegalArgumentException e) {
                throw new CremaFormatException("restoring a checkpoint's scheduler state: " + e.getMessage(), e);
            }
        }
    }

    private static long nonNegative(Map<String, String> meta, String key) {
        String v = meta.get(key);
        try {
            long n = Long.parseLong(v);
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CremaFormatException(key + " must be a non-negative integer, got " + (v == null ? "nothing" : "'" + v + "'"));
    }

    private static long[] rngState(String v) {
        if (v == null) throw new CremaFormatException("crema.rng_state is missing");
        Object o = Json.parse(v, 2, 1000);
        if (o instanceof List<?> l && l.size() == 6 && l.stream().allMatch(x -> x instanceof Long)) {
            long[] s = new long[6];
            for (int i = 0; i < 6; i++) s[i] = (Long) l.get(i);
            return s;
        }
        throw new CremaFormatException("crema.rng_state must be a JSON array of 6 integers, got '" + (v.length() > 80 ? v.substring(0, 80) + "..." : v) + "'");
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (var g = Tensor.noGrad()) {
            m.forEach((k, v) -> out.put(k, v.detach().clone()));
        }
        return out;
    }

    private static Map<String, Tensor> frozen(Map<String, Tensor> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
