package org.crema.train;

import java.util.Map;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;
import org.crema.optim.Optimizer;
import org.crema.optim.lr.LRScheduler;
import org.crema.optim.lr.ReduceLROnPlateau;

/**
 * Changes the optimizer's learning rate from epoch to epoch. Either a Keras schedule, called at the start
 * of every epoch: {@code new LearningRateScheduler(epoch -> 0.1 * Math.pow(0.5, epoch / 10))} or
 * {@code new LearningRateScheduler((epoch, lr) -> epoch < 5 ? lr : lr * 0.9)}; or an {@code org.crema.optim.lr}
 * schedule, stepped at the end of every epoch as in a PyTorch loop:
 * {@code LearningRateScheduler.of(opt -> new StepLR(opt, 10, 0.5))}, or
 * {@code LearningRateScheduler.onPlateau(opt -> new ReduceLROnPlateau(opt), "val_loss")} which feeds it the
 * monitored value. The factories receive the model's optimizer when training begins, so they also work for
 * models whose optimizer does not exist until the first batch. The rate of each epoch is logged as {@code lr}.
 */
public final class LearningRateScheduler implements Callback {
    /** The learning rate of an epoch (0-based), given the current one. */
    @FunctionalInterface
    public interface Schedule {
        double lr(int epoch, double currentLr);
    }

    private final Schedule schedule;
    private final Function<Optimizer, LRScheduler> schedulerFactory;
    private final Function<Optimizer, ReduceLROnPlateau> plateauFactory;
    private final String monitor;
    private Optimizer boundTo;
    private LRScheduler scheduler;
    private ReduceLROnPlateau plateau;

    public LearningRateScheduler(IntToDoubleFunction epochToLr) { this(adapt(epochToLr)); }

    public LearningRateScheduler(Schedule schedule) {
        this(nonNull(schedule), null, null, null);
    }

    private LearningRateScheduler(Schedule schedule, Function<Optimizer, LRScheduler> schedulerFactory,
                                  Function<Optimizer, ReduceLROnPlateau> plateauFactory, String monitor) {
        this.schedule = schedule;
        this.schedulerFactory = schedulerFactory;
        this.plateauFactory = plateauFactory;
        this.monitor = monitor;
    }

    /** An org.crema.optim.lr schedule made for the model's optimizer when training begins, stepped after each epoch. */
    public static LearningRateScheduler of(Function<Optimizer, LRScheduler> factory) {
        return new LearningRateScheduler(null, nonNull(factory), null, null);
    }

    /** An existing schedule (made for the model's optimizer), stepped after each epoch. */
    public static LearningRateScheduler of(LRScheduler scheduler) {
        nonNull(scheduler);
        return of(opt -> scheduler);
    }

    /** ReduceLROnPlateau made for the model's optimizer, stepped after each epoch with the monitored log value. */
    public static LearningRateScheduler onPlateau(Function<Optimizer, ReduceLROnPlateau> factory, String monitor) {
        if (monitor == null || monitor.isBlank()) throw new IllegalArgumentException("LearningRateScheduler.onPlateau: monitor must be a log key such as \"val_loss\"");
        return new LearningRateScheduler(null, null, nonNull(factory), monitor);
    }

    /** An existing ReduceLROnPlateau (made for the model's optimizer), stepped with the monitored log value. */
    public static LearningRateScheduler onPlateau(ReduceLROnPlateau plateau, String monitor) {
        nonNull(plateau);
        return onPlateau(opt -> plateau, monitor);
    }

    private static <T> T nonNull(T o) {
        if (o == null) throw new IllegalArgumentException("LearningRateScheduler: schedule must not be null");
        return o;
    }

    private static Schedule adapt(IntToDoubleFunction f) {
        nonNull(f);
        return (epoch, lr) -> f.applyAsDouble(epoch);
    }

    @Override
    public void onTrainBegin(Model model, FitParams params) {
        Optimizer opt = model.optimizer();
        // one schedule per optimizer: a second fit of the same model continues it, as a PyTorch loop would
        if (opt == boundTo) return;
        boundTo = opt;
        if (schedulerFactory != null) scheduler = schedulerFactory.apply(opt);
        if (plateauFactory != null) plateau = plateauFactory.apply(opt);
    }

    @Override
    public void onEpochBegin(Model model, int epoch) {
        if (schedule == null) return;
        double lr = schedule.lr(epoch, model.getLr());
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule gave lr = " + lr + " for epoch " + epoch
                    + "; it must be finite and >= 0");
        }
        model.setLr(lr);
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        if (scheduler != null) scheduler.step();
        if (plateau != null) {
            Double v = logs.get(monitor);
            if (v == null) {
                throw new IllegalArgumentException("LearningRateScheduler.onPlateau monitors \"" + monitor + "\" but the epoch logs have "
                        + logs.keySet() + (monitor.startsWith("val_") ? "; give fit validation data" : ""));
            }
            plateau.step(v);
        }
    }
}
