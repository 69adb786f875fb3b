package org.crema.train;

import java.util.function.IntToDoubleFunction;

/**
 * Sets the optimizer's learning rate at the start of every epoch from a schedule, as Keras'
 * LearningRateScheduler: {@code new LearningRateScheduler(epoch -> 0.1 * Math.pow(0.5, epoch / 10))} or
 * {@code new LearningRateScheduler((epoch, lr) -> epoch < 5 ? lr : lr * 0.9)}. The rate used in each epoch
 * is logged as {@code lr}.
 */
public final class LearningRateScheduler implements Callback {
    /** The learning rate of an epoch (0-based), given the current one. */
    @FunctionalInterface
    public interface Schedule {
        double lr(int epoch, double currentLr);
    }

    private final Schedule schedule;

    public LearningRateScheduler(IntToDoubleFunction epochToLr) {
        this(adapt(epochToLr));
    }

    public LearningRateScheduler(Schedule schedule) {
        if (schedule == null) throw new IllegalArgumentException("LearningRateScheduler: schedule must not be null");
        this.schedule = schedule;
    }

    private static Schedule adapt(IntToDoubleFunction f) {
        if (f == null) throw new IllegalArgumentException("LearningRateScheduler: schedule must not be null");
        return (epoch, lr) -> f.applyAsDouble(epoch);
    }

    @Override
    public void onEpochBegin(Model model, int epoch) {
        double lr = schedule.lr(epoch, model.getLr());
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule gave lr = " + lr + " for epoch " + epoch
                    + "; it must be finite and >= 0");
        }
        model.setLr(lr);
    }
}
