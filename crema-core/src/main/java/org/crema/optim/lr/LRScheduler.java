package org.crema.optim.lr;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.optim.Optimizer;
import org.crema.optim.ParamGroup;

/**
 * Base of the epoch-based learning-rate schedules, as torch.optim.lr_scheduler.LRScheduler. Creating a schedule
 * performs its first step (epoch 0) and may already change the learning rate (e.g. {@link LinearLR} warm-up);
 * call {@link #step()} once per epoch after the optimizer's steps. The base learning rates are the groups'
 * {@code initial_lr}, recorded by the first schedule attached to the optimizer, so that several schedules
 * start from the same values. Where PyTorch defines a schedule recursively from the current learning rate,
 * so does Crema, which lets schedules be chained (each multiplies what the other left).
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     trainOneEpoch(model, opt);
 *     sched.step();
 * }
 * }</pre>
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    private final double[] baseLrs;
    private int lastEpoch = -1;
    private double[] lastLr;

    protected LRScheduler(Optimizer optimizer) {
        if (optimizer == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer is null");
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup g = groups.get(i);
            if (Double.isNaN(g.initialLr())) g.setInitialLr(g.lr());
            baseLrs[i] = g.initialLr();
        }
        lastLr = currentLrs();
    }

    /** Performs the first step (epoch 0); subclasses call it at the end of their constructor, once their fields are set. */
    protected final void initialStep() { step(); }

    /** Advances one epoch and sets the optimizer's learning rates. */
    public void step() {
        lastEpoch++;
        apply(computeLr());
    }

    /** Jumps to epoch and uses the closed form, as torch's {@code step(epoch)}; {@link SequentialLR} starts its schedules this way. */
    void stepTo(int epoch) {
        lastEpoch = epoch;
        apply(closedFormLr());
    }

    /** Undoes the epoch count of the construction step, as torch's SequentialLR does to the schedules it runs later. */
    void rewind() { lastEpoch--; }

    private void apply(double[] lrs) {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < lrs.length; i++) groups.get(i).setLr(lrs[i]);
        lastLr = lrs.clone();
    }

    /** The learning rates of {@link #lastEpoch()}, per group, computed from the groups' current rates where the schedule is recursive. */
    protected abstract double[] computeLr();

    /** The learning rates of {@link #lastEpoch()} from the base rates alone. */
    protected double[] closedFormLr() { return computeLr(); }

    /** The learning rates this schedule set last, per group. */
    public double[] getLastLr() { return lastLr.clone(); }

    /** The epoch of the last step (0 right after construction). */
    public int lastEpoch() { return lastEpoch; }

    protected double[] baseLrs() { return baseLrs.clone(); }

    protected double[] currentLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) lrs[i] = groups.get(i).lr();
        return lrs;
    }

    /** The schedule's counters as flat names and FLOAT64 tensors: {@code last_epoch}, {@code base_lrs}, {@code last_lr}, and any of the subclass's. */
    public Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_epoch", Tensor.scalar(lastEpoch, DType.FLOAT64));
        out.put("base_lrs", Tensor.of(baseLrs.clone(), baseLrs.length));
        out.put("last_lr", Tensor.of(lastLr.clone(), lastLr.length));
        saveExtra(out);
        return out;
    }

    /** Restores counters saved by {@link #stateDict()} (the optimizer's learning rates come from its own state dict). */
    public void loadStateDict(Map<String, Tensor> state) {
        String name = getClass().getSimpleName();
        double epoch = scalar(name, state, "last_epoch");
        double[] base = vector(name, state, "base_lrs", baseLrs.length);
        double[] last = vector(name, state, "last_lr", baseLrs.length);
        loadExtra(state);
        lastEpoch = (int) epoch;
        System.arraycopy(base, 0, baseLrs, 0, base.length);
        lastLr = last;
    }

    /** Adds subclass counters to a state dict. */
    protected void saveExtra(Map<String, Tensor> out) {}

    /** Reads subclass counters; validate everything before changing anything. */
    protected void loadExtra(Map<String, Tensor> state) {}

    static double scalar(String owner, Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null) throw new IllegalArgumentException(owner + ".loadStateDict: missing key '" + key + "'; it has " + state.keySet());
        if (t.numel() != 1) {
            throw new IllegalArgumentException(owner + ".loadStateDict: '" + key + "' must be a scalar, got shape " + Arrays.toString(t.shape()));
        }
        return t.item();
    }

    static double[] vector(String owner, Map<String, Tensor> state, String key, int n) {
        Tensor t = state.get(key);
        if (t == null) throw new IllegalArgumentException(owner + ".loadStateDict: missing key '" + key + "'; it has " + state.keySet());
        if (t.dim() != 1 || t.size(0) != n) {
            throw new IllegalArgumentException(owner + ".loadStateDict: '" + key + "' must have shape [" + n + "] (one value per param group), got "
                    + Arrays.toString(t.shape()));
        }
        return t.toDoubleArray();
    }
}
