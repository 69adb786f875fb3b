package org.crema.train;

import java.util.Locale;
import java.util.Map;
import org.crema.Tensor;

/**
 * Stops training when a monitored quantity has stopped improving, as Keras' EarlyStopping: after each
 * epoch the value is compared with the best so far (an improvement must beat it by more than minDelta);
 * after {@code patience} epochs without one, training stops. With restoreBestWeights the model ends with
 * the weights of its best epoch, whether or not training stopped early.
 *
 * <pre>{@code new EarlyStopping("val_loss").patience(3).restoreBestWeights(true)}</pre>
 */
public final class EarlyStopping implements Callback {
    /** Whether smaller or larger is better; AUTO: larger for accuracy, AUC, precision, recall, F1, R², else smaller. */
    public enum Mode { AUTO, MIN, MAX }

    private final String monitor;
    private int patience;
    private double minDelta;
    private Mode mode = Mode.AUTO;
    private boolean restoreBestWeights;
    private Double baseline;
    private int startFromEpoch;
    private java.io.PrintStream log;

    private boolean maximize;
    private int wait;
    private double best;
    private int bestEpoch = -1;
    private int stoppedEpoch = -1;
    private Map<String, Tensor> bestWeights;

    /** Monitors val_loss with patience 0. */
    public EarlyStopping() { this("val_loss"); }

    public EarlyStopping(String monitor) {
        if (monitor == null || monitor.isBlank()) throw new IllegalArgumentException("EarlyStopping: monitor must be a log key such as \"val_loss\"");
        this.monitor = monitor;
    }

    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBestWeights) {
        this(monitor);
        patience(patience).minDelta(minDelta).restoreBestWeights(restoreBestWeights);
    }

    /** Epochs without improvement before stopping. */
    public EarlyStopping patience(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + epochs);
        this.patience = epochs;
        return this;
    }

    /** The least change that counts as an improvement (its sign is ignored). */
    public EarlyStopping minDelta(double delta) {
        if (!Double.isFinite(delta)) throw new IllegalArgumentException("EarlyStopping: minDelta must be finite, got " + delta);
        this.minDelta = Math.abs(delta);
        return this;
    }

    public EarlyStopping mode(Mode mode) {
        if (mode == null) throw new IllegalArgumentException("EarlyStopping: mode must not be null");
        this.mode = mode;
        return this;
    }

    public EarlyStopping restoreBestWeights(boolean on) {
        this.restoreBestWeights = on;
        return this;
    }

    /** Training also stops unless the monitored value beats this baseline within patience epochs. */
    public EarlyStopping baseline(double value) {
        this.baseline = value;
        return this;
    }

    /** Epochs to wait before monitoring starts (a warm-up). */
    public EarlyStopping startFromEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("EarlyStopping: startFromEpoch must be >= 0, got " + epoch);
        this.startFromEpoch = epoch;
        return this;
    }

    /** Prints when training stops and when the best weights are restored, as Keras' verbose=1 (off by default). */
    public EarlyStopping verbose(boolean on) {
        this.log = on ? System.out : null;
        return this;
    }

    public String monitor() { return monitor; }

    /** The 0-based epoch at which training was stopped, or -1 if it ran to the end. */
    public int stoppedEpoch() { return stoppedEpoch; }

    /** The 0-based epoch with the best monitored value, or -1 before any. */
    public int bestEpoch() { return bestEpoch; }

    public double best() { return best; }

    static boolean maximizes(String monitor) {
        String m = monitor.toLowerCase(Locale.ROOT);
        if (m.startsWith("val_")) m = m.substring(4);
        return m.contains("acc") || m.equals("auc") || m.contains("precision") || m.contains("recall")
                || m.startsWith("f1") || m.equals("r2") || m.contains("kappa");
    }

    @Override
    public void onTrainBegin(Model model, FitParams params) {
        maximize = mode == Mode.MAX || (mode == Mode.AUTO && maximizes(monitor));
        wait = 0;
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        bestEpoch = -1;
        stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        Double current = logs.get(monitor);
        if (current == null) {
            throw new IllegalArgumentException("EarlyStopping monitors \"" + monitor + "\" but the epoch logs have " + logs.keySet()
                    + (monitor.startsWith("val_") ? "; give fit validation data (Fit.validationSplit or validationData)" : ""));
        }
        if (epoch < startFromEpoch) return;
        if (restoreBestWeights && bestWeights == null) bestWeights = model.getWeights();
        wait++;
        if (improves(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) bestWeights = model.getWeights();
            if (baseline == null || improves(current, baseline)) wait = 0;
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model.stopTraining();
            if (log != null) log.println("Epoch " + (epoch + 1) + ": early stopping (" + monitor + " has not improved for " + wait + " epochs)");
        }
    }

    private boolean improves(double value, double reference) {
        return maximize ? value - minDelta > reference : value + minDelta < reference;
    }

    @Override
    public void onTrainEnd(Model model, History history) {
        if (restoreBestWeights && bestWeights != null) {
            if (log != null) log.println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
            model.setWeights(bestWeights);
        }
    }
}
