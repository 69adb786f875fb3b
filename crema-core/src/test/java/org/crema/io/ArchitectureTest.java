package org.crema.io;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.Tensor;
import org.crema.nn.*;
import org.crema.nn.Module;
import org.crema.train.Dense;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    /** One of every registered layer, with non-default arguments where there are any. */
    static List<Module> everyLayer() {
        Tensor.manualSeed(3);
        return List.of(
                new Linear(5, 3), new Linear(4, 2, false),
                new Conv2d(4, 6, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, 2, false), new Conv2d(1, 2, 3),
                new MaxPool2d(new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 1}), new AvgPool2d(new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 0}, false),
                new AdaptiveAvgPool2d(3, 2), new Flatten(0, 2), new Dropout(0.25),
                new ReLU(), new Sigmoid(), new Tanh(), new Identity(), new LeakyReLU(0.2), new ELU(0.7), new GELU("tanh"),
                new Softmax(0), new LogSoftmax(-1),
                new BatchNorm1d(7, 1e-3, 0.2, false, true), new BatchNorm2d(3), new BatchNorm2d(3, 1e-5, 0.1, true, false),
                new LayerNorm(new int[] {4, 5}, 1e-6, true), new LayerNorm(new int[] {3}, 1e-5, false),
                new Embedding(10, 4, 0), new Embedding(6, 2),
                new RNN(3, 4, RNN.Nonlinearity.RELU, RecurrentOptions.defaults().numLayers(2)),
                new LSTM(3, 5, RecurrentOptions.defaults().bidirectional(true).numLayers(2).batchFirst(false)),
                new GRU(2, 3, RecurrentOptions.defaults().bias(false)),
                Dense.of(6, 3, "relu"), new Dense(4, "softmax"),
                new Sequential(new Linear(2, 3), new Sequential(new ReLU(), new Linear(3, 1))));
    }

    @Test
    void everyLayerRoundTripsAndPlansItsStateExactly() {
        for (Module m : everyLayer()) {
            String json = Architecture.toJson(m);
            Module back = Architecture.fromJson(json);
            assertSame(m.getClass(), back.getClass(), json);
            assertEquals(json, Architecture.toJson(back), "JSON is stable for " + m);
            assertEquals(m.toString(), back.toString());
            Map<String, int[]> planned = Architecture.stateShapes(LayerConfig.of((Map<?, ?>) Json.parse(json), "model"));
            assertNotNull(planned, json);
            assertEquals(describe(SafeTensors.shapesOf(m.stateDict())), describe(planned), "planned state of " + json);
        }
    }

    @Test
    void handWrittenJsonUsesPyTorchDefaults() {
        Module m = Architecture.fromJson("""
                {"type": "Sequential", "layers": [
                  {"type": "Conv2d", "in_channels": 1, "out_channels": 8, "kernel_size": 3, "padding": 1},
                  {"type": "ReLU"}, {"type": "MaxPool2d", "kernel_size": 2}, {"type": "Flatten"},
                  {"type": "Linear", "in_features": 1568, "out_features": 10}]}""");
        assertEquals(10, m.forward(Tensor.zeros(2, 1, 28, 28)).size(1));
        Conv2d c = (Conv2d) ((Sequential) m).get(0);
        assertArrayEquals(new int[] {1, 1}, c.stride());
        assertArrayEquals(new int[] {2, 2}, ((MaxPool2d) ((Sequential) m).get(2)).stride(), "stride defaults to kernel_size");
    }

    @Test
    void errorsNameTheLayerAndField() {
        assertError("{\"type\":\"Sequential\",\"layers\":[{\"type\":\"ReLU\"},{\"type\":\"Linear\",\"in_features\":4,\"out_feature\":2}]}",
                "model.layers[1] (Linear): missing field 'out_features'");
        assertError("{\"type\":\"Linear\",\"in_features\":4,\"out_features\":2,\"bais\":true}", "unknown field(s) [bais]");
        assertError("{\"type\":\"java.lang.Runtime\"}", "unknown layer type 'java.lang.Runtime'");
        assertError("{\"type\":\"Linear\",\"in_features\":4.5,\"out_features\":2}", "field 'in_features' must be a 32-bit integer, got 4.5");
        assertError("{\"type\":\"Linear\",\"in_features\":-4,\"out_features\":2}", "model (Linear):");
        assertError("{\"type\":\"GELU\",\"approximate\":\"fast\"}", "model (GELU):");
        assertError("[1]", "expected a JSON object");
    }

    @Test
    void refusesUnregisteredClassesAndAcceptsRegisteredOnes() {
        class Unknown extends Module {
            @Override
            public Tensor forward(Tensor x) { return x; }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Architecture.toJson(new Sequential(new Unknown())));
        assertTrue(e.getMessage().contains("register it with Architecture.register"), e.getMessage());
        assertFalse(Architecture.canEncode(new Unknown()));

        Architecture.register("test.Scale", Scale.class, m -> Map.of("factor", m.factor), c -> new Scale(c.getDouble("factor")));
        Module back = Architecture.fromJson(Architecture.toJson(new Sequential(new Scale(2.5), new ReLU())));
        assertEquals(5.0, back.forward(Tensor.of(new float[] {2})).item());
        assertNull(Architecture.stateShapes(LayerConfig.of((Map<?, ?>) Json.parse(Architecture.toJson(new Scale(1))), "m")));
        assertThrows(IllegalArgumentException.class, () -> Architecture.register("Linear", Scale.class, m -> Map.of(), c -> new Scale(1)));
    }

    static final class Scale extends Module {
        final double factor;

        Scale(double factor) { this.factor = factor; }

        @Override
        public Tensor forward(Tensor x) { return x.mul(factor); }
    }

    private static Map<String, String> describe(Map<String, int[]> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, Arrays.toString(v)));
        return new java.util.TreeMap<>(out);
    }

    private static void assertError(String json, String part) {
        var e = assertThrows(CremaFormatException.class, () -> Architecture.fromJson(json));
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
    }
}
