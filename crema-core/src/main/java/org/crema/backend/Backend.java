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

    /** The backend all ops use in this JVM. */
    static Backend current() { return Backends.CURRENT; }

    /** The scalar reference backend (the oracle in tests), whichever backend is current. */
    static Backend scalar() { return Backends.SCALAR; }
}
