package org.crema.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crema.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbacksTest {
    @TempDir
    Path dir;

    @BeforeEach
    void seed() { Tensor.manualSeed(42); }

    private static Model regression() {
        Model m = Model.sequential(new Dense(1)).inputShape(2);
        m.compile("sgd", "mse");
        return m;
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Tensor[] d = TrainData.linear(64, 1);
        Model m = regression();
        // a monitor that is best at epoch 1 (0-based) and then gets worse
        double[] script = {5, 1, 2, 3, 4, 5, 6, 7};
        List<Map<String, Tensor>> weightsPerEpoch = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) { weightsPerEpoch.add(model.getWeights()); }
        };
        EarlyStopping es = new EarlyStopping("scripted").patience(2).restoreBestWeights(true);
        Callback scripted = new Callback() {
            @Override
            public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
                var copy = new java.util.LinkedHashMap<>(logs);
                copy.put("scripted", script[epoch]);
                es.onEpochEnd(model, epoch, copy);
            }

            @Override
            public void onTrainBegin(Model model, FitParams p) { es.onTrainBegin(model, p); }

            @Override
            public void onTrainEnd(Model model, History h) { es.onTrainEnd(model, h); }
        };
        History h = m.fit(d[0], d[1], Fit.epochs(8).batchSize(16).verbose(0).callbacks(recorder, scripted));
        assertEquals(4, h.size(), "stops at epoch 3 (0-based): two epochs without improvement after the best");
        assertEquals(3, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
        assertEquals(1.0, es.best());
        Map<String, Tensor> now = m.getWeights();
        for (String k : now.keySet()) assertArrayEquals(weightsPerEpoch.get(1).get(k).toFloatArray(), now.get(k).toFloatArray(), k);
        assertFalse(java.util.Arrays.equals(weightsPerEpoch.get(3).get("0.weight").toFloatArray(), now.get("0.weight").toFloatArray()));
    }

    @Test
    void earlyStoppingOnRealValidationLoss() {
        Tensor[] d = TrainData.linear(100, 2);
        Model m = regression();
        EarlyStopping es = new EarlyStopping("val_loss", 2, 1e-3, true);
        History h = m.fit(d[0], d[1], Fit.epochs(500).batchSize(10).validationSplit(0.2).verbose(0).callbacks(es));
        assertTrue(h.size() < 500, "stopped early: " + h.size());
        double best = h.get("val_loss").stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double restored = m.evaluate(d[0].narrow(0, 80, 20), d[1].narrow(0, 80, 20)).get("loss");
        assertEquals(h.get("val_loss").get(es.bestEpoch()), restored, 1e-6);
        assertTrue(restored <= best + 1e-3);
    }

    @Test
    void readmeClassifier() throws IOException {
        Tensor.manualSeed(8);
        Tensor[] d = TrainData.blobs(200, 30);
        Tensor x = d[0], labels = d[1];
        Model clf = Model.sequential(new Dense(32, "relu"), new org.crema.nn.Dropout(0.2), new Dense(3, "softmax"));
        clf.compile("adam", "sparse_categorical_crossentropy", "accuracy", "top3");
        History h = clf.fit(x, labels, Fit.epochs(20).batchSize(16).validationSplit(0.1).seed(42).verbose(0).callbacks(
                new EarlyStopping("val_loss").patience(3).restoreBestWeights(true),
                new LearningRateScheduler(epoch -> epoch < 10 ? 1e-2 : 1e-3),
                new CsvLogger(dir.resolve("train.csv")),
                new ModelCheckpoint(dir.resolve("ckpt/best-{epoch:02d}-{val_accuracy:.3f}.safetensors").toString()).saveBestOnly(true)));
        String summary = clf.summary(new PrintStream(new ByteArrayOutputStream()));
        assertTrue(summary.contains("(None, 32)"), summary);
        Map<String, Double> test = clf.evaluate(x, labels);
        assertEquals(List.of("loss", "accuracy", "top3"), List.copyOf(test.keySet()));
        assertTrue(test.get("accuracy") > 0.9, test.toString());
        assertEquals(1.0, test.get("top3"));
        assertEquals(h.size() + 1, Files.readAllLines(dir.resolve("train.csv")).size());
        try (var files = Files.list(dir.resolve("ckpt"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("best-\\d\\d-\\d\\.\\d{3}\\.safetensors")));
        }
    }

    @Test
    void verboseCallbacksSayWhatTheyDo() {
        Tensor[] d = TrainData.linear(40, 12);
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        EarlyStopping es;
        ModelCheckpoint ck;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            // monitoring lr: constant, so it never improves after epoch 0
            es = new EarlyStopping("lr").mode(EarlyStopping.Mode.MIN).patience(1).restoreBestWeights(true).verbose(true);
            ck = new ModelCheckpoint(dir.resolve("v.safetensors").toString()).monitor("lr").mode(EarlyStopping.Mode.MIN)
                    .saveBestOnly(true).verbose(true);
        } finally {
            System.setOut(old);
        }
        regression().fit(d[0], d[1], Fit.epochs(5).verbose(0).callbacks(ck, es));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Epoch 1: saving model to " + dir.resolve("v.safetensors")), text);
        assertTrue(text.contains("Epoch 2: lr did not improve from 0.01"), text);
        assertTrue(text.contains("Epoch 2: early stopping (lr has not improved for 1 epochs)"), text);
        assertTrue(text.contains("Restoring model weights from the end of the best epoch: 1."), text);
        assertEquals(1, es.stoppedEpoch());
    }

    @Test
    void earlyStoppingModeAndMissingMonitor() {
        assertTrue(EarlyStopping.maximizes("val_accuracy"));
        assertTrue(EarlyStopping.maximizes("auc"));
        assertFalse(EarlyStopping.maximizes("val_loss"));
        assertFalse(EarlyStopping.maximizes("mae"));
        Tensor[] d = TrainData.linear(20, 3);
        var e = assertThrows(IllegalArgumentException.class,
                () -> regression().fit(d[0], d[1], Fit.epochs(2).verbose(0).callbacks(new EarlyStopping("val_loss"))));
        assertTrue(e.getMessage().contains("val_loss") && e.getMessage().contains("validation"), e.getMessage());
    }

    @Test
    void learningRateScheduleIsAppliedAndLogged() {
        Tensor[] d = TrainData.linear(40, 4);
        Model m = regression();
        List<Double> seen = new ArrayList<>();
        Callback spy = new Callback() {
            @Override
            public void onBatchEnd(Model model, int step, Map<String, Double> logs) {
                if (step == 0) seen.add(model.getLr());
            }
        };
        History h = m.fit(d[0], d[1], Fit.epochs(4).verbose(0)
                .callbacks(new LearningRateScheduler(epoch -> 0.1 / (1 << epoch)), spy));
        assertEquals(List.of(0.1, 0.05, 0.025, 0.0125), h.get("lr"));
        assertEquals(h.get("lr"), seen);
        Model m2 = regression();
        History h2 = m2.fit(d[0], d[1], Fit.epochs(3).verbose(0)
                .callbacks(new LearningRateScheduler((epoch, lr) -> epoch == 0 ? lr : lr * 0.5)));
        assertEquals(List.of(0.01, 0.005, 0.0025), h2.get("lr"));
        assertThrows(IllegalArgumentException.class, () -> regression().fit(d[0], d[1],
                Fit.epochs(1).verbose(0).callbacks(new LearningRateScheduler(e -> Double.NaN))));
    }

    @Test
    void optimSchedulersAreSteppedAfterEachEpoch() {
        Tensor[] d = TrainData.linear(40, 4);
        Model m = Model.sequential(new Dense(1));   // not built: the optimizer appears when fit starts
        m.compile(p -> new org.crema.optim.SGD(p, 0.1), "mse");
        History h = m.fit(d[0], d[1], Fit.epochs(5).verbose(0)
                .callbacks(LearningRateScheduler.of(opt -> new org.crema.optim.lr.StepLR(opt, 2, 0.5))));
        List<Double> lr = h.get("lr");
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.025), lr);
        // a second fit continues the same schedule, as a PyTorch loop would
        LearningRateScheduler step = LearningRateScheduler.of(opt -> new org.crema.optim.lr.StepLR(opt, 1, 0.5));
        Model m2 = regression();
        m2.fit(d[0], d[1], Fit.epochs(2).verbose(0).callbacks(step));
        assertEquals(List.of(0.0025, 0.00125), m2.fit(d[0], d[1], Fit.epochs(2).verbose(0).callbacks(step)).get("lr"));
    }

    @Test
    void reduceLrOnPlateauFollowsTheMonitoredValue() {
        Tensor[] d = TrainData.linear(40, 5);
        Model m = regression();
        double[] script = {5, 4, 4, 4, 4, 4};
        LearningRateScheduler plateau = LearningRateScheduler.onPlateau(
                opt -> new org.crema.optim.lr.ReduceLROnPlateau(opt, "min", 0.5, 1, 1e-4, 0, 0), "score");
        Callback feed = new Callback() {
            @Override
            public void onTrainBegin(Model model, FitParams p) { plateau.onTrainBegin(model, p); }

            @Override
            public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
                var copy = new java.util.LinkedHashMap<>(logs);
                copy.put("score", script[epoch]);
                plateau.onEpochEnd(model, epoch, copy);
            }
        };
        History h = m.fit(d[0], d[1], Fit.epochs(6).verbose(0).callbacks(feed));
        // two epochs without improvement (patience 1) halve the rate: after epochs 3 and 5
        assertEquals(List.of(0.01, 0.01, 0.01, 0.01, 0.005, 0.005), h.get("lr"));
        var e = assertThrows(IllegalArgumentException.class, () -> regression().fit(d[0], d[1], Fit.epochs(1).verbose(0)
                .callbacks(LearningRateScheduler.onPlateau(opt -> new org.crema.optim.lr.ReduceLROnPlateau(opt), "val_loss"))));
        assertTrue(e.getMessage().contains("val_loss"), e.getMessage());
    }

    @Test
    void csvLoggerWritesAHeaderAndOneRowPerEpoch() throws IOException {
        Tensor[] d = TrainData.linear(40, 5);
        Model m = Model.sequential(new Dense(1)).inputShape(2);
        m.compile("sgd", "mse", "mae");
        Path csv = dir.resolve("logs/train.csv");
        History h = m.fit(d[0], d[1], Fit.epochs(3).validationSplit(0.25).verbose(0).callbacks(new CsvLogger(csv)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size());
        assertEquals("epoch,loss,mae,val_loss,val_mae,lr", lines.get(0));
        for (int e = 0; e < 3; e++) {
            String[] cells = lines.get(e + 1).split(",");
            assertEquals(Integer.toString(e), cells[0]);
            assertEquals(h.get("loss").get(e), Double.parseDouble(cells[1]));
            assertEquals(h.get("val_mae").get(e), Double.parseDouble(cells[4]));
            assertEquals(0.01, Double.parseDouble(cells[5]));
        }
        // append continues without a second header; a new logger without append replaces the file
        m.fit(d[0], d[1], Fit.epochs(1).validationSplit(0.25).verbose(0).callbacks(new CsvLogger(csv, ',', true)));
        assertEquals(5, Files.readAllLines(csv).size());
        m.fit(d[0], d[1], Fit.epochs(1).validationSplit(0.25).verbose(0).callbacks(new CsvLogger(csv, ';', false)));
        List<String> replaced = Files.readAllLines(csv);
        assertEquals(2, replaced.size());
        assertEquals("epoch;loss;mae;val_loss;val_mae;lr", replaced.get(0));
    }

    @Test
    void modelCheckpointFillsThePatternAndSavesOnlyImprovements() throws IOException {
        Tensor[] d = TrainData.linear(60, 6);
        Model m = regression();
        List<Path> written = new ArrayList<>();
        ModelCheckpoint.Writer writer = (model, path) -> {
            Files.writeString(path, model.getWeights().toString());
            written.add(path);
        };
        ModelCheckpoint every = new ModelCheckpoint(dir.resolve("ck/model-{epoch:02d}-{loss:.3f}.txt").toString(), writer);
        History h = m.fit(d[0], d[1], Fit.epochs(3).verbose(0).callbacks(every));
        assertEquals(3, every.saved().size());
        for (int e = 0; e < 3; e++) {
            String name = every.saved().get(e).getFileName().toString();
            assertEquals(String.format(java.util.Locale.ROOT, "model-%02d-%.3f.txt", e + 1, h.get("loss").get(e)), name);
            assertTrue(Files.size(every.saved().get(e)) > 0);
        }
        // save-best-only on a scripted monitor: improvements at epochs 0, 2 and 3
        double[] script = {3, 4, 2, 1, 1.5};
        ModelCheckpoint best = new ModelCheckpoint(dir.resolve("best-{epoch}.txt").toString(), writer).monitor("score").saveBestOnly(true);
        Callback feed = new Callback() {
            @Override
            public void onTrainBegin(Model model, FitParams p) { best.onTrainBegin(model, p); }

            @Override
            public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
                var copy = new java.util.LinkedHashMap<>(logs);
                copy.put("score", script[epoch]);
                best.onEpochEnd(model, epoch, copy);
            }
        };
        regression().fit(d[0], d[1], Fit.epochs(5).verbose(0).callbacks(feed));
        assertEquals(List.of("best-1.txt", "best-3.txt", "best-4.txt"),
                best.saved().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(1.0, best.best());
        var e = assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.format("m-{val_acc}.bin", 0, Map.of("loss", 1.0)));
        assertTrue(e.getMessage().contains("val_acc") && e.getMessage().contains("loss"), e.getMessage());
        assertEquals("m-007-0.50-1.2e-03", ModelCheckpoint.format("m-{epoch:03d}-{a:.2f}-{b:.1e}", 6, Map.of("a", 0.5, "b", 0.00123)));
    }

    @Test
    void defaultCheckpointWritesSafetensorsThatLoadBack() throws IOException {
        Tensor[] d = TrainData.linear(60, 6);
        Model m = regression();
        ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("w-{epoch}.safetensors").toString()).monitor("val_loss").saveBestOnly(true);
        m.fit(d[0], d[1], Fit.epochs(3).validationSplit(0.25).verbose(0).callbacks(ck));
        assertEquals(3, ck.saved().size(), "val_loss falls every epoch on this easy problem");
        Model fresh = Model.sequential(new Dense(1)).inputShape(2);
        org.crema.io.SafeTensors.load(fresh.module(), ck.saved().get(2));
        assertArrayEquals(m.predict(d[0]).toFloatArray(), fresh.predict(d[0]).toFloatArray());
    }

    @Test
    void trainingResumedFromACheckpointContinuesBitForBit() throws IOException {
        Tensor[] d = TrainData.blobs(96, 21);
        java.util.function.Supplier<Model> make = () -> {
            Model m = Model.sequential(new Dense(8, "relu"), new org.crema.nn.Dropout(0.3), new Dense(3, "softmax")).inputShape(2);
            m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
            return m;
        };
        Tensor.manualSeed(3);
        Model straight = make.get();
        History full = straight.fit(d[0], d[1], Fit.epochs(4).batchSize(16).seed(5).verbose(0));

        Tensor.manualSeed(3);
        Model first = make.get();
        ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("ck-{epoch}.safetensors").toString(), ModelCheckpoint.TRAINING_STATE);
        first.fit(d[0], d[1], Fit.epochs(2).batchSize(16).seed(5).verbose(0).callbacks(ck));

        Tensor.manualSeed(99);   // different initial weights and RNG state: all must come from the file
        Model resumed = make.get();
        int next = resumed.loadCheckpoint(ck.saved().get(1));
        assertEquals(2, next);
        History rest = resumed.fit(d[0], d[1], Fit.epochs(4).initialEpoch(next).batchSize(16).seed(5).verbose(0));
        assertEquals(full.get("loss").subList(2, 4), rest.get("loss"));
        Map<String, Tensor> a = straight.getWeights(), b = resumed.getWeights();
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
    }

    @Test
    void progressInPlainModeIsOneLinePerEpoch() {
        Tensor[] d = TrainData.linear(50, 7);
        Model m = Model.sequential(new Dense(1)).inputShape(2);
        m.compile("sgd", "mse", "mae");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(out, ProgressBar.Mode.LINES);
        assertFalse(bar.isLive());
        m.fit(d[0], d[1], Fit.epochs(3).batchSize(16).validationSplit(0.2).verbose(0).callbacks(bar));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"));
        String[] lines = text.split("\n");
        assertEquals(3, lines.length, text);
        for (int e = 0; e < 3; e++) {
            assertTrue(lines[e].matches("Epoch " + (e + 1) + "/3 - 3/3 - \\d+\\.\\ds \\d+(ms|us)/step - \\d+ samples/s - loss: \\d+\\.\\d{4}"
                    + " - mae: \\d+\\.\\d{4} - val_loss: \\d+\\.\\d{4} - val_mae: \\d+\\.\\d{4}"), lines[e]);
        }
    }

    @Test
    void progressOnATerminalRedrawsInPlace() {
        Tensor[] d = TrainData.linear(64, 8);
        Model m = Model.sequential(new Dense(1)).inputShape(2);
        m.compile("sgd", "mse");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), ProgressBar.Mode.BAR);
        m.fit(d[0], d[1], Fit.epochs(2).batchSize(16).verbose(0).callbacks(bar));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Epoch 1/2\n"), text);
        assertTrue(text.contains("\r4/4 [==============================] - "), text);
        assertTrue(text.contains("samples/s"), text);
        assertTrue(text.contains("Epoch 2/2\n"), text);
        assertEquals("[=======>......................]", ProgressBar.bar(1, 4));
        assertEquals("42s", ProgressBar.duration(42));
        assertEquals("0.4s", ProgressBar.duration(0.42));
        assertEquals("350us/step", ProgressBar.perStep(0.00035));
        assertEquals("12ms/step", ProgressBar.perStep(0.012));
        assertEquals("3:07", ProgressBar.duration(187));
        assertEquals("1:02:03", ProgressBar.duration(3723));
        assertEquals("1.2346e-05", ProgressBar.format(1.23456e-5));
        assertEquals("0.1235", ProgressBar.format(0.123456));
    }

    @Test
    void aCallbackCanStopTrainingMidEpoch() {
        Tensor[] d = TrainData.linear(64, 9);
        Model m = regression();
        int[] batches = {0};
        Callback stopper = new Callback() {
            @Override
            public void onBatchEnd(Model model, int step, Map<String, Double> logs) {
                batches[0]++;
                assertTrue(logs.containsKey("loss"));
                if (step == 1) model.stopTraining();
            }
        };
        History h = m.fit(d[0], d[1], Fit.epochs(5).batchSize(16).verbose(0).callbacks(stopper));
        assertEquals(2, batches[0]);
        assertEquals(1, h.size());
        // a later fit starts afresh
        assertEquals(2, m.fit(d[0], d[1], Fit.epochs(2).verbose(0)).size());
    }

    @Test
    void callbackOrderAndEpochNumbers() {
        Tensor[] d = TrainData.linear(20, 10);
        Model m = regression();
        List<String> events = new ArrayList<>();
        Callback log = new Callback() {
            public void onTrainBegin(Model model, FitParams p) { events.add("trainBegin " + p.epochs() + " " + p.stepsPerEpoch()); }
            public void onEpochBegin(Model model, int e) { events.add("epochBegin " + e); }
            public void onBatchBegin(Model model, int s) { events.add("batchBegin " + s); }
            public void onBatchEnd(Model model, int s, Map<String, Double> l) { events.add("batchEnd " + s); }
            public void onEpochEnd(Model model, int e, Map<String, Double> l) { events.add("epochEnd " + e); }
            public void onTrainEnd(Model model, History h) { events.add("trainEnd " + h.size()); }
        };
        History h = m.fit(d[0], d[1], Fit.epochs(3).initialEpoch(1).batchSize(10).verbose(0).callbacks(log));
        assertEquals(List.of("trainBegin 3 2", "epochBegin 1", "batchBegin 0", "batchEnd 0", "batchBegin 1", "batchEnd 1", "epochEnd 1",
                "epochBegin 2", "batchBegin 0", "batchEnd 0", "batchBegin 1", "batchEnd 1", "epochEnd 2", "trainEnd 2"), events);
        assertEquals(List.of(1, 2), h.epochs());
    }
}
