/**
 * Dataset file readers producing plain Java arrays, shaped for {@code Tensor.of(data, shape)}.
 *
 * <ul>
 *   <li>{@link org.crema.data.io.IdxReader}: IDX files (MNIST, Fashion-MNIST), raw or gzip;
 *       {@link org.crema.data.io.MnistFiles}, {@link org.crema.data.io.Mnist} and
 *       {@link org.crema.data.io.FashionMnist} find and load the four files of such a dataset.
 *   <li>{@link org.crema.data.io.Cifar10Reader}: the CIFAR-10 binary batches, as NCHW floats.
 *   <li>{@link org.crema.data.io.CsvReader}: delimited text to a feature matrix plus labels.
 * </ul>
 *
 * <p><b>Errors.</b> Every reader reports every problem as a
 * {@link org.crema.data.io.CremaDataException} (an {@link java.io.IOException}) whose message
 * names the file and what is wrong; nothing else escapes for bad input, and no reader returns a
 * partial dataset. Headers are checked against the bytes actually available before any
 * allocation they would drive. Trailing bytes after the declared data are an error in IDX and
 * CIFAR-10 files. Caller mistakes independent of any file are {@link IllegalArgumentException}s.
 */
package org.crema.data.io;
