package org.crema.train;

/**
 * What a training run will do, given to {@link Callback#onTrainBegin} (Keras' {@code callback.params}).
 *
 * @param epochs          the epoch index training stops before (0-based; the progress shows "Epoch e+1/epochs")
 * @param initialEpoch    the first epoch index (non-zero when resuming)
 * @param stepsPerEpoch   batches per epoch
 * @param batchSize       examples per batch (the last batch may be smaller)
 * @param samples         training examples per epoch
 * @param validationSamples validation examples (0 without validation)
 * @param verbose         0 silent, 1 progress bar, 2 one line per epoch
 */
public record FitParams(int epochs, int initialEpoch, int stepsPerEpoch, int batchSize, int samples,
                        int validationSamples, int verbose) {}
