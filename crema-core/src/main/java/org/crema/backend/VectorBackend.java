package org.crema.backend;

/**
 * The CPU backend on the Vector API: packed, blocked GEMMs; other kernels inherit the scalar loops
 * where C2 already vectorises them as well as hand-written vectors would.
 */
final class VectorBackend extends ScalarBackend {

    @Override
    public String name() { return "vector"; }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        SgemmVector.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        DgemmVector.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
