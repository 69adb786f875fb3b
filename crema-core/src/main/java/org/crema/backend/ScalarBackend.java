package org.crema.backend;

/** The reference kernels in plain Java: the fallback without the Vector API and the oracle in tests. */
class ScalarBackend implements Backend {

    @Override
    public String name() { return "scalar"; }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        ScalarGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        ScalarGemm.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n) {
        ScalarElementwise.binary(op, a, ao, as, b, bo, bs, c, co, n);
    }

    @Override
    public void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] c, int co, int n) {
        ScalarElementwise.binary(op, a, ao, as, b, bo, bs, c, co, n);
    }

    @Override
    public void binary(BinaryOp op, long[] a, int ao, int as, long[] b, int bo, int bs, long[] c, int co, int n) {
        ScalarElementwise.binary(op, a, ao, as, b, bo, bs, c, co, n);
    }

    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) { ScalarElementwise.unary(op, x, xo, y, yo, n); }

    @Override
    public void unary(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) { ScalarElementwise.unary(op, x, xo, y, yo, n); }

    @Override
    public void unary(UnaryOp op, long[] x, int xo, long[] y, int yo, int n) { ScalarElementwise.unary(op, x, xo, y, yo, n); }

    @Override
    public double sum(float[] x, int o, int n) { return ScalarElementwise.sum(x, o, n); }

    @Override
    public double sum(double[] x, int o, int n) { return ScalarElementwise.sum(x, o, n); }

    @Override
    public void softmaxRows(float[] x, int xo, float[] y, int yo, int rows, int n, boolean log) {
        ScalarElementwise.softmaxRows(x, xo, y, yo, rows, n, log);
    }
}
