package org.crema.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    static Map<String, Tensor> sample() {
        Tensor.manualSeed(7);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("f32", Tensor.randn(3, 5));
        m.put("f64", Tensor.randn(4).to(DType.FLOAT64));
        m.put("i64", Tensor.of(new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE}));
        m.put("scalar", Tensor.scalar(2.5));
        m.put("empty", Tensor.zeros(0, 3));
        m.put("empty_i64", Tensor.zeros(DType.INT64, 2, 0));
        m.put("special", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0.0f, Float.MIN_VALUE}));
        m.put("transposed", Tensor.arange(6).reshape(2, 3).to(DType.FLOAT32).t());
        return m;
    }

    @Test
    void roundTripsEveryDtypeShapeAndMetadata() throws IOException {
        Map<String, Tensor> in = sample();
        Path f = dir.resolve("all.safetensors");
        Map<String, String> meta = Map.of("format", "pt", "note", "unicode \u00e9 \"quoted\"");
        SafeTensors.save(in, f, meta);

        TensorFile back = SafeTensors.read(f);
        assertEquals(List.copyOf(in.keySet()), List.copyOf(back.tensors().keySet()));
        assertEquals(meta, back.metadata());
        assertEquals(meta, SafeTensors.metadata(f));
        for (var e : in.entrySet()) {
            Tensor a = e.getValue(), b = back.tensors().get(e.getKey());
            assertEquals(a.dtype(), b.dtype(), e.getKey());
            assertArrayEquals(a.shape(), b.shape(), e.getKey());
            assertBitsEqual(a, b, e.getKey());
        }
        assertEquals(0, back.tensors().get("scalar").dim());
        assertEquals(0, SafeTensors.header(f).dataStart() % 8, "data starts 8-byte aligned");
        assertArrayEquals(Files.readAllBytes(f), SafeTensors.toBytes(in, meta), "file and bytes agree");
    }

    @Test
    void emptyFileWithoutTensorsRoundTrips() throws IOException {
        Path f = dir.resolve("none.safetensors");
        SafeTensors.save(Map.of(), f);
        assertTrue(SafeTensors.load(f).isEmpty());
        assertTrue(SafeTensors.metadata(f).isEmpty());
    }

    @Test
    void moduleHelpersRoundTripAndNameMismatches() throws IOException {
        Tensor.manualSeed(1);
        TinyNet a = new TinyNet(4, 6, 3);
        Path f = dir.resolve("tiny.safetensors");
        SafeTensors.save(a, f);
        Tensor.manualSeed(2);
        TinyNet b = new TinyNet(4, 6, 3);
        SafeTensors.load(b, f);
        Tensor x = Tensor.randn(5, 4);
        assertTrue(a.forward(x).equal(b.forward(x)));

        TinyNet wrong = new TinyNet(4, 7, 3);
        var e = assertThrows(CremaFormatException.class, () -> SafeTensors.load(wrong, f));
        assertTrue(e.getMessage().contains("'w1': the file has shape [6, 4], the model has [7, 4]"), e.getMessage());
        assertTrue(e.getMessage().contains("'b1': the file has shape [6], the model has [7]"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());

        Map<String, Tensor> partial = new LinkedHashMap<>(a.stateDict());
        partial.remove("b2");
        partial.put("extra", Tensor.zeros(2));
        SafeTensors.save(partial, f);
        e = assertThrows(CremaFormatException.class, () -> SafeTensors.load(b, f));
        assertTrue(e.getMessage().contains("'b2' (shape [3]) is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("the file's 'extra' (shape [2]) is not in the model"), e.getMessage());
        SafeTensors.load(b, f, false); // non-strict: skips both
    }

    @Test
    void malformedFilesAreRefusedWithTheProblem() {
        byte[] good = SafeTensors.toBytes(Map.of("a", Tensor.ones(2, 2)), Map.of());
        assertRefused(new byte[5], "too short");
        assertRefused(withLength(good, good.length), "exceeds the");
        assertRefused(withLength(good, -1), "outside [0, 100000000]");
        assertRefused(java.util.Arrays.copyOf(good, good.length - 1), "data_offsets [0, 16] run past the end of the data section (15 bytes)");
        assertRefused(concat(good, new byte[3]), "trailing bytes");
        assertRefused(file("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "unsupported dtype 'F8_E4M3'");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "needs 8 bytes but data_offsets [0, 4] hold 4");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,4]}}", 4), "overflows");
        assertRefused(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[2147483647],\"data_offsets\":[0,2147483647]}}", 4), "more than a Java array holds");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "dimension -1");
        assertRefused(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}", 3), "(overlap)");
        assertRefused(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", 2), "(gap)");
        assertRefused(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":1}}", 1), "unknown field 'x'");
        assertRefused(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[9,10]}}", 1), "run past the end");
        assertRefused(file("{\"__metadata__\":{\"k\":1}}", 0), "must be a string");
        assertRefused(file("[]", 0), "starting with '{'");
        assertRefused(file("{\"a\":", 0), "JSON error at offset 5");
    }

    @Test
    void narrowTypesWidenExactly() {
        byte[] f = file("{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},\"u\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[4,6]},"
                + "\"i\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[6,8]}}", 8);
        ByteBuffer b = ByteBuffer.wrap(f, f.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(Float.floatToFloat16(0.25f)).putShort(Float.floatToFloat16(-65504f)).putShort((short) 0xFFFF).putShort((short) -3);
        Map<String, Tensor> t = SafeTensors.fromBytes(f).tensors();
        assertArrayEquals(new float[] {0.25f, -65504f}, t.get("h").toFloatArray());
        assertArrayEquals(new long[] {65535}, t.get("u").toLongArray());
        assertArrayEquals(new long[] {-3}, t.get("i").toLongArray());
    }

    @Test
    void refusesBadNamesOnSave() {
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(Map.of("__metadata__", Tensor.ones(1)), Map.of()));
    }

    static void assertBitsEqual(Tensor a, Tensor b, String what) {
        switch (a.dtype()) {
            case FLOAT32 -> {
                float[] x = a.toFloatArray(), y = b.toFloatArray();
                for (int i = 0; i < x.length; i++) assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), what + "[" + i + "]");
            }
            case FLOAT64 -> {
                double[] x = a.toDoubleArray(), y = b.toDoubleArray();
                for (int i = 0; i < x.length; i++) assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]), what + "[" + i + "]");
            }
            case INT64 -> assertArrayEquals(a.toLongArray(), b.toLongArray(), what);
        }
    }

    private static void assertRefused(byte[] bytes, String part) {
        var e = assertThrows(CremaFormatException.class, () -> SafeTensors.fromBytes(bytes));
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
    }

    /** A file with this header and dataLength zero bytes of data. */
    static byte[] file(String header, int dataLength) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[8 + h.length + dataLength];
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
        System.arraycopy(h, 0, f, 8, h.length);
        return f;
    }

    private static byte[] withLength(byte[] good, long n) {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
