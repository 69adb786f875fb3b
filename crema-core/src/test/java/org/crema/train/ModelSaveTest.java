package org.crema.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import org.crema.Tensor;
import org.crema.io.Architecture;
import org.crema.io.ModelFile;
import org.crema.nn.Dropout;
import org.crema.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSaveTest {
    @TempDir
    Path dir;

    @Test
    void saveAndLoadPredictIdentically() throws IOException {
        Tensor.manualSeed(4);
        Tensor[] d = TrainData.blobs(60, 1);
        Model m = Model.sequential(new Dense(8, "gelu"), new Dropout(0.1), new Dense(3, Activation.SOFTMAX, false));
        m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        m.fit(d[0], d[1], Fit.epochs(2).verbose(0));
        Path file = dir.resolve("model.crema");
        m.save(file);
        Model back = Model.load(file);
        assertArrayEquals(new int[] {2}, back.inputShape());
        assertFalse(back.isCompiled());
        assertArrayEquals(m.predict(d[0]).toFloatArray(), back.predict(d[0]).toFloatArray());
        Dense last = (Dense) back.layers().get(2);
        assertEquals(Activation.SOFTMAX, last.activation());
        assertFalse(last.useBias());
        // a loaded model trains on
        back.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        assertEquals(1, back.fit(d[0], d[1], Fit.epochs(1).verbose(0)).size());
    }

    @Test
    void denseArchitectureJsonAndUnbuiltLayers() {
        Sequential s = new Sequential(Dense.of(4, 2, "relu"), new Dense(3));
        String json = Architecture.toJson(s);
        assertTrue(json.contains("{\"type\":\"Dense\",\"units\":2,\"activation\":\"relu\",\"use_bias\":true,\"in_features\":4}"), json);
        assertTrue(json.contains("\"in_features\":-1"), json);
        Sequential rebuilt = (Sequential) Architecture.fromJson(json);
        assertTrue(((Dense) rebuilt.get(0)).isBuilt());
        assertFalse(((Dense) rebuilt.get(1)).isBuilt());
        var e = assertThrows(RuntimeException.class,
                () -> Architecture.fromJson("{\"type\":\"Dense\",\"units\":2,\"activation\":\"swish2\"}"));
        assertTrue(e.getMessage().contains("swish2"), e.getMessage());
        assertTrue(e instanceof org.crema.io.CremaFormatException, e.toString());
    }
}
