package org.crema.contract;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crema.Tensor;
import org.crema.data.Batch;
import org.crema.data.DataLoader;
import org.crema.data.Dataset;
import org.crema.data.Splits;
import org.crema.data.Subset;
import org.crema.data.TensorDataset;
import org.crema.metrics.Metrics;
import org.crema.train.Dense;
import org.crema.train.Fit;
import org.crema.train.History;
import org.crema.train.Model;
import org.junit.jupiter.api.Test;

/** The data and Keras-style training names of the data/training issue, and the metric names of compile(...). */
class DataTrainContractTest {

    private static TensorDataset tenExamples() {
        float[] x = new float[10];
        long[] y = new long[10];
        for (int i = 0; i < 10; i++) {
            x[i] = i;
            y[i] = i % 2;
        }
        return new TensorDataset(Tensor.of(x, 10, 1), Tensor.of(y, 10));
    }

    private static List<Float> firstColumn(DataLoader loader) {
        List<Float> seen = new ArrayList<>();
        for (Batch b : loader) for (float v : b.x().toFloatArray()) seen.add(v);
        return seen;
    }

    @Test
    void dataLoaderConstructorOfTheIssue() {
        Dataset ds = tenExamples();
        assertEquals(10, ds.size());
        assertEquals(2, ds.get(3).length);
        DataLoader keep = new DataLoader(ds, 4, false, 0L, false);
        List<Integer> sizes = new ArrayList<>();
        for (Batch b : keep) sizes.add(b.size());
        assertEquals(List.of(4, 4, 2), sizes, "dropLast false keeps the short last batch");
        List<Integer> dropped = new ArrayList<>();
        for (Batch b : new DataLoader(ds, 4, false, 0L, true)) dropped.add(b.size());
        assertEquals(List.of(4, 4), dropped, "dropLast true drops it");
        assertEquals(List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f), firstColumn(keep), "no shuffle: in order");
        List<Float> a = firstColumn(new DataLoader(ds, 3, true, 7L, false));
        assertEquals(a, firstColumn(new DataLoader(ds, 3, true, 7L, false)), "same seed, same order");
        assertNotEquals(List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f), a, "shuffled");
        Subset[] parts = Splits.trainTestSplit(ds, 0.3, 1);
        assertEquals(7, parts[0].size());
        assertEquals(3, parts[1].size());
        assertEquals(10, Splits.randomSplit(ds, new int[] {6, 4}, 1)[0].size() + 4);
    }

    @Test
    void kerasStyleTrainingByName() {
        Tensor.manualSeed(3);
        Tensor xs = Tensor.of(new float[] {-1, 0, 1, 2, 3, 4}, 6, 1);
        Tensor ys = Tensor.of(new float[] {-3, -1, 1, 3, 5, 7}, 6, 1);
        Model model = Model.sequential(new Dense(1)).inputShape(1);
        model.compile("sgd", "mse", "mae");
        History h = model.fit(xs, ys, Fit.epochs(200).verbose(0));
        assertTrue(h.has("loss") && h.has("mae"), h.keys().toString());
        assertEquals(200, h.get("loss").size());
        assertTrue(h.last("loss") < h.get("loss").get(0), "loss falls");
        assertEquals(19, model.predict(Tensor.of(new float[] {10}, 1, 1)).item(), 0.5);
        Map<String, Double> eval = model.evaluate(xs, ys);
        assertTrue(eval.containsKey("loss") && eval.containsKey("mae"), eval.toString());
        assertTrue(model.summary(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).contains("Total params"));

        // input size inferred from the first batch; one-hot targets for categorical_crossentropy
        Model clf = Model.sequential(new Dense(8, "relu"), new Dense(2, "softmax"));
        clf.compile("adam", "categorical_crossentropy", "accuracy");
        Tensor x = Tensor.randn(16, 3);
        Tensor y = Tensor.of(new float[32], 16, 2);
        for (int i = 0; i < 16; i++) y.set(1, i, i % 2);
        History hc = clf.fit(x, y, Fit.epochs(2).batchSize(8).verbose(0));
        assertTrue(hc.has("accuracy"), hc.keys().toString());
        assertArrayEquals(new int[] {16, 2}, clf.predict(x).shape());
    }

    @Test
    void fitFromADataLoader() {
        TensorDataset ds = new TensorDataset(Tensor.of(new float[] {-1, 0, 1, 2}, 4, 1), Tensor.of(new float[] {-3, -1, 1, 3}, 4, 1));
        Model model = Model.sequential(new Dense(1)).inputShape(1);
        model.compile("sgd", "mse");
        History h = model.fit(new DataLoader(ds, 2, true, 1L, false)); // the issue's fit(dataLoader): one epoch
        assertEquals(1, h.size());
        assertTrue(Double.isFinite(h.last("loss")));
    }

    @Test
    void metricNamesOfCompile() {
        for (String name : List.of("accuracy", "mae", "mse", "rmse", "precision", "recall", "f1", "auc", "top3")) {
            assertEquals(name, Metrics.byName(name).name());
        }
    }
}
