package org.crema.contract;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crema.Tensor;
import org.crema.data.*;
import org.crema.io.*;
import org.crema.nn.*;
import org.crema.nn.Module;
import org.crema.optim.*;
import org.crema.optim.lr.*;
import org.crema.train.*;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of README.md, copied as it stands there (only the variables a snippet assumes are
 * declared around it, and file names are put under a temporary directory), compiled and run. When a
 * snippet changes in the README, change it here too. The one crema-plot line,
 * {@code Plots.trainingCurves(h.asMap(), path)}, is run by crema-plot's HistoryPlotTest.
 */
class ReadmeSnippetsTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void seed() { Tensor.manualSeed(0); }

    @Test
    void tensorsAndAutograd() {
        Tensor.manualSeed(0);
        Tensor w = Tensor.randn(3, 2).requiresGrad(true);
        Tensor x = Tensor.ones(4, 3);
        Tensor loss = x.matmul(w).relu().sum();
        loss.backward();
        System.out.println(w.grad());
        try (var g = Tensor.noGrad()) {
            w.sub_(w.grad().mul(0.1));     // in-place updates happen outside the graph
        }
        assertArrayEquals(new int[] {3, 2}, w.grad().shape());
    }

    @Test
    void convolution() {
        Module lenet = new Sequential(
                new Conv2d(3, 6, 5), new ReLU(), new MaxPool2d(2),      // pool stride defaults to the kernel size
                new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
                new Flatten(),                                           // [N, 16 * 5 * 5]
                new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10));
        Tensor logits = lenet.forward(Tensor.randn(4, 3, 32, 32));      // [4, 10]
        assertArrayEquals(new int[] {4, 10}, logits.shape());

        Conv2d c = new Conv2d(32, 64, new int[] {3, 1}, new int[] {1, 1}, new int[] {1, 0}, new int[] {1, 1}, 1, true);
        assertArrayEquals(new int[] {64, 32, 3, 1}, c.weight().shape());
        Tensor x = Tensor.randn(1, 2, 6, 6), weight = Tensor.randn(4, 2, 3, 3), bias = Tensor.randn(4);
        assertArrayEquals(new int[] {1, 4, 3, 3}, Functional.conv2d(x, weight, bias, 2, 1).shape());
        assertArrayEquals(new int[] {1, 4, 6, 6}, Functional.conv2d(x, weight, bias, 1, 1, 1, 1).shape());
        assertArrayEquals(new int[] {1, 2, 3, 3}, Functional.maxPool2d(x, 2, 2).shape());
        assertArrayEquals(new int[] {1, 2, 3, 3}, Functional.avgPool2d(x, 2).shape());
        assertArrayEquals(new int[] {1, 2, 2, 3}, Functional.adaptiveAvgPool2d(x, 2, 3).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(3, 6, 5).forward(Tensor.zeros(4, 1, 28, 28)));
        assertEquals("Conv2d(3, 6, kernel_size=(5, 5)): expected input [N, 3, H, W], got [4, 1, 28, 28]", e.getMessage());
    }

    private static Tensor images() { return Tensor.randn(20, 1, 4, 4); }

    private static Tensor labels() {
        long[] y = new long[20];
        for (int i = 0; i < y.length; i++) y[i] = i % 3;
        return Tensor.of(y, 20);
    }

    private static DataLoader dataSnippet(Tensor images, Tensor labels) {
        TensorDataset ds = new TensorDataset(images, labels);
        Subset[] parts = Splits.trainTestSplit(ds, 0.2, 42);
        DataLoader loader = new DataLoader(parts[0], 64, true, 42, false)   // shuffle with seed 42, keep last batch
                .transform(Transforms.normalize(new double[] {0.5}, new double[] {0.5}));
        for (Batch b : loader) { /* b.x(), b.y() */ }
        return loader;
    }

    @Test
    void data() {
        DataLoader loader = dataSnippet(images(), labels());
        int n = 0;
        for (Batch b : loader) n += b.size();
        assertEquals(16, n);
    }

    @Test
    void layers() {
        Tensor images = Tensor.randn(64, 1, 28, 28);
        Tensor labels = Tensor.randint(0, 10, 64);
        Tensor.manualSeed(42);               // layers initialise from the seeded global generator
        Sequential model = new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 10));
        Tensor logits = model.forward(images);                  // [64, 1, 28, 28] -> [64, 10]
        Tensor loss = Functional.crossEntropy(logits, labels);
        loss.backward();
        System.out.println(model);           // Sequential( (0): Flatten(...) (1): Linear(in_features=784, ...) ... )
        model.stateDict();                   // "1.weight", "1.bias", "3.weight", "3.bias": PyTorch's names
        assertEquals(List.of("1.weight", "1.bias", "3.weight", "3.bias"), List.copyOf(model.stateDict().keySet()));
        assertArrayEquals(new int[] {64, 10}, logits.shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sequential(new Linear(100, 128),
                new ReLU(), new Linear(128, 10)).forward(Tensor.zeros(64, 128)));
        assertTrue(e.getMessage().startsWith("Sequential layer 0 (Linear(in_features=100, out_features=128, bias=true)): expected input [..., 100]"),
                e.getMessage());
        Init.kaimingNormal(Tensor.zeros(4, 4), 0, Init.FanMode.FAN_OUT, "relu");
        assertEquals(Math.sqrt(2), Init.calculateGain("relu"), 1e-12);
    }

    @Test
    void optimizersAndSchedules() {
        Module model = new Sequential(new Flatten(), new Linear(16, 3));
        DataLoader loader = dataSnippet(images(), labels());
        Loss lossFn = new CrossEntropyLoss();
        int epochs = 2;

        Optimizer opt = new SGD(model.parameters(), 0.1, 0.9);          // or new Adam(model.parameters(), 1e-3)
        LRScheduler sched = new CosineAnnealingLR(opt, epochs);
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (Batch b : loader) {
                opt.zeroGrad();                                          // gradients to null (torch's set_to_none)
                Tensor loss = lossFn.forward(model.forward(b.x()), b.y());
                loss.backward();
                ClipGrad.clipGradNorm(model.parameters(), 1.0);          // optional
                opt.step();
            }
            sched.step();
        }

        List<Tensor> params = model.parameters();
        new Adam(params, new AdamOptions().lr(3e-4).amsgrad(true));
        new SGD(params, new SGD.Options().lr(0.1));
        Regularization.l2(params, 1e-4).backward();
        Regularization.l1(params, 1e-4).backward();
        Module head = new Linear(3, 2);
        Optimizer adam = new Adam(model.parameters(), 1e-3);
        adam.addParamGroup(head.parameters(), Map.of("lr", 0.01));
        adam.setLr(1, 0.02);
        assertEquals(0.02, adam.getLr(1), 0);
        model.forward(images()).sum().backward();
        adam.step();
        Map<String, Tensor> state = adam.stateDict();
        assertTrue(state.containsKey("state.0.exp_avg") && state.containsKey("state.0.step") && state.containsKey("param_groups.0.lr"),
                state.keySet().toString());
        adam.loadStateDict(state);
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(opt, "min", 0.1, 10, 1e-4, 0, 0);
        plateau.step(0.5);
        new SequentialLR(opt, List.of(new LinearLR(opt), new CosineAnnealingLR(opt, 10)), new int[] {5});
    }

    @Test
    void kerasLinearRegression() {
        Tensor xs = Tensor.of(new float[] {-1, 0, 1, 2, 3, 4}, 6, 1);
        Tensor ys = Tensor.of(new float[] {-3, -1, 1, 3, 5, 7}, 6, 1);
        Model model = Model.sequential(new Dense(1)).inputShape(1);
        model.compile("sgd", "mean_squared_error");
        model.fit(xs, ys, Fit.epochs(500).verbose(0));
        Tensor p = model.predict(Tensor.of(new float[] {10}, 1, 1));   // about 19
        assertEquals(19, p.item(), 0.5);
    }

    @Test
    void kerasClassifierWithCallbacks() throws Exception {
        Tensor x = Tensor.randn(40, 5), xTest = Tensor.randn(10, 5);
        Tensor labels = Tensor.randint(0, 10, 40), yTest = Tensor.randint(0, 10, 10);
        Path dir = tmp;

        Model clf = Model.sequential(new Dense(128, "relu"), new Dropout(0.2), new Dense(10, "softmax"));
        clf.compile("adam", "sparse_categorical_crossentropy", "accuracy", "top3");
        History h = clf.fit(x, labels, Fit.epochs(20).batchSize(64).validationSplit(0.1).seed(42).verbose(0).callbacks(
                new EarlyStopping("val_loss").patience(3).restoreBestWeights(true),
                new LearningRateScheduler(epoch -> epoch < 10 ? 1e-3 : 1e-4),
                new CsvLogger(dir.resolve("train.csv")),
                new ModelCheckpoint(dir + "/ckpt/best-{epoch:02d}-{val_accuracy:.3f}.safetensors").saveBestOnly(true)));
        clf.summary(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())); // layers, output shapes, parameter counts
        Map<String, Double> test = clf.evaluate(xTest, yTest);  // {loss=..., accuracy=..., top3=...}
        assertEquals(java.util.Set.of("loss", "accuracy", "top3"), test.keySet());
        assertTrue(h.asMap().containsKey("val_accuracy"));
        assertTrue(Files.exists(dir.resolve("train.csv")));

        Model model = Model.sequential(new Dense(16, "relu"), new Dense(10));
        model.compile(params -> new SGD(params, 0.1, 0.9), new CrossEntropyLoss(), "accuracy");
        Path path = dir.resolve("state.safetensors");
        model.fit(x, labels, Fit.epochs(1).verbose(0).callbacks(
                LearningRateScheduler.of(opt -> new StepLR(opt, 10, 0.5)),
                LearningRateScheduler.onPlateau(opt -> new ReduceLROnPlateau(opt), "loss"),
                new ModelCheckpoint(path.toString(), ModelCheckpoint.TRAINING_STATE)));
        model.fit(x, labels, Fit.epochs(2).verbose(0).initialEpoch(model.loadCheckpoint(path)));
        model.fit(new DataLoader(new TensorDataset(x, labels), 8), Fit.epochs(1).verbose(0));
        model.save(dir.resolve("model.crema"));
        Model again = Model.load(dir.resolve("model.crema"));
        assertArrayEquals(model.predict(xTest).toFloatArray(), again.predict(xTest).toFloatArray());
    }

    /** The README's example of a user-registered layer. */
    static final class Scale extends Module {
        private final double factor;

        Scale(double factor) { this.factor = factor; }

        double factor() { return factor; }

        @Override
        public Tensor forward(Tensor input) { return input.mul(factor); }
    }

    @Test
    void savingAndLoading() throws Exception {
        Module model = new Sequential(new Flatten(), new Linear(784, 10));
        Path file = tmp.resolve("mnist.safetensors");

        ModelFile.save(model, file, 1, 28, 28);   // input shape without the batch dim
        Module again = ModelFile.load(file);      // eval mode, predicts identically
        SavedModel info = ModelFile.read(file);   // + inputShape(), cremaVersion(), created()
        assertArrayEquals(new int[] {1, 28, 28}, info.inputShape());
        assertNotNull(info.cremaVersion());
        assertNotNull(info.created());
        Tensor x = Tensor.randn(2, 1, 28, 28);
        assertArrayEquals(model.forward(x).toFloatArray(), again.forward(x).toFloatArray());

        String json = Architecture.toJson(new Linear(784, 128));
        assertTrue(json.contains("\"type\":\"Linear\"") && json.contains("\"in_features\":784"), json);
        assertTrue(Architecture.fromJson(json) instanceof Linear);
        if (!Architecture.isRegistered(Scale.class)) {
            Architecture.register("Scale", Scale.class, m -> Map.of("factor", m.factor()), c -> new Scale(c.getDouble("factor")));
        }
        assertEquals(2.5, ((Scale) Architecture.fromJson(Architecture.toJson(new Scale(2.5)))).factor());
    }

    @Test
    void checkpointsAndSafeTensors() throws Exception {
        Path dir = tmp;
        Module model = new Linear(3, 2);
        Optimizer opt = new Adam(model.parameters(), 1e-3);
        LRScheduler scheduler = new StepLR(opt, 1);
        int epoch = 1;
        long step = 10;
        double valLoss = 0.5;

        var ckpts = new CheckpointRotation(dir, "run", 3, CheckpointRotation.Mode.MIN);   // last 3 + the best
        ckpts.save(Checkpoint.capture(model, opt, scheduler, epoch, step, Map.of()), valLoss);
        // after a crash:
        Checkpoint.load(ckpts.latest().orElseThrow()).restore(model, opt, scheduler);

        SafeTensors.save(model, dir.resolve("weights.safetensors"));   // model.stateDict()
        SafeTensors.load(model, dir.resolve("weights.safetensors"));   // every name and shape checked first
        Map<String, Tensor> all = SafeTensors.load(dir.resolve("weights.safetensors"));  // save_file output
        assertEquals(model.stateDict().keySet(), all.keySet());
    }
}
