package org.crema.io;

import java.util.Map;
import org.crema.nn.Module;

/**
 * What {@link ModelFile#read} returns: the rebuilt model (in eval mode) and the file's metadata.
 *
 * @param inputShape the input shape given when saving, without the batch dimension, or null
 * @param cremaVersion the Crema version that wrote the file
 * @param created when it was written (ISO-8601 UTC)
 * @param metadata the user's metadata (keys outside {@code crema.})
 */
public record SavedModel(Module model, int[] inputShape, String cremaVersion, String created, Map<String, String> metadata) {
    public SavedModel {
        inputShape = inputShape == null ? null : inputShape.clone();
        metadata = Map.copyOf(metadata);
    }

    @Override
    public int[] inputShape() { return inputShape == null ? null : inputShape.clone(); }
}
