package org.crema.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.data.DataLoader;
import org.crema.data.TensorDataset;
import org.crema.nn.CrossEntropyLoss;
import org.crema.nn.MSELoss;
import org.crema.optim.SGD;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelFitTest {
    @BeforeEach
    void seed() { Tensor.manualSeed(42); }

    @Test
    void linearRegressionLikeTheSeedsExample() {
        Tensor[] d = TrainData.linear(200, 1);
        Model model = Model.sequential(new Dense(1));
        model.compile("sgd", "mse");
        History h = model.fit(d[0], d[1], Fit.epochs(60).batchSize(32).verbose(0));
        List<Double> loss = h.get("loss");
        assertEquals(60, loss.size());
        assertTrue(loss.get(59) < loss.get(0) / 100, "loss should fall by 100x: " + loss.get(0) + " -> " + loss.get(59));
        assertTrue(loss.get(59) < 1e-3, "final loss " + loss.get(59));
        Dense dense = (Dense) model.layers().get(0);
        float[] w = model.module().namedParameters().get("0.weight").toFloatArray();
        float[] b = model.module().namedParameters().get("0.bias").toFloatArray();
        assertEquals(2, dense.inFeatures());
        assertEquals(2.0, w[0], 0.02);
        assertEquals(-3.0, w[1], 0.02);
        assertEquals(1.0, b[0], 0.02);
        Tensor p = model.predict(Tensor.of(new float[] {1, 1, 0, 0}, 2, 2));
        assertArrayEquals(new int[] {2, 1}, p.shape());
        assertEquals(0.0, p.get(0, 0), 0.05);
        assertEquals(1.0, p.get(1, 0), 0.05);
    }

    @Test
    void readmeLinearRegression() {
        Tensor xs = Tensor.of(new float[] {-1, 0, 1, 2, 3, 4}, 6, 1);
        Tensor ys = Tensor.of(new float[] {-3, -1, 1, 3, 5, 7}, 6, 1);
        Model model = Model.sequential(new Dense(1)).inputShape(1);
        model.compile("sgd", "mean_squared_error");
        model.fit(xs, ys, Fit.epochs(500).verbose(0));
        assertEquals(19.0, model.predict(Tensor.of(new float[] {10}, 1, 1)).item(), 0.05);
    }

    @Test
    void classifierReachesHighAccuracyWithValidationSplit() {
        Tensor[] d = TrainData.blobs(300, 2);
        Model model = Model.sequential(new Dense(16, "relu"), new Dense(3, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        History h = model.fit(d[0], d[1], Fit.epochs(30).batchSize(16).validationSplit(0.2).seed(3).verbose(0));
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr"), List.copyOf(h.keys()));
        assertEquals(30, h.size());
        assertTrue(h.last("accuracy") > 0.95, "accuracy " + h.last("accuracy"));
        assertTrue(h.last("val_accuracy") > 0.95, "val_accuracy " + h.last("val_accuracy"));
        assertTrue(h.last("loss") < h.get("loss").get(0));
        assertEquals(0.001, h.last("lr"), 1e-12);
        Map<String, Double> scores = model.evaluate(d[0], d[1]);
        assertEquals(List.of("loss", "accuracy"), List.copyOf(scores.keySet()));
        assertTrue(scores.get("accuracy") > 0.95);
        Tensor p = model.predict(d[0]);
        assertArrayEquals(new int[] {300, 3}, p.shape());
        assertEquals(1.0, p.narrow(0, 0, 1).sum().item(), 1e-5, "softmax rows sum to 1");
    }

    @Test
    void validationSplitTakesTheLastExamplesLikeKeras() {
        Tensor[] d = TrainData.linear(50, 4);
        Model model = Model.sequential(new Dense(1));
        model.compile("sgd", "mse");
        int[] sizes = new int[2];
        model.fit(d[0], d[1], Fit.epochs(1).batchSize(8).validationSplit(0.2).verbose(0).callbacks(new Callback() {
            @Override
            public void onTrainBegin(Model m, FitParams p) {
                sizes[0] = p.samples();
                sizes[1] = p.validationSamples();
                assertEquals(5, p.stepsPerEpoch());
            }
        }));
        assertArrayEquals(new int[] {40, 10}, sizes);
        // val_loss equals evaluate on the last 10 examples after training
        Model m2 = Model.sequential(new Dense(1));
        m2.compile("sgd", "mse");
        History h = m2.fit(d[0], d[1], Fit.epochs(2).batchSize(8).validationSplit(0.2).verbose(0));
        double expected = m2.evaluate(d[0].narrow(0, 40, 10), d[1].narrow(0, 40, 10)).get("loss");
        assertEquals(expected, h.last("val_loss"), 1e-6);
    }

    @Test
    void validationDataAndDataLoaderFit() {
        Tensor[] d = TrainData.blobs(120, 5);
        Tensor[] v = TrainData.blobs(30, 6);
        Model model = Model.sequential(new Dense(8, "tanh"), new Dense(3));
        model.compile(params -> new SGD(params, 0.1), new CrossEntropyLoss(), "accuracy", "top2");
        DataLoader loader = new DataLoader(new TensorDataset(d[0], d[1]), 10, true, 1, false);
        History h = model.fit(loader, Fit.epochs(15).validationData(new DataLoader(new TensorDataset(v[0], v[1]), 7)).verbose(0));
        assertEquals(List.of("loss", "accuracy", "top2", "val_loss", "val_accuracy", "val_top2", "lr"), List.copyOf(h.keys()));
        assertTrue(h.last("val_accuracy") > 0.9, h.toString());
        assertEquals(1.0, h.last("val_top2"), 0.05);
        History h2 = model.fit(d[0], d[1], Fit.epochs(1).validationData(v[0], v[1]).verbose(0));
        assertTrue(h2.has("val_loss"));
    }

    @Test
    void sameSeedSameWeights() {
        Tensor[] d = TrainData.blobs(90, 7);
        float[][] w = new float[2][];
        for (int run = 0; run < 2; run++) {
            Tensor.manualSeed(11);
            Model m = Model.sequential(new Dense(5, "relu"), new Dense(3, "softmax"));
            m.compile("adam", "sparse_categorical_crossentropy");
            m.fit(d[0], d[1], Fit.epochs(3).batchSize(8).seed(9).verbose(0));
            w[run] = m.module().namedParameters().get("1.weight").toFloatArray();
        }
        assertArrayEquals(w[0], w[1]);
    }

    @Test
    void softmaxShortcutComputesTheSameLossAsProbabilities() {
        Tensor[] d = TrainData.blobs(30, 8);
        Model m = Model.sequential(new Dense(3, "softmax")).inputShape(2);
        m.compile("sgd", "sparse_categorical_crossentropy");
        double viaLogits = m.evaluate(d[0], d[1], 30).get("loss");
        Tensor probs = m.predict(d[0]);
        double byHand = 0;
        for (int i = 0; i < 30; i++) byHand -= Math.log(probs.get(i, (int) d[1].get(i)));
        assertEquals(byHand / 30, viaLogits, 1e-5);
        // categorical_crossentropy with one-hot targets gives the same number
        m.compile("sgd", "categorical_crossentropy");
        assertEquals(viaLogits, m.evaluate(d[0], d[1].oneHot(3).to(DType.FLOAT32), 30).get("loss"), 1e-5);
    }

    @Test
    void binaryClassifierWithSigmoid() {
        Tensor[] d = TrainData.blobs(200, 9);
        // class 0 against the rest, labels as floats [n]
        Tensor y = d[1].eq(0).to(DType.FLOAT32);
        Model m = Model.sequential(new Dense(8, "relu"), new Dense(1, "sigmoid"));
        m.compile("adam", "binary_crossentropy", "accuracy", "auc");
        History h = m.fit(d[0], y, Fit.epochs(40).batchSize(16).verbose(0));
        assertTrue(h.last("accuracy") > 0.95, h.toString());
        assertTrue(h.last("auc") > 0.98, h.toString());
        Tensor p = m.predict(d[0]);
        assertTrue(p.min().item() >= 0 && p.max().item() <= 1);
    }

    @Test
    void bceWithLogitsMovesTheAccuracyThresholdToZero() {
        Tensor[] d = TrainData.blobs(120, 10);
        Tensor y = d[1].eq(0).to(DType.FLOAT32).reshape(120, 1);
        Model m = Model.sequential(new Dense(8, "relu"), new Dense(1));
        m.compile("adam", "bce_with_logits", "accuracy");
        History h = m.fit(d[0], y, Fit.epochs(40).batchSize(16).verbose(0));
        assertTrue(h.last("accuracy") > 0.95, h.toString());
    }

    @Test
    void probabilityLossRejectsLogitsWithAHint() {
        Tensor[] d = TrainData.blobs(12, 11);
        Model m = Model.sequential(new Dense(3)).inputShape(2);
        m.compile("sgd", "sparse_categorical_crossentropy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(d[0], d[1], Fit.epochs(1).verbose(0)));
        assertTrue(e.getMessage().contains("takes probabilities"), e.getMessage());
        assertTrue(e.getMessage().contains("cross_entropy"), e.getMessage());
    }

    @Test
    void trainOnBatchAndMetricsOnRegression() {
        Tensor[] d = TrainData.linear(64, 12);
        Model m = Model.sequential(new Dense(4, "relu"), new Dense(1));
        m.compile("adam", new MSELoss(), "mae", "rmse");
        Map<String, Double> r = m.trainOnBatch(d[0], d[1]);
        assertEquals(List.of("loss", "mae", "rmse"), List.copyOf(r.keySet()));
        // the loss is MSE, so rmse^2 = loss on the same batch
        assertEquals(r.get("loss"), r.get("rmse") * r.get("rmse"), 1e-4);
        // targets given as [n] are matched to the [n, 1] output
        Map<String, Double> e = m.evaluate(d[0], d[1].reshape(64));
        assertEquals(m.evaluate(d[0], d[1]).get("loss"), e.get("loss"), 1e-9);
    }

    @Test
    void namesAreLookedUpAndUnknownNamesListTheKnownOnes() {
        Model m = Model.sequential(new Dense(2));
        for (String opt : List.of("sgd", "adam", "adamw", "rmsprop", "adagrad", "SGD")) {
            for (String loss : List.of("mse", "mae", "huber", "categorical_crossentropy", "sparse_categorical_crossentropy",
                    "binary_crossentropy", "cross_entropy")) {
                m.compile(opt, loss, "accuracy", "mae", "mse", "precision", "recall", "f1", "auc", "top3");
                assertEquals(loss, m.lossName());
            }
        }
        var e1 = assertThrows(IllegalArgumentException.class, () -> m.compile("adamax", "mse"));
        assertTrue(e1.getMessage().contains("unknown optimizer \"adamax\"") && e1.getMessage().contains("rmsprop"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> m.compile("sgd", "kld"));
        assertTrue(e2.getMessage().contains("unknown loss \"kld\"") && e2.getMessage().contains("sparse_categorical_crossentropy"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> m.compile("sgd", "mse", "accurracy"));
        assertTrue(e3.getMessage().contains("accurracy") && e3.getMessage().contains("accuracy"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> m.compile("sgd", "mse", "mae", "mae"));
        assertTrue(e4.getMessage().contains("\"mae\""), e4.getMessage());
        var e5 = assertThrows(IllegalArgumentException.class, () -> new Dense(3, "swishy"));
        assertTrue(e5.getMessage().contains("relu"), e5.getMessage());
    }

    @Test
    void everyNamedOptimizerTrains() {
        Tensor[] d = TrainData.linear(128, 14);
        for (String opt : List.of("sgd", "adam", "adamw", "rmsprop", "adagrad")) {
            Tensor.manualSeed(1);
            Model m = Model.sequential(new Dense(1));
            m.compile(opt, "mse");
            History h = m.fit(d[0], d[1], Fit.epochs(5).batchSize(16).verbose(0));
            assertTrue(h.last("loss") < h.get("loss").get(0), opt + ": " + h.get("loss"));
        }
    }

    @Test
    void activationsByKerasName() {
        Tensor z = Tensor.of(new float[] {-2, -0.5f, 0, 1.5f}, 1, 4);
        assertArrayEquals(new float[] {0, 0, 0, 1.5f}, Activation.of("relu").apply(z).toFloatArray());
        assertArrayEquals(new float[] {-0.4f, -0.1f, 0, 1.5f}, Activation.of("leaky_relu").apply(z).toFloatArray(), 1e-6f);
        assertEquals(1.0, Activation.of("softmax").apply(z).sum().item(), 1e-6);
        assertEquals(Math.tanh(1.5), Activation.of("TANH").apply(z).get(0, 3), 1e-6);
        assertEquals(1 / (1 + Math.exp(2)), Activation.of("sigmoid").apply(z).get(0, 0), 1e-6);
        assertEquals(Math.exp(-2) - 1, Activation.of("elu").apply(z).get(0, 0), 1e-6);
        assertEquals(1.5 * 0.9331928, Activation.of("gelu").apply(z).get(0, 3), 1e-5);
        assertSame(z, Activation.of(null).apply(z));
    }

    @Test
    void gradientClippingTamesAHugeLearningRate() {
        Tensor[] d = TrainData.linear(64, 15);
        d[1] = d[1].mul(100);   // large targets give large gradients
        Tensor.manualSeed(3);
        Model wild = Model.sequential(new Dense(1)).inputShape(2);
        wild.compile(p -> new SGD(p, 2.0), "mse");
        assertThrows(TrainingDivergedException.class, () -> wild.fit(d[0], d[1], Fit.epochs(20).batchSize(8).verbose(0)));
        Tensor.manualSeed(3);
        Model clipped = Model.sequential(new Dense(1)).inputShape(2);
        clipped.compile(p -> new SGD(p, 2.0), "mse");
        History h = clipped.fit(d[0], d[1], Fit.epochs(20).batchSize(8).clipGradNorm(1.0).verbose(0));
        assertTrue(h.get("loss").stream().allMatch(Double::isFinite), h.toString());
        assertTrue(h.last("loss") < h.get("loss").get(0), h.toString());
    }

    @Test
    void floatClassLabelsWorkWithSparseCrossEntropy() {
        Tensor[] d = TrainData.blobs(90, 16);
        Model m = Model.sequential(new Dense(3, "softmax"));
        m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        Tensor floatLabels = d[1].to(org.crema.DType.FLOAT32).reshape(90, 1);
        History h = m.fit(d[0], floatLabels, Fit.epochs(2).verbose(0));
        assertEquals(2, h.size());
        assertEquals(m.evaluate(d[0], d[1]).get("loss"), m.evaluate(d[0], floatLabels).get("loss"), 1e-6);
    }

    @Test
    void optimizerObjectNeedsABuiltModel() {
        Model lazy = Model.sequential(new Dense(1));
        SGD other = new SGD(Model.sequential(new Dense(1)).inputShape(2).parameters(), 0.1);
        var e = assertThrows(IllegalStateException.class, () -> lazy.compile(other, "mse"));
        assertTrue(e.getMessage().contains("inputShape"), e.getMessage());
        Model built = Model.sequential(new Dense(1)).inputShape(2);
        SGD sgd = new SGD(built.parameters(), 0.05);
        built.compile(sgd, "mse");
        assertSame(sgd, built.optimizer());
        Tensor[] d = TrainData.linear(64, 13);
        History h = built.fit(d[0], d[1], Fit.epochs(2).verbose(0));
        assertEquals(0.05, h.last("lr"), 1e-12);
    }

    @Test
    void badArgumentsAreNamed() {
        Model m = Model.sequential(new Dense(1));
        Tensor x = Tensor.zeros(10, 2), y = Tensor.zeros(9, 1);
        assertTrue(assertThrows(IllegalStateException.class, () -> m.fit(x, y)).getMessage().contains("compile"));
        m.compile("sgd", "mse");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.fit(x, y)).getMessage().contains("[10, 2]"));
        assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).validationSplit(1.0));
        assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).batchSize(0));
        Model built = Model.sequential(new Dense(1)).inputShape(3);
        var e = assertThrows(IllegalArgumentException.class, () -> built.predict(Tensor.zeros(4, 2)));
        assertTrue(e.getMessage().contains("[..., 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
    }
}
