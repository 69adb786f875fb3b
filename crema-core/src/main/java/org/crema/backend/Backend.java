package org.crema.backend;

/**
 * The kernels every tensor op runs on. One implementation is chosen once, at first use
 * ({@link #current()}): the Vector API CPU backend when {@link VectorSupport#enabled()}, else the
 * scalar reference. Callers go through this interface (or the {@link Gemm} facade), so another
 * backend, such as a GPU one, can be added here without touching them.
 *
 * <p>Arrays are addressed as offset plus stride, the way tensors store them. GEMMs follow row-major
 * BLAS semantics: {@code C = alpha * op(A) * op(B) + beta * C}, with op(X) = X or X^T, op(A) m x k,
 * op(B) k x n, element (i, j) of a row-major matrix X at {@code x[xOff + i * ldx + j]}; when beta is 0,
 * C is only written.
 */
public interface Backend {

    /** A short name for logs and benchmarks, e.g. "vector" or "scalar". */
    String name();

    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
               double beta, double[] c, int cOff, int ldc);

    /**
     * op(B) (k x n) copied into the layout {@link #sgemmPacked} reads (see {@link Gemm#packB}): op(B)
     * itself, row-major.
     *
     * @deprecated only {@link Gemm#packB}'s compatibility path calls it; see {@link PackedSgemm}
     */
    @Deprecated
    default float[] packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        float[] out = new float[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) out[p * n + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }
        return out;
    }

    /** @deprecated as {@link #packB(boolean, int, int, float[], int, int)} */
    @Deprecated
    default double[] packB(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
        double[] out = new double[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) out[p * n + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }
        return out;
    }

    /**
     * {@code C = alpha * op(A) * B + beta * C} with B from {@link #packB(boolean, int, int, float[], int, int)}.
     *
     * @deprecated only {@link Gemm#sgemmPacked}'s compatibility path calls it; see {@link PackedSgemm}
     */
    @Deprecated
    default void sgemmPacked(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] packedB, float beta, float[] c, int cOff, int ldc) {
        sgemm(transA, false, m, n, k, alpha, a, aOff, lda, packedB, 0, Math.max(1, n), beta, c, cOff, ldc);
    }

    /** @deprecated as {@link #sgemmPacked} */
    @Deprecated
    default void dgemmPacked(boolean transA, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                             double[] packedB, double beta, double[] c, int cOff, int ldc) {
        dgemm(transA, false, m, n, k, alpha, a, aOff, lda, packedB, 0, Math.max(1, n), beta, c, cOff, ldc);
    }

    /**
     * c[co + i] = a[ao + i * as] op b[bo + i * bs] for i < n; a stride of 0 repeats one value
     * (broadcasting). Comparisons give 1 or 0; MAX and MIN propagate NaN as torch.maximum does.
     */
    void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n);

    void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] c, int co, int n);

    /** INT64 form; DIV and POW are refused (tensors compute them in floating point). */
    void binary(BinaryOp op, long[] a, int ao, int as, long[] b, int bo, int bs, long[] c, int co, int n);

    /** y[yo + i] = op(x[xo + i]) for i < n. */
    void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n);

    void unary(UnaryOp op, double[] x, int xo, double[] y, int yo, int n);

    /** INT64 form, only for {@link UnaryOp#integral()} ops. */
    void unary(UnaryOp op, long[] x, int xo, long[] y, int yo, int n);

    /** Sum of x[o .. o + n), accumulated in double precision. */
    double sum(float[] x, int o, int n);

    double sum(double[] x, int o, int n);

    /** Softmax, or log-softmax, of each of {@code rows} contiguous rows of {@code n} values; max subtracted first. */
    void softmaxRows(float[] x, int xo, float[] y, int yo, int rows, int n, boolean log);

    /**
     * Blocks until this backend runs at full speed. The vector backend compiles its kernels on a
     * background thread at startup (a few seconds at most) and answers with the scalar kernels until
     * then; benchmarks and latency-sensitive programs may wait for it once.
     */
    default void awaitWarm() {}

    /** The backend all ops use in this JVM. */
    static Backend current() { return Backends.CURRENT; }

    /** The scalar reference backend (the oracle in tests), whichever backend is current. */
    static Backend scalar() { return Backends.SCALAR; }
}
