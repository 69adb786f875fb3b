package org.crema.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crema.Tensor;
import org.crema.data.DataLoader;

/**
 * Options of {@link Model#fit}, Keras' keyword arguments as a small builder:
 * {@code model.fit(x, y, Fit.epochs(5).batchSize(32).validationSplit(0.2).callbacks(new EarlyStopping("val_loss")))}.
 *
 * <p>Defaults as Keras: 1 epoch, batch size 32, shuffled every epoch, no validation, verbose 1 (a live
 * progress bar on a terminal, one line per epoch otherwise); Crema adds a seed for the shuffle order (0)
 * and the NaN/Inf guard (on).
 */
public final class Fit {
    private int epochs = 1;
    private int initialEpoch;
    private int batchSize = 32;
    private boolean shuffle = true;
    private long seed;
    private double validationSplit;
    private Tensor validationX;
    private Tensor validationY;
    private DataLoader validationLoader;
    private final List<Callback> callbacks = new ArrayList<>();
    private int verbose = 1;
    private boolean nanGuard = true;
    private double clipGradNorm = Double.POSITIVE_INFINITY;

    private Fit() {}

    /** Options with every default and {@code n} epochs. */
    public static Fit epochs(int n) {
        Fit f = new Fit();
        if (n < 0) throw new IllegalArgumentException("Fit.epochs: must be >= 0, got " + n);
        f.epochs = n;
        return f;
    }

    /** Every default: one epoch. */
    public static Fit defaults() { return new Fit(); }

    /** Starts at this epoch index, as Keras' initial_epoch when resuming; epochs() stays the index to stop before. */
    public Fit initialEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("Fit.initialEpoch: must be >= 0, got " + epoch);
        this.initialEpoch = epoch;
        return this;
    }

    /** Examples per batch for fit(x, y) and for the validation data (a DataLoader keeps its own). */
    public Fit batchSize(int n) {
        if (n <= 0) throw new IllegalArgumentException("Fit.batchSize: must be positive, got " + n);
        this.batchSize = n;
        return this;
    }

    /** Reshuffle the training examples every epoch (fit(x, y) only; a DataLoader keeps its own setting). */
    public Fit shuffle(boolean on) {
        this.shuffle = on;
        return this;
    }

    /** Seed of the shuffle order: the same seed gives the same order in every epoch of every run. */
    public Fit seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Holds out the last fraction of x and y (before shuffling, as Keras) for validation.
     *
     * @throws IllegalArgumentException unless 0 &lt;= fraction &lt; 1
     */
    public Fit validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("Fit.validationSplit: must be in [0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    public Fit validationData(Tensor x, Tensor y) {
        if (x == null || y == null) throw new IllegalArgumentException("Fit.validationData: x and y must not be null");
        this.validationX = x;
        this.validationY = y;
        this.validationLoader = null;
        return this;
    }

    public Fit validationData(DataLoader loader) {
        if (loader == null) throw new IllegalArgumentException("Fit.validationData: loader must not be null");
        this.validationLoader = loader;
        this.validationX = null;
        this.validationY = null;
        return this;
    }

    /** Adds callbacks; they run in the order given. */
    public Fit callbacks(Callback... cbs) {
        for (Callback c : cbs) {
            if (c == null) throw new IllegalArgumentException("Fit.callbacks: null callback in " + Arrays.toString(cbs));
            callbacks.add(c);
        }
        return this;
    }

    /** 0 silent, 1 progress bar (in place on a terminal), 2 one line per epoch. */
    public Fit verbose(int level) {
        if (level < 0 || level > 2) throw new IllegalArgumentException("Fit.verbose: must be 0, 1 or 2, got " + level);
        this.verbose = level;
        return this;
    }

    /**
     * Stop with a {@link TrainingDivergedException} when the loss becomes NaN or infinite (on by default).
     * With the guard off such a batch is skipped (no update) and the epoch's loss is logged as NaN.
     */
    public Fit nanGuard(boolean on) {
        this.nanGuard = on;
        return this;
    }

    /**
     * Rescales the gradients before every optimizer step so that their global L2 norm is at most maxNorm
     * (torch's clip_grad_norm_, Keras' global_clipnorm). Off by default.
     */
    public Fit clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("Fit.clipGradNorm: maxNorm must be positive, got " + maxNorm);
        this.clipGradNorm = maxNorm;
        return this;
    }

    public int epochs() { return epochs; }

    public int initialEpoch() { return initialEpoch; }

    public int batchSize() { return batchSize; }

    public boolean shuffle() { return shuffle; }

    public long seed() { return seed; }

    public double validationSplit() { return validationSplit; }

    public Tensor validationX() { return validationX; }

    public Tensor validationY() { return validationY; }

    public DataLoader validationLoader() { return validationLoader; }

    public List<Callback> callbacks() { return List.copyOf(callbacks); }

    public int verbose() { return verbose; }

    public boolean nanGuard() { return nanGuard; }

    /** The gradient-norm limit, infinite when clipping is off. */
    public double clipGradNorm() { return clipGradNorm; }
}
