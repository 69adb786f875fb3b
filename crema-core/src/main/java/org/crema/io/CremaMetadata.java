package org.crema.io;

/**
 * The {@code __metadata__} keys Crema writes into its safetensors files. All start with {@code crema.},
 * which is reserved: user metadata may use any other key.
 */
public final class CremaMetadata {
    public static final String PREFIX = "crema.";
    /** What the file is: {@code model} (a {@link ModelFile}) or {@code checkpoint} (a {@link Checkpoint}). */
    public static final String FORMAT = "crema.format";
    /** The Crema version that wrote the file. */
    public static final String VERSION = "crema.version";
    /** When the file was written, ISO-8601 UTC. */
    public static final String CREATED = "crema.created";
    /** The model's architecture as JSON ({@link Architecture}). */
    public static final String ARCHITECTURE = "crema.architecture";
    /** The input shape the model was saved with, as a JSON array (e.g. {@code [1,28,28]}), or absent. */
    public static final String INPUT_SHAPE = "crema.input_shape";

    private CremaMetadata() {}
}
