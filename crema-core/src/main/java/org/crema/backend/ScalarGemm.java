package org.crema.backend;

/**
 * The scalar reference GEMM: plain loops, row-parallel on the shared pool. It is the fallback when the
 * Vector API is unavailable and, in tests, the oracle the vector kernels are checked against (along
 * with a double-precision naive product).
 */
final class ScalarGemm {
    private ScalarGemm() {}

    private static final long PARALLEL_MIN = 1L << 16;

    static void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        long work = (long) m * n * k;
        Parallel.forRange(m, work < PARALLEL_MIN ? Integer.MAX_VALUE : Math.max(1, (int) (PARALLEL_MIN / Math.max(1, (long) n * k))), (s, e) -> {
            for (int i = s; i < e; i++) {
                int ci = cOff + i * ldc;
                if (tb) {
                    // dot products: both operands walk memory in order when A is not transposed
                    for (int j = 0; j < n; j++) {
                        float sum = 0f;
                        int bj = bOff + j * ldb;
                        for (int p = 0; p < k; p++) sum += (ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p]) * b[bj + p];
                        c[ci + j] = beta == 0f ? alpha * sum : alpha * sum + beta * c[ci + j];
                    }
                    continue;
                }
                if (beta == 0f) java.util.Arrays.fill(c, ci, ci + n, 0f);
                else if (beta != 1f) for (int j = 0; j < n; j++) c[ci + j] *= beta;
                for (int p = 0; p < k; p++) {
                    float av = alpha * (ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                }
            }
        });
    }

    static void dgemm(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        long work = (long) m * n * k;
        Parallel.forRange(m, work < PARALLEL_MIN ? Integer.MAX_VALUE : Math.max(1, (int) (PARALLEL_MIN / Math.max(1, (long) n * k))), (s, e) -> {
            for (int i = s; i < e; i++) {
                int ci = cOff + i * ldc;
                if (tb) {
                    for (int j = 0; j < n; j++) {
                        double sum = 0;
                        int bj = bOff + j * ldb;
                        for (int p = 0; p < k; p++) sum += (ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p]) * b[bj + p];
                        c[ci + j] = beta == 0 ? alpha * sum : alpha * sum + beta * c[ci + j];
                    }
                    continue;
                }
                if (beta == 0) java.util.Arrays.fill(c, ci, ci + n, 0.0);
                else if (beta != 1) for (int j = 0; j < n; j++) c[ci + j] *= beta;
                for (int p = 0; p < k; p++) {
                    double av = alpha * (ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                }
            }
        });
    }
}
