package org.crema.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.data.DataLoader;
import org.crema.data.TensorDataset;
import org.crema.io.Checkpoint;
import org.crema.io.ModelFile;
import org.crema.io.SavedModel;
import org.crema.nn.Module;
import org.crema.nn.Sequential;
import org.crema.optim.ClipGrad;
import org.crema.optim.Optimizer;

/**
 * A Keras-style model around a {@link Module}: compile with an optimizer, a loss and metrics (objects or
 * Keras names), then fit, evaluate and predict.
 *
 * <pre>{@code
 * Model model = Model.sequential(new Dense(10, "relu"), new Dense(1));
 * model.compile("adam", "mse", "mae");
 * History h = model.fit(x, y, Fit.epochs(20).batchSize(32).validationSplit(0.2));
 * Tensor yHat = model.predict(xNew);
 * }</pre>
 *
 * <p>Layers that learn their input size from data ({@link Dense}) are built by {@link #inputShape} or by
 * the first batch of {@code fit}. A named optimizer (or an {@link OptimizerFactory}) is created once the
 * parameters exist; an {@link Optimizer} object needs a built model, since it holds the parameters.
 */
public class Model {
    static {
        Dense.registerFormat(); // so that load() reads files with Dense layers before any Dense was made
    }

    private final Module module;
    private int[] inputShape;
    private OptimizerFactory optimizerFactory;
    private Optimizer optimizer;
    private CompiledLoss loss;
    private CompiledMetrics metrics;
    private volatile boolean stopTraining;
    private double clipGradNorm = Double.POSITIVE_INFINITY;

    protected Model(Module module) {
        if (module == null) throw new IllegalArgumentException("Model: module must not be null");
        this.module = module;
    }

    /** A model whose layers run one after the other ({@link Sequential}). */
    public static Model sequential(Module... layers) {
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == null) throw new IllegalArgumentException("Model.sequential: layer " + i + " is null");
        }
        return new Model(new Sequential(layers));
    }

    /** Wraps any module (a {@link Sequential} is shown layer by layer in {@link #summary()}). */
    public static Model of(Module module) { return new Model(module); }

    public Module module() { return module; }

    /** The layers run in order: a Sequential's children, otherwise the module itself. */
    public List<Module> layers() { return module instanceof Sequential ? module.children() : List.of(module); }

    public List<Tensor> parameters() { return module.parameters(); }

    // ------------------------------------------------------------------ building

    /**
     * Declares the shape of one example (without the batch dim) and builds every layer now, as Keras'
     * {@code input_shape}. Returns this.
     */
    public Model inputShape(int... shape) {
        build(shape);
        return this;
    }

    /** The shape of one example, or null while unknown. */
    public int[] inputShape() { return inputShape == null ? null : inputShape.clone(); }

    /** Builds the layers with a dry run of one zero example of this shape (no gradients, eval mode). */
    public Model build(int... shape) {
        if (shape == null || shape.length == 0) throw new IllegalArgumentException("Model.build: give the shape of one example, e.g. inputShape(784)");
        for (int s : shape) {
            if (s <= 0) throw new IllegalArgumentException("Model.inputShape: sizes must be positive, got " + Arrays.toString(shape));
        }
        int[] batch = new int[shape.length + 1];
        batch[0] = 1;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        dryRun(Tensor.zeros(dtypeOfParameters(), batch));
        inputShape = shape.clone();
        return this;
    }

    /** True once every layer has its parameters. */
    public boolean isBuilt() { return !hasUnbuilt(module); }

    private static boolean hasUnbuilt(Module m) {
        if (m instanceof Dense d && !d.isBuilt()) return true;
        for (Module c : m.children()) if (hasUnbuilt(c)) return true;
        return false;
    }

    private DType dtypeOfParameters() {
        List<Tensor> ps = module.parameters();
        return ps.isEmpty() ? DType.FLOAT32 : ps.get(0).dtype();
    }

    /** Runs a forward in eval mode without gradients (builds lazy layers) and restores the mode. */
    private Tensor dryRun(Tensor x) {
        boolean wasTraining = module.isTraining();
        module.eval();
        try (var g = Tensor.noGrad()) {
            return module.forward(x);
        } finally {
            module.train(wasTraining);
        }
    }

    /** Builds from the first example of real data when the input shape was not given. */
    void ensureBuilt(Tensor batchX) {
        if (inputShape == null && batchX.dim() >= 1 && batchX.size(0) > 0) {
            if (!isBuilt()) dryRun(batchX.narrow(0, 0, 1));
            int[] s = batchX.shape();
            inputShape = Arrays.copyOfRange(s, 1, s.length);
        }
    }

    // ------------------------------------------------------------------ compile

    /**
     * Chooses the optimizer ("sgd", "adam", "adamw", "rmsprop", "adagrad" with Keras' default learning
     * rates, an {@link Optimizer} or an {@link OptimizerFactory}), the loss ("mse", "mae", "huber",
     * "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy", "cross_entropy",
     * "nll_loss", "bce_with_logits", or an {@code org.crema.nn.Loss}) and the metrics (any name
     * {@link org.crema.metrics.Metrics#byName} knows, or {@link org.crema.metrics.Metric} objects).
     * Returns this.
     */
    public Model compile(Object optimizer, Object loss, Object... metrics) {
        CompiledLoss l = CompiledLoss.of(loss);
        CompiledMetrics m = CompiledMetrics.of(metrics == null ? new Object[0] : metrics, l);
        switch (optimizer) {
            case String name -> setOptimizer(OptimizerNames.byName(name), null);
            case OptimizerFactory f -> setOptimizer(f, null);
            case Optimizer o -> {
                if (!isBuilt()) {
                    throw new IllegalStateException("compile: the model's layers do not know their input size yet, so an optimizer"
                            + " object cannot hold their parameters; call inputShape(...) first, or pass a name (\"adam\") or a"
                            + " factory (params -> new Adam(params, 1e-3))");
                }
                setOptimizer(null, o);
            }
            case null -> throw new IllegalArgumentException("compile: optimizer is null");
            default -> throw new IllegalArgumentException("compile: optimizer must be a name (" + String.join(", ", OptimizerNames.NAMES)
                    + "), an org.crema.optim.Optimizer or an OptimizerFactory, got " + optimizer.getClass().getName());
        }
        this.loss = l;
        this.metrics = m;
        return this;
    }

    /** As {@link #compile(Object, Object, Object...)} with an optimizer made once the parameters exist. */
    public Model compile(OptimizerFactory optimizer, Object loss, Object... metrics) {
        return compile((Object) optimizer, loss, metrics);
    }

    private void setOptimizer(OptimizerFactory f, Optimizer o) {
        this.optimizerFactory = f;
        this.optimizer = o;
    }

    public boolean isCompiled() { return loss != null; }

    /** The optimizer, created now from a name or factory if the model is built (null before that). */
    public Optimizer optimizer() {
        if (optimizer == null && optimizerFactory != null && isBuilt()) ensureOptimizer();
        return optimizer;
    }

    Optimizer ensureOptimizer() {
        if (optimizer == null) {
            List<Tensor> ps = module.parameters();
            if (ps.isEmpty()) throw new IllegalStateException("Model: the model has no trainable parameters");
            optimizer = optimizerFactory.create(ps);
            if (optimizer == null) throw new IllegalStateException("Model: the optimizer factory returned null");
        }
        return optimizer;
    }

    /** The loss name as compiled (a Keras name, or the Loss object's description). */
    public String lossName() { return requireCompiled("lossName").name(); }

    /** The names under which the compiled metrics are logged. */
    public List<String> metricNames() {
        requireCompiled("metricNames");
        return metrics.names();
    }

    CompiledLoss compiledLoss() { return loss; }

    CompiledMetrics compiledMetrics() { return metrics; }

    private CompiledLoss requireCompiled(String op) {
        if (loss == null) {
            throw new IllegalStateException("Model." + op + ": compile the model first, e.g. model.compile(\"adam\", \"mse\")");
        }
        return loss;
    }

    // ------------------------------------------------------------------ training

    /** Trains on x and y with the default options (one epoch, batch size 32). */
    public History fit(Tensor x, Tensor y) { return fit(x, y, Fit.defaults()); }

    /** Trains on x and y (first dim = examples); see {@link Fit} for the options. */
    public History fit(Tensor x, Tensor y, Fit options) {
        requireCompiled("fit");
        checkPair("fit", x, y);
        int n = x.size(0);
        DataLoader val = null;
        Tensor xt = x, yt = y;
        if (options.validationSplit() > 0) {
            if (options.validationX() != null || options.validationLoader() != null) {
                throw new IllegalArgumentException("fit: give either validationSplit or validationData, not both");
            }
            int split = (int) (n * (1 - options.validationSplit()));
            if (split <= 0 || split >= n) {
                throw new IllegalArgumentException("fit: validationSplit " + options.validationSplit() + " of " + n
                        + " examples leaves " + split + " for training and " + (n - split) + " for validation; both need at least one");
            }
            xt = x.narrow(0, 0, split);
            yt = y.narrow(0, 0, split);
            val = new DataLoader(new TensorDataset(x.narrow(0, split, n - split), y.narrow(0, split, n - split)), options.batchSize());
        }
        DataLoader train = new DataLoader(new TensorDataset(xt, yt), options.batchSize(), options.shuffle(), options.seed(), false);
        return FitLoop.run(this, train, val == null ? validationLoader(options) : val, options);
    }

    /** Trains on a loader's batches with the default options (one epoch); the issue's {@code fit(dataLoader)}. */
    public History fit(DataLoader train) { return fit(train, Fit.defaults()); }

    /** Trains on a loader's batches ({@code Batch.x()} and {@code Batch.y()}). */
    public History fit(DataLoader train, Fit options) {
        requireCompiled("fit");
        if (options.validationSplit() > 0) {
            throw new IllegalArgumentException("fit: validationSplit needs tensors; with a DataLoader pass validationData(loader)");
        }
        return FitLoop.run(this, train, validationLoader(options), options);
    }

    private static DataLoader validationLoader(Fit options) {
        if (options.validationLoader() != null) return options.validationLoader();
        if (options.validationX() == null) return null;
        checkPair("fit validationData", options.validationX(), options.validationY());
        return new DataLoader(new TensorDataset(options.validationX(), options.validationY()), options.batchSize());
    }

    private static void checkPair(String op, Tensor x, Tensor y) {
        if (x == null || y == null) throw new IllegalArgumentException(op + ": x and y must not be null");
        if (x.dim() == 0 || y.dim() == 0 || x.size(0) != y.size(0)) {
            throw new IllegalArgumentException(op + ": x and y need the same number of examples (first dim), got x "
                    + Arrays.toString(x.shape()) + " and y " + Arrays.toString(y.shape()));
        }
        if (x.size(0) == 0) throw new IllegalArgumentException(op + ": no examples");
    }

    /** Asks a running fit to stop after the current batch (Keras' {@code model.stop_training = True}). */
    public void stopTraining() { stopTraining = true; }

    public boolean isStopTrainingRequested() { return stopTraining; }

    void clearStopTraining() { stopTraining = false; }

    /** The gradient-norm limit of the current fit (infinite: no clipping). */
    void clipGradNorm(double maxNorm) { this.clipGradNorm = maxNorm; }

    /** One optimizer step on one batch; returns that batch's loss and metrics. */
    public Map<String, Double> trainOnBatch(Tensor x, Tensor y) {
        requireCompiled("trainOnBatch");
        checkPair("trainOnBatch", x, y);
        ensureBuilt(x);
        ensureOptimizer();
        module.train();
        metrics.reset();
        Step s = step(x, y, true);
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        out.put("loss", s.loss());
        if (Double.isFinite(s.loss())) {
            metrics.update(s.output(), s.target());
            out.putAll(metrics.results(""));
        }
        metrics.reset();
        return out;
    }

    /** The result of one forward (and backward) pass: the loss value, detached outputs and adapted targets. */
    record Step(double loss, Tensor output, Tensor target) {}

    /**
     * Forward, loss and, when training, backward and an optimizer step. The optimizer step is skipped when the
     * loss is not finite so that the caller can diagnose the weights that produced it.
     */
    Step step(Tensor x, Tensor y, boolean training) {
        Tensor forLoss, output;
        Activation shortcut = loss.logitsActivation();
        Dense last = lastDense();
        boolean logits = false;
        if (training) optimizer.zeroGrad();
        if (shortcut != null && last != null && last.activation() == shortcut) {
            List<Module> ls = layers();
            // a Sequential of the same layers keeps its messages that name the failing layer
            Tensor h = ls.size() == 1 ? x : new Sequential(ls.subList(0, ls.size() - 1)).forward(x);
            forLoss = last.preActivation(h);
            logits = forLoss.dim() == 2;
            if (logits) {
                try (var g = Tensor.noGrad()) {
                    output = shortcut.apply(forLoss.detach());
                }
            } else {
                forLoss = shortcut.apply(forLoss);
                output = forLoss;
            }
        } else {
            forLoss = module.forward(x);
            output = forLoss;
        }
        Tensor l = logits ? loss.computeFromLogits(forLoss, y) : loss.compute(forLoss, y);
        double value = l.item();
        if (training && Double.isFinite(value)) {
            l.backward();
            if (clipGradNorm < Double.POSITIVE_INFINITY) ClipGrad.clipGradNorm(module.parameters(), clipGradNorm);
            optimizer.step();
        }
        return new Step(value, output.detach(), loss.adaptTarget(output, y));
    }

    private Dense lastDense() {
        if (!(module instanceof Sequential)) return null;
        List<Module> ls = module.children();
        return !ls.isEmpty() && ls.get(ls.size() - 1) instanceof Dense d ? d : null;
    }

    // ------------------------------------------------------------------ evaluation

    /** Loss and metrics over x and y (batches of 32), as Keras' evaluate(return_dict=True). */
    public Map<String, Double> evaluate(Tensor x, Tensor y) { return evaluate(x, y, 32); }

    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
        checkPair("evaluate", x, y);
        return evaluate(new DataLoader(new TensorDataset(x, y), batchSize).prefetch(0));
    }

    public Map<String, Double> evaluate(DataLoader data) {
        requireCompiled("evaluate");
        return evaluate(data, "");
    }

    /** Mean loss (weighted by batch size) and metrics over a loader, keys prefixed, in eval mode. */
    Map<String, Double> evaluate(DataLoader data, String prefix) {
        boolean wasTraining = module.isTraining();
        module.eval();
        metrics.reset();
        double sum = 0;
        long count = 0;
        try (var g = Tensor.noGrad()) {
            for (var b : data) {
                if (count == 0) ensureBuilt(b.x());
                Step s = step(b.x(), b.y(), false);
                int n = b.size();
                sum += s.loss() * n;
                count += n;
                if (Double.isFinite(s.loss())) metrics.update(s.output(), s.target());
            }
            LinkedHashMap<String, Double> out = new LinkedHashMap<>();
            out.put(prefix + "loss", sum / count);
            out.putAll(FitLoop.safeResults(metrics, prefix));
            return out;
        } finally {
            metrics.reset();
            module.train(wasTraining);
        }
    }

    /** The model's outputs for x, computed in batches of 32 in eval mode without gradients. */
    public Tensor predict(Tensor x) { return predict(x, 32); }

    public Tensor predict(Tensor x, int batchSize) {
        if (x == null || x.dim() == 0) throw new IllegalArgumentException("predict: x needs a first (examples) dim");
        if (batchSize <= 0) throw new IllegalArgumentException("predict: batchSize must be positive, got " + batchSize);
        boolean wasTraining = module.isTraining();
        module.eval();
        try (var g = Tensor.noGrad()) {
            List<Tensor> parts = new ArrayList<>();
            int n = x.size(0);
            for (int start = 0; start < n; start += batchSize) {
                parts.add(module.forward(x.narrow(0, start, Math.min(batchSize, n - start))));
            }
            if (parts.isEmpty()) throw new IllegalArgumentException("predict: x has no examples");
            return parts.size() == 1 ? parts.get(0) : Tensor.cat(0, parts.toArray(new Tensor[0]));
        } finally {
            module.train(wasTraining);
        }
    }

    /** The model applied to x with gradients (training mode as set on the module). */
    public Tensor forward(Tensor x) { return module.forward(x); }

    // ------------------------------------------------------------------ weights and learning rate

    /** A copy of every parameter and buffer, by state-dict name (Keras' get_weights). */
    public Map<String, Tensor> getWeights() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        try (var g = Tensor.noGrad()) {
            module.stateDict().forEach((k, v) -> out.put(k, v.detach().clone()));
        }
        return out;
    }

    /** Copies weights (from {@link #getWeights()} or a state dict) into the model. */
    public void setWeights(Map<String, Tensor> weights) { module.loadStateDict(weights); }

    /**
     * Saves the model in one file: its architecture, weights and input shape ({@link ModelFile}, written
     * atomically), as Keras' {@code model.save}. {@link #load} rebuilds a model that predicts identically.
     */
    public void save(Path file) throws IOException {
        ModelFile.save(module, file, inputShape == null ? new int[0] : inputShape);
    }

    /**
     * Reads a {@link #save} (or {@link ModelFile}) file: the rebuilt model with its weights and input shape,
     * not compiled (compile it to train or evaluate it further), as Keras' {@code load_model}.
     */
    public static Model load(Path file) throws IOException {
        SavedModel saved = ModelFile.read(file);
        Model m = new Model(saved.model());
        m.module.train();
        int[] shape = saved.inputShape();
        if (shape != null && shape.length > 0) m.inputShape = shape;
        return m;
    }

    /**
     * Saves the weights, the optimizer's state, the global generator's state and the 0-based epoch just
     * finished to one file, atomically ({@link org.crema.io.Checkpoint}).
     */
    public void saveCheckpoint(Path file, int epoch) throws IOException {
        if (epoch < 0) throw new IllegalArgumentException("saveCheckpoint: epoch must be >= 0, got " + epoch);
        Checkpoint.capture(module, optimizer(), Map.of(), epoch, 0, Map.of()).save(file);
    }

    /**
     * Restores a {@link #saveCheckpoint} file into this (built, compiled) model and its optimizer and
     * returns the epoch to continue from, for {@link Fit#initialEpoch}: with the same data, seed and thread
     * count the continued training gives the same weights as a run that never stopped. Learning-rate
     * schedules that keep state (org.crema.optim.lr) are not part of the file.
     */
    public int loadCheckpoint(Path file) throws IOException {
        if (!isBuilt()) {
            throw new IllegalStateException("loadCheckpoint: build the model first (inputShape(...)) so that its parameters exist");
        }
        Checkpoint ck = Checkpoint.load(file);
        ck.restore(module, optimizerFactory != null || optimizer != null ? ensureOptimizer() : null);
        return Math.toIntExact(ck.epoch() + 1);
    }

    /** The optimizer's learning rate. */
    public double getLr() {
        Optimizer o = optimizer();
        if (o == null) throw new IllegalStateException("Model.getLr: no optimizer yet (compile, and build or fit first)");
        return o.getLr();
    }

    public void setLr(double lr) {
        Optimizer o = optimizer();
        if (o == null) throw new IllegalStateException("Model.setLr: no optimizer yet (compile, and build or fit first)");
        o.setLr(lr);
    }

    // ------------------------------------------------------------------ summary

    /** Prints a Keras-style table of layers, output shapes and parameter counts, and returns it. */
    public String summary() { return summary(System.out); }

    public String summary(PrintStream out) {
        String s = Summary.of(this);
        out.println(s);
        return s;
    }

    @Override
    public String toString() { return "Model(" + module + ")"; }
}
