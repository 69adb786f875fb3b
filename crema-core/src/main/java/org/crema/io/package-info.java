/**
 * Saving and loading, built so that a crash never costs a user their model and a file never runs code.
 *
 * <ul>
 *   <li>{@link org.crema.io.ModelFile}: a whole model (architecture, weights, metadata) in one file;
 *       {@link org.crema.io.Architecture} maps modules to JSON through a registry of known types.
 *   <li>{@link org.crema.io.Checkpoint}: model, optimizer and scheduler state, epoch/step and RNG state, so
 *       training resumes bit for bit; {@link org.crema.io.CheckpointRotation} keeps the last N plus the best.
 *   <li>{@link org.crema.io.SafeTensors}: weights in the safetensors format, readable by PyTorch and the
 *       Hugging Face tools; loading validates the whole header before allocating anything.
 *   <li>{@link org.crema.io.AtomicFiles}: every save writes a temporary file in the same directory, syncs
 *       it and renames it over the old one.
 *   <li>{@link org.crema.io.Json}: the small, limit-checked JSON reader/writer the headers use.
 * </ul>
 *
 * <p>Malformed or mismatching content is reported as {@link org.crema.io.CremaFormatException} (unchecked);
 * real I/O failures stay {@link java.io.IOException}s.
 */
package org.crema.io;
