package org.crema.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files from an independent writer: {@code write_safetensors.py} (Python standard library only),
 * run live when {@code python3} exists, and the bytes it wrote once, committed beside it.
 */
class SafeTensorsInteropTest {
    @TempDir
    Path dir;

    @Test
    void readsTheCommittedPythonWrittenFile() throws Exception {
        checkPythonFile(resource("python-written.safetensors"));
    }

    @Test
    void readsAFileThePythonScriptWritesNow() throws Exception {
        Assumptions.assumeTrue(python() != null, "python3 not available; the committed bytes cover this");
        Path out = dir.resolve("live.safetensors");
        run(python(), resource("write_safetensors.py").toString(), out.toString());
        checkPythonFile(out);
        assertArrayEquals(Files.readAllBytes(resource("python-written.safetensors")), Files.readAllBytes(out),
                "the script is deterministic and matches the committed bytes");
    }

    @Test
    void thePythonReaderReadsWhatCremaWrites() throws Exception {
        Assumptions.assumeTrue(python() != null, "python3 not available");
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("w", Tensor.arange(6).reshape(2, 3).to(DType.FLOAT32).mul(0.25));
        in.put("d", Tensor.of(new double[] {Math.PI, -1e-300}));
        in.put("n", Tensor.of(new long[] {-5, 1L << 60}));
        in.put("s", Tensor.scalar(-4));
        in.put("e", Tensor.zeros(3, 0));
        Path f = dir.resolve("crema.safetensors");
        SafeTensors.save(in, f, Map.of("crema", "yes"));
        String json = run(python(), resource("write_safetensors.py").toString(), "--read", f.toString());
        Map<?, ?> root = (Map<?, ?>) Json.parse(json);
        assertEquals(Map.of("crema", "yes"), root.get("metadata"));
        Map<?, ?> ts = (Map<?, ?>) root.get("tensors");
        assertEquals(in.keySet(), ts.keySet());
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0, 1.25), values(ts, "w"));
        assertEquals(List.of(2L, 3L), ((Map<?, ?>) ts.get("w")).get("shape"));
        assertEquals(List.of(Math.PI, -1e-300), values(ts, "d"));
        assertEquals(List.of(-5L, 1L << 60), values(ts, "n"));
        assertEquals(List.of(-4.0), values(ts, "s"));
        assertEquals(List.of(), ((Map<?, ?>) ts.get("s")).get("shape"));
        assertEquals(List.of(3L, 0L), ((Map<?, ?>) ts.get("e")).get("shape"));
    }

    /** A model file is a plain safetensors file to other tools: weights under PyTorch names, architecture in the metadata. */
    @Test
    void thePythonReaderReadsAModelFile() throws Exception {
        Assumptions.assumeTrue(python() != null, "python3 not available");
        org.crema.nn.Sequential m = new org.crema.nn.Sequential(new org.crema.nn.Linear(3, 2), new org.crema.nn.ReLU(), new org.crema.nn.Linear(2, 1));
        Path f = dir.resolve("model.safetensors");
        ModelFile.save(m, f, 3);
        Map<?, ?> root = (Map<?, ?>) Json.parse(run(python(), resource("write_safetensors.py").toString(), "--read", f.toString()));
        Map<?, ?> meta = (Map<?, ?>) root.get("metadata");
        assertEquals("model", meta.get("crema.format"));
        assertEquals("[3]", meta.get("crema.input_shape"));
        assertEquals(Architecture.toJson(m), meta.get("crema.architecture"));
        Map<?, ?> ts = (Map<?, ?>) root.get("tensors");
        assertEquals(java.util.Set.of("0.weight", "0.bias", "2.weight", "2.bias"), ts.keySet());
        List<Double> w = new java.util.ArrayList<>();
        for (float v : m.get(0).stateDict().get("weight").toFloatArray()) w.add((double) v);
        assertEquals(w, values(ts, "0.weight"));
    }

    /** The values write_safetensors.py writes, from the same formulas. */
    private static void checkPythonFile(Path f) throws IOException {
        TensorFile tf = SafeTensors.read(f);
        assertEquals(Map.of("format", "pt", "writer", "write_safetensors.py"), tf.metadata());
        Map<String, Tensor> t = tf.tensors();
        assertEquals(10, t.size());
        assertTensor(t.get("f32_matrix"), DType.FLOAT32, new int[] {2, 3}, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5);
        assertTensor(t.get("f64_vector"), DType.FLOAT64, new int[] {4}, 1.0, 0.5, 1.0 / 3, 0.25);
        assertArrayEquals(new long[] {-2, -1, 0, 1L << 40, 1L << 62}, t.get("i64_labels").toLongArray());
        assertArrayEquals(new long[] {-7, 0, 7, Integer.MAX_VALUE}, t.get("i32_counts").toLongArray());
        assertArrayEquals(new int[] {2, 2}, t.get("i32_counts").shape());
        assertTensor(t.get("f16_half"), DType.FLOAT32, new int[] {3}, 0.5, -2.0, 1024.0);
        assertTensor(t.get("bf16_brain"), DType.FLOAT32, new int[] {2}, 1.5, -3.0);
        assertArrayEquals(new long[] {0, 128, 255}, t.get("u8_bytes").toLongArray());
        assertArrayEquals(new long[] {1, 0}, t.get("bool_mask").toLongArray());
        assertTensor(t.get("scalar"), DType.FLOAT32, new int[] {}, 3.25);
        assertTensor(t.get("empty"), DType.FLOAT32, new int[] {0, 4});
    }

    private static void assertTensor(Tensor t, DType dtype, int[] shape, double... values) {
        assertEquals(dtype, t.dtype());
        assertArrayEquals(shape, t.shape());
        assertArrayEquals(values, t.toDoubleArray());
    }

    private static List<?> values(Map<?, ?> ts, String name) {
        return (List<?>) ((Map<?, ?>) ts.get(name)).get("values");
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(SafeTensorsInteropTest.class.getResource(name).toURI());
    }

    private static String pythonPath;
    private static boolean pythonChecked;

    /** The python3 executable, or null when there is none that runs. */
    static synchronized String python() {
        if (!pythonChecked) {
            pythonChecked = true;
            try {
                run("python3", "-c", "import struct, json");
                pythonPath = "python3";
            } catch (Exception | AssertionError e) {
                pythonPath = null;
            }
        }
        return pythonPath;
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " failed: " + text);
        return text;
    }
}
