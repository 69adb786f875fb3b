/**
 * The kernels under the tensor ops: the {@link org.crema.backend.Backend} (Vector API or scalar), the shared
 * thread pool ({@link org.crema.backend.Parallel}) and the matrix products.
 *
 * <h2>Which matrix product to use</h2>
 * <ul>
 *   <li>{@link org.crema.backend.Gemm#sgemm} / {@link org.crema.backend.Gemm#dgemm}: the default, for any
 *       product of row-major operands (transposes as flags, alpha and beta, FLOAT32 or FLOAT64). It packs
 *       what its kernel needs on every call, chooses among a blocked kernel, a dot-product path for deep
 *       {@code A B^T} and a split of K, and splits large products over the pool.</li>
 *   <li>{@link org.crema.backend.PackedSgemm}: the same B (a weight) times many small A blocks, e.g. a
 *       recurrent weight at every timestep. B is packed once ({@code PackedSgemm.packB}) and A read in
 *       place, so a [64, 128] x [128, 512] step copies nothing; FLOAT32, {@code C = A B + beta C}. Every
 *       element is one fma chain over k ascending, so splitting the rows over calls or threads gives the
 *       same bits (the LSTM splits its batch between threads this way).</li>
 *   <li>{@link org.crema.backend.PanelSgemm}: {@code C = A^T B} where the code that produces A and B can
 *       write them straight into panel layout ({@code PanelSgemm.packRows}) while they are in cache, e.g.
 *       a weight gradient summed over all timesteps; the product then packs nothing. FLOAT32, C
 *       overwritten or accumulated in k blocks with the same bits as one product.</li>
 * </ul>
 * {@code Gemm.packB} / {@code Gemm.sgemmPacked} / {@code Gemm.dgemmPacked} and the {@code Backend} methods
 * of the same names are deprecated: kept for programs that call them, they copy op(B) and run
 * {@code sgemm}/{@code dgemm}.
 */
package org.crema.backend;
