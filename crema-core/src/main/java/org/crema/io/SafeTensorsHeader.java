package org.crema.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;

/**
 * A safetensors file's validated header: its tensors (name, dtype, shape, byte range) and its
 * {@code __metadata__}. Reading it costs only the header bytes, so a file can be checked against a
 * model (names, shapes) before a single tensor is allocated.
 *
 * <p>Everything a loader relies on is checked here: every entry has exactly {@code dtype}, {@code shape}
 * and {@code data_offsets}; the dtype is one Crema reads; each dimension is in [0, 2^31 - 1]; the
 * element count and byte count are computed without overflow and fit a Java array; the offsets are
 * ordered and match the byte count; and the byte ranges, sorted, tile the data section exactly (no
 * gap, no overlap, nothing past the end of the file).
 */
public final class SafeTensorsHeader {
    /** The format's own cap on the JSON header. */
    public static final long MAX_HEADER_BYTES = 100_000_000;
    static final int MAX_RANK = 32;
    /** Java arrays hold at most this many elements (a few below Integer.MAX_VALUE on every JVM). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** One tensor's entry; begin/end are byte offsets into the data section (after the header). */
    public record Entry(String name, String dtype, int[] shape, long begin, long end) {
        public Entry {
            shape = shape.clone();
        }

        @Override
        public int[] shape() { return shape.clone(); }

        /** The Crema dtype this entry loads as. */
        public DType loadsAs() { return StorageType.byName(dtype).loadsAs; }

        public long numel() {
            long n = 1;
            for (int d : shape) n *= d; // validated not to overflow
            return n;
        }

        StorageType storage() { return StorageType.byName(dtype); }

        @Override
        public String toString() {
            return name + ": " + dtype + " " + Arrays.toString(shape) + " bytes [" + begin + ", " + end + ")";
        }
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byName;
    private final Map<String, String> metadata;
    private final long headerLength;

    private SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata, long headerLength) {
        this.entries = Collections.unmodifiableList(entries);
        LinkedHashMap<String, Entry> m = new LinkedHashMap<>();
        for (Entry e : entries) m.put(e.name(), e);
        this.byName = Collections.unmodifiableMap(m);
        this.metadata = Collections.unmodifiableMap(metadata);
        this.headerLength = headerLength;
    }

    /** The tensors in the order the header lists them. */
    public List<Entry> entries() { return entries; }

    /** The entry of that name, or null. */
    public Entry entry(String name) { return byName.get(name); }

    /** The {@code __metadata__} string map (empty when the file has none). */
    public Map<String, String> metadata() { return metadata; }

    /** The JSON header's length in bytes (the data section starts at 8 + this). */
    public long headerLength() { return headerLength; }

    public long dataStart() { return 8 + headerLength; }

    /**
     * Checks the 8-byte length prefix against the file size; returns the header length.
     *
     * @param prefix the file's first 8 bytes, read little-endian
     */
    static long checkHeaderLength(long prefix, long fileSize) {
        if (fileSize < 8) throw new CremaFormatException("file of " + fileSize + " bytes is too short for a safetensors file (needs the 8-byte header length)");
        if (prefix < 0 || prefix > MAX_HEADER_BYTES) {
            throw new CremaFormatException("header length " + Long.toUnsignedString(prefix) + " is outside [0, " + MAX_HEADER_BYTES + "]");
        }
        if (prefix > fileSize - 8) {
            throw new CremaFormatException("header length " + prefix + " exceeds the " + (fileSize - 8) + " bytes after the length prefix");
        }
        if (prefix < 2) throw new CremaFormatException("header length " + prefix + " is too short for a JSON object");
        return prefix;
    }

    /** Parses and validates a header; {@code dataLength} is the number of bytes after it in the file. */
    static SafeTensorsHeader parse(byte[] headerBytes, long dataLength) {
        if (headerBytes.length == 0 || headerBytes[0] != '{') {
            throw new CremaFormatException("header must be a JSON object starting with '{' at byte 8");
        }
        Object root;
        try {
            root = Json.parse(Json.decodeUtf8(headerBytes, "header"), 8, (int) Math.min(Integer.MAX_VALUE, MAX_HEADER_BYTES));
        } catch (CremaFormatException e) {
            throw CremaFormatException.in("header (JSON offsets count from byte 8)", e);
        }
        if (!(root instanceof Map<?, ?> top)) throw new CremaFormatException("header is not a JSON object");

        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (var kv : top.entrySet()) {
            String name = (String) kv.getKey();
            if (name.equals("__metadata__")) {
                metadata = metadata(kv.getValue());
            } else {
                entries.add(entry(name, kv.getValue(), dataLength));
            }
        }
        checkTiling(entries, dataLength);
        return new SafeTensorsHeader(entries, metadata, headerBytes.length);
    }

    private static Map<String, String> metadata(Object v) {
        if (!(v instanceof Map<?, ?> m)) throw new CremaFormatException("__metadata__ must be an object of strings, got " + kind(v));
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new CremaFormatException("__metadata__ value of '" + e.getKey() + "' must be a string, got " + kind(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(String name, Object v, long dataLength) {
        if (!(v instanceof Map<?, ?> m)) throw new CremaFormatException("tensor '" + name + "': expected an object, got " + kind(v));
        for (Object k : m.keySet()) {
            if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
                throw new CremaFormatException("tensor '" + name + "': unknown field '" + k + "' (expected dtype, shape, data_offsets)");
            }
        }
        if (!(m.get("dtype") instanceof String dtype)) throw new CremaFormatException("tensor '" + name + "': dtype must be a string, got " + kind(m.get("dtype")));
        StorageType type = StorageType.byName(dtype);
        if (type == null) {
            throw new CremaFormatException("tensor '" + name + "': unsupported dtype '" + dtype + "' (Crema reads " + StorageType.supportedNames() + ")");
        }
        if (!(m.get("shape") instanceof List<?> shapeList)) throw new CremaFormatException("tensor '" + name + "': shape must be an array, got " + kind(m.get("shape")));
        if (shapeList.size() > MAX_RANK) throw new CremaFormatException("tensor '" + name + "': rank " + shapeList.size() + " exceeds " + MAX_RANK);
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            Object d = shapeList.get(i);
            if (!(d instanceof Long dim) || dim < 0 || dim > Integer.MAX_VALUE) {
                throw new CremaFormatException("tensor '" + name + "': shape " + shapeList + " has dimension " + d + " (each must be an integer in [0, 2147483647])");
            }
            shape[i] = (int) (long) dim;
            numel = multiplyOrFail(numel, dim, name, shapeList);
        }
        if (numel > MAX_ELEMENTS) {
            throw new CremaFormatException("tensor '" + name + "': shape " + shapeList + " has " + numel + " elements, more than a Java array holds (" + MAX_ELEMENTS + ")");
        }
        long bytes = multiplyOrFail(numel, type.byteSize, name, shapeList);

        if (!(m.get("data_offsets") instanceof List<?> off) || off.size() != 2
                || !(off.get(0) instanceof Long begin) || !(off.get(1) instanceof Long end)) {
            throw new CremaFormatException("tensor '" + name + "': data_offsets must be [begin, end] integers, got " + m.get("data_offsets"));
        }
        if (begin < 0 || end < begin) throw new CremaFormatException("tensor '" + name + "': data_offsets [" + begin + ", " + end + "] are not 0 <= begin <= end");
        if (end > dataLength) {
            throw new CremaFormatException("tensor '" + name + "': data_offsets [" + begin + ", " + end + "] run past the end of the data section (" + dataLength + " bytes)");
        }
        if (end - begin != bytes) {
            throw new CremaFormatException("tensor '" + name + "': " + dtype + " shape " + shapeList + " needs " + bytes
                    + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long multiplyOrFail(long a, long b, String name, List<?> shape) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new CremaFormatException("tensor '" + name + "': shape " + shape + " overflows a 64-bit size");
        }
    }

    /** The byte ranges, sorted, must cover [0, dataLength) exactly once: no hole, no overlap. */
    private static void checkTiling(List<Entry> entries, long dataLength) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : sorted) {
            if (e.begin() != expected) {
                throw new CremaFormatException("tensor '" + e.name() + "': data starts at byte " + e.begin() + " but the previous tensor ends at "
                        + expected + (e.begin() < expected ? " (overlap)" : " (gap)"));
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw new CremaFormatException("tensors cover " + expected + " bytes of data but the file holds " + dataLength + " (trailing bytes or truncation)");
        }
    }

    private static String kind(Object v) {
        return switch (v) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            default -> "a number (" + v + ")";
        };
    }
}
