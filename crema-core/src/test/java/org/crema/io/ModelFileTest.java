package org.crema.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.nn.*;
import org.crema.nn.Module;
import org.crema.train.Dense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    static Sequential cnn() {
        Tensor.manualSeed(11);
        return new Sequential(new Conv2d(1, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 6, 3), new ELU(), new AvgPool2d(2), new AdaptiveAvgPool2d(2), new Flatten(),
                new Dropout(0.3), new Linear(24, 10), new LogSoftmax(1));
    }

    @Test
    void aCnnWithTrainedBatchNormPredictsIdentically() throws IOException {
        Sequential model = cnn();
        for (int i = 0; i < 3; i++) model.forward(Tensor.randn(5, 1, 12, 12)); // running statistics move
        model.eval();
        Tensor x = Tensor.randn(7, 1, 12, 12);
        Tensor expected = model.forward(x);
        Path f = dir.resolve("cnn.safetensors");
        ModelFile.save(model, f, new int[] {1, 12, 12}, Map.of("dataset", "shapes"));

        Tensor.manualSeed(999); // rebuilding draws other initial weights; loading must overwrite them all
        SavedModel saved = ModelFile.read(f);
        assertFalse(saved.model().isTraining(), "loaded in eval mode");
        assertTrue(expected.equal(saved.model().forward(x)), "bit-identical predictions");
        assertArrayEquals(new int[] {1, 12, 12}, saved.inputShape());
        assertEquals(CremaVersion.VERSION, saved.cremaVersion());
        assertTrue(Instant.parse(saved.created()).isAfter(Instant.now().minusSeconds(600)));
        assertEquals(Map.of("dataset", "shapes"), saved.metadata());
        assertEquals(model.toString(), saved.model().toString());
    }

    @Test
    void sequenceModelsAndFloat64RoundTrip() throws IOException {
        Tensor.manualSeed(5);
        Sequential seq = new Sequential(new Embedding(20, 6, 0), new LayerNorm(6), new GELU(),
                new LSTM(6, 5, RecurrentOptions.defaults().numLayers(2).bidirectional(true)), new Linear(10, 3), new Softmax(-1));
        Tensor tokens = Tensor.of(new long[] {1, 5, 19, 0, 3, 7}, 2, 3);
        assertRoundTrip(seq.eval(), tokens);

        Sequential dense = new Sequential(Dense.of(4, 8, "relu"), Dense.of(8, 2, "linear"));
        dense.to(DType.FLOAT64);
        Module back = assertRoundTrip(dense, Tensor.randn(3, 4).to(DType.FLOAT64));
        assertEquals(DType.FLOAT64, back.parameters().get(0).dtype());

        Sequential gru = new Sequential(new GRU(3, 4), new Tanh(), new RNN(4, 2, RNN.Nonlinearity.RELU), new Sigmoid());
        assertRoundTrip(gru.eval(), Tensor.randn(2, 5, 3));
    }

    @Test
    void weightsLoadInAnyToolThatReadsSafetensors() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Sequential m = new Sequential(new Linear(3, 2), new ReLU(), new Linear(2, 1));
        ModelFile.save(m, f);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(SafeTensors.load(f).keySet()), "PyTorch state-dict names");
        Map<String, String> meta = SafeTensors.metadata(f);
        assertEquals("model", meta.get("crema.format"));
        assertEquals(Architecture.toJson(m), meta.get("crema.architecture"));
        assertNull(meta.get("crema.input_shape"));
        Sequential again = new Sequential(new Linear(3, 2), new ReLU(), new Linear(2, 1));
        SafeTensors.load(again, f); // the weights alone load into a module built in code
        assertNull(ModelFile.read(f).inputShape());
    }

    @Test
    void unregisteredLayersAreRefusedBeforeWriting() {
        class Mystery extends Module {
            @Override
            public Tensor forward(Tensor x) { return x; }
        }
        Path f = dir.resolve("x.safetensors");
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(new Sequential(new Linear(2, 2), new Mystery()), f));
        assertFalse(Files.exists(f));
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(new Linear(2, 2), f, new int[] {2}, Map.of("crema.x", "y")));
    }

    @Test
    void weightsThatDoNotFitTheArchitectureAreRefusedBeforeBuilding() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Map<String, Tensor> w = new LinkedHashMap<>();
        w.put("0.weight", Tensor.zeros(8, 5));
        w.put("0.bias", Tensor.zeros(8));
        SafeTensors.save(w, f, Map.of("crema.format", "model",
                "crema.architecture", "{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Linear\",\"in_features\":4,\"out_features\":8}]}"));
        var e = assertThrows(CremaFormatException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("'0.weight': the file has shape [8, 5], the model has [8, 4]"), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());

        // an architecture claiming 2^31-1 x 2^31-1 weights over a tiny file: refused, nothing allocated
        SafeTensors.save(w, f, Map.of("crema.format", "model",
                "crema.architecture", "{\"type\":\"Linear\",\"in_features\":2147483647,\"out_features\":2147483647}"));
        e = assertThrows(CremaFormatException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("'weight' (shape [2147483647, 2147483647]) is missing"), e.getMessage());

        SafeTensors.save(w, f);
        e = assertThrows(CremaFormatException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("not a Crema model file"), e.getMessage());
    }

    private Module assertRoundTrip(Module model, Tensor x) throws IOException {
        Path f = dir.resolve("rt.safetensors");
        ModelFile.save(model, f);
        Module back = ModelFile.load(f);
        assertTrue(model.forward(x).equal(back.forward(x)), "predictions of " + model);
        return back;
    }
}
