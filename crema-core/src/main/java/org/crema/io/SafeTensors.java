package org.crema.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.Tensor;
import org.crema.nn.Module;

/**
 * Reads and writes the <a href="https://huggingface.co/docs/safetensors">safetensors</a> format: an
 * 8-byte little-endian header length, a JSON header ({@code dtype}, {@code shape}, {@code data_offsets}
 * per tensor and an optional {@code __metadata__} string map), then the raw little-endian data.
 * Files written here load in PyTorch with {@code safetensors.torch.load_file}, and files from PyTorch
 * or the Hugging Face tools load here (F32, F64, I64 exactly; F16/BF16 as FLOAT32; I32, I16, I8, U32,
 * U16, U8, BOOL as INT64).
 *
 * <pre>{@code
 * SafeTensors.save(model, Path.of("weights.safetensors"));      // model.stateDict(), atomically
 * SafeTensors.load(model, Path.of("weights.safetensors"));      // names and shapes checked first
 * Map<String, Tensor> all = SafeTensors.load(Path.of("x.safetensors"));
 * }</pre>
 *
 * <p>Saving goes through {@link AtomicFiles}: a crash leaves the old file or the new one, never a
 * partial one. Loading validates the whole header against the file size (see {@link SafeTensorsHeader})
 * before it allocates any tensor, and refuses a malformed file with {@link CremaFormatException} naming
 * the file and the problem; I/O failures stay {@link IOException}s.
 */
public final class SafeTensors {
    private static final int CHUNK = 1 << 16;

    private SafeTensors() {}

    // ------------------------------------------------------------------ writing

    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        save(tensors, file, Map.of());
    }

    /** Writes the tensors (in map order) and the metadata to {@code file}, atomically and durably. */
    public static void save(Map<String, Tensor> tensors, Path file, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFiles.write(file, out -> writeTo(out, header, tensors));
    }

    /** Saves the module's {@link Module#stateDict()} (parameters and buffers, PyTorch names). */
    public static void save(Module module, Path file) throws IOException {
        save(module.stateDict(), file, Map.of());
    }

    public static void save(Module module, Path file, Map<String, String> metadata) throws IOException {
        save(module.stateDict(), file, metadata);
    }

    /** The file's bytes, for callers that store them elsewhere. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            writeTo(bos, header(tensors, metadata), tensors);
        } catch (IOException e) {
            throw new AssertionError("a ByteArrayOutputStream does not fail", e);
        }
        return bos.toByteArray();
    }

    /** Length prefix and JSON header, padded with spaces so the data starts 8-byte aligned. */
    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        LinkedHashMap<String, Object> h = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            for (var e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) throw new IllegalArgumentException("SafeTensors.save: metadata keys and values must not be null: " + e);
            }
            h.put("__metadata__", metadata);
        }
        long offset = 0;
        for (var e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || name.equals("__metadata__")) throw new IllegalArgumentException("SafeTensors.save: invalid tensor name '" + name + "'");
            if (t == null) throw new IllegalArgumentException("SafeTensors.save: tensor '" + name + "' is null");
            long bytes = t.numel() * t.dtype().byteSize();
            LinkedHashMap<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", StorageType.of(t.dtype()).name());
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {offset, offset + bytes});
            h.put(name, entry);
            offset += bytes;
        }
        byte[] json = Json.write(h).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[8 + padded];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        System.arraycopy(json, 0, out, 8, json.length);
        Arrays.fill(out, 8 + json.length, out.length, (byte) ' ');
        return out;
    }

    /** Writes a whole file's bytes to {@code out} (for callers that write atomically themselves). */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        writeTo(out, header(tensors, metadata), tensors);
    }

    private static void writeTo(OutputStream out, byte[] header, Map<String, Tensor> tensors) throws IOException {
        out.write(header);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors.values()) writeData(out, t, buf);
    }

    private static void writeData(OutputStream out, Tensor t, ByteBuffer buf) throws IOException {
        Tensor c = t.detach().contiguous();
        int n = (int) c.numel();
        int off = c.storageOffset();
        int per = CHUNK / 8;
        for (int i = 0; i < n; i += per) {
            int k = Math.min(per, n - i);
            buf.clear();
            switch (c.dtype()) {
                case FLOAT32 -> buf.asFloatBuffer().put(c.storageFloats(), off + i, k);
                case FLOAT64 -> buf.asDoubleBuffer().put(c.storageDoubles(), off + i, k);
                case INT64 -> buf.asLongBuffer().put(c.storageLongs(), off + i, k);
            }
            out.write(buf.array(), 0, k * c.dtype().byteSize());
        }
    }

    // ------------------------------------------------------------------ reading

    /** All tensors of a safetensors file by name, in header order. */
    public static Map<String, Tensor> load(Path file) throws IOException {
        return read(file).tensors();
    }

    /** The tensors and the {@code __metadata__} of a file. */
    public static TensorFile read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteSource src = ByteSource.of(ch);
            SafeTensorsHeader h = header(src, file.toString());
            return new TensorFile(readAll(src, h, file.toString()), h.metadata());
        }
    }

    /** Decodes a file's bytes held in memory. */
    public static TensorFile fromBytes(byte[] bytes) {
        ByteSource src = ByteSource.of(bytes);
        try {
            SafeTensorsHeader h = header(src, "safetensors bytes");
            return new TensorFile(readAll(src, h, "safetensors bytes"), h.metadata());
        } catch (IOException e) {
            throw new CremaFormatException("safetensors bytes: " + e.getMessage(), e);
        }
    }

    /** Only the validated header: names, dtypes, shapes, offsets and metadata, without reading data. */
    public static SafeTensorsHeader header(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(ByteSource.of(ch), file.toString());
        }
    }

    /** The file's {@code __metadata__} (reads only the header). */
    public static Map<String, String> metadata(Path file) throws IOException {
        return header(file).metadata();
    }

    /** Loads a state dict saved from a module of the same architecture; strict: names must match both ways. */
    public static void load(Module module, Path file) throws IOException {
        load(module, file, true);
    }

    /**
     * Loads weights into {@code module}. Names and shapes are checked against the header before any
     * tensor is read, and the error lists every mismatch, naming the parameter and both shapes. With
     * {@code strict == false}, names present on only one side are skipped (shapes must still agree).
     */
    public static void load(Module module, Path file, boolean strict) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteSource src = ByteSource.of(ch);
            SafeTensorsHeader h = header(src, file.toString());
            Map<String, Tensor> state = module.stateDict();
            checkAgainst(h, "", shapesOf(state), strict, file + " into " + module.getClass().getSimpleName());
            Map<String, Tensor> loaded = new LinkedHashMap<>();
            for (var e : h.entries()) {
                if (state.containsKey(e.name())) loaded.put(e.name(), readTensor(src, h, e, file.toString()));
            }
            module.loadStateDict(loaded, strict);
        }
    }

    static Map<String, int[]> shapesOf(Map<String, Tensor> state) {
        Map<String, int[]> m = new LinkedHashMap<>();
        state.forEach((k, v) -> m.put(k, v.shape()));
        return m;
    }

    /**
     * Checks the header's tensors whose names start with {@code prefix} (prefix stripped) against the
     * expected names and shapes, collecting every problem into one {@link CremaFormatException}.
     */
    static void checkAgainst(SafeTensorsHeader h, String prefix, Map<String, int[]> expected, boolean strict, String where) {
        List<String> problems = new ArrayList<>();
        for (var e : expected.entrySet()) {
            SafeTensorsHeader.Entry got = h.entry(prefix + e.getKey());
            if (got == null) {
                if (strict) problems.add("'" + e.getKey() + "' (shape " + Arrays.toString(e.getValue()) + ") is missing from the file");
            } else if (!Arrays.equals(got.shape(), e.getValue())) {
                problems.add("'" + e.getKey() + "': the file has shape " + Arrays.toString(got.shape()) + ", the model has " + Arrays.toString(e.getValue()));
            }
        }
        if (strict) {
            for (var got : h.entries()) {
                if (got.name().startsWith(prefix) && !expected.containsKey(got.name().substring(prefix.length()))) {
                    problems.add("the file's '" + got.name().substring(prefix.length()) + "' (shape " + Arrays.toString(got.shape()) + ") is not in the model");
                }
            }
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), 20);
            String more = problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : "";
            throw new CremaFormatException("loading " + where + ": " + String.join("; ", problems.subList(0, shown)) + more);
        }
    }

    static SafeTensorsHeader header(ByteSource src, String where) throws IOException {
        try {
            long size = src.size();
            if (size < 8) SafeTensorsHeader.checkHeaderLength(0, size);
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            src.read(0, prefix);
            long n = SafeTensorsHeader.checkHeaderLength(prefix.getLong(0), size);
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            src.read(8, hb);
            return SafeTensorsHeader.parse(hb.array(), size - 8 - n);
        } catch (CremaFormatException e) {
            throw CremaFormatException.in(where, e);
        }
    }

    static Map<String, Tensor> readAll(ByteSource src, SafeTensorsHeader h, String where) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : h.entries()) out.put(e.name(), readTensor(src, h, e, where));
        return out;
    }

    /** Decodes one validated entry (its byte range is known to lie inside the source). */
    static Tensor readTensor(ByteSource src, SafeTensorsHeader h, SafeTensorsHeader.Entry e, String where) throws IOException {
        StorageType type = e.storage();
        int n = (int) e.numel();
        int size = type.byteSize;
        long pos = h.dataStart() + e.begin();
        int[] shape = e.shape();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(8, (long) n * size))).order(ByteOrder.LITTLE_ENDIAN);
        int per = buf.capacity() / size;
        try {
            switch (type.loadsAs) {
                case FLOAT32 -> {
                    float[] a = new float[n];
                    for (int i = 0; i < n; i += per) {
                        int k = Math.min(per, n - i);
                        fill(src, pos + (long) i * size, buf, k * size);
                        for (int j = 0; j < k; j++) {
                            a[i + j] = switch (type) {
                                case F32 -> buf.getFloat(j * 4);
                                case F16 -> Float.float16ToFloat(buf.getShort(j * 2));
                                default -> Float.intBitsToFloat((buf.getShort(j * 2) & 0xFFFF) << 16); // BF16
                            };
                        }
                    }
                    return Tensor.wrap(a, shape);
                }
                case FLOAT64 -> {
                    double[] a = new double[n];
                    for (int i = 0; i < n; i += per) {
                        int k = Math.min(per, n - i);
                        fill(src, pos + (long) i * size, buf, k * size);
                        buf.asDoubleBuffer().get(a, i, k);
                    }
                    return Tensor.wrap(a, shape);
                }
                default -> {
                    long[] a = new long[n];
                    for (int i = 0; i < n; i += per) {
                        int k = Math.min(per, n - i);
                        fill(src, pos + (long) i * size, buf, k * size);
                        for (int j = 0; j < k; j++) {
                            a[i + j] = switch (type) {
                                case I64 -> buf.getLong(j * 8);
                                case I32 -> buf.getInt(j * 4);
                                case I16 -> buf.getShort(j * 2);
                                case I8 -> buf.get(j);
                                case U32 -> buf.getInt(j * 4) & 0xFFFFFFFFL;
                                case U16 -> buf.getShort(j * 2) & 0xFFFF;
                                case U8 -> buf.get(j) & 0xFF;
                                default -> buf.get(j) != 0 ? 1 : 0; // BOOL
                            };
                        }
                    }
                    return Tensor.wrap(a, shape);
                }
            }
        } catch (CremaFormatException ex) {
            throw CremaFormatException.in(where + ", tensor '" + e.name() + "'", ex);
        }
    }

    private static void fill(ByteSource src, long pos, ByteBuffer buf, int bytes) throws IOException {
        buf.clear().limit(bytes);
        src.read(pos, buf);
        buf.flip();
    }
}
