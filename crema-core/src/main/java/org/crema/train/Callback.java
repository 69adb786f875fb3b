package org.crema.train;

import java.util.Map;

/**
 * Hooks into {@link Model#fit}, as Keras callbacks. Every method has an empty default; implement the ones
 * you need. Epoch and step numbers are 0-based. A callback ends training early with
 * {@link Model#stopTraining()}; training then stops after the current batch.
 *
 * <p>Epoch logs hold {@code loss}, each metric, {@code val_loss} and {@code val_<metric>} when there is
 * validation data, and {@code lr}. Batch logs hold the running means of the current epoch so far.
 */
public interface Callback {
    default void onTrainBegin(Model model, FitParams params) {}

    default void onTrainEnd(Model model, History history) {}

    default void onEpochBegin(Model model, int epoch) {}

    default void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {}

    default void onBatchBegin(Model model, int step) {}

    /** Batch logs compute metric values only when read, so a callback that ignores them costs nothing. */
    default void onBatchEnd(Model model, int step, Map<String, Double> logs) {}
}
