package org.crema.backend;

/**
 * Row-major BLAS GEMM on the current {@link Backend}: {@code C = alpha * op(A) * op(B) + beta * C} with
 * op(A) m x k, op(B) k x n, C m x n; element (i, j) of a row-major X at {@code x[xOff + i * ldx + j]}.
 * When beta is 0, C is only written (NaNs in it do not survive).
 */
public final class Gemm {
    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        check("sgemm", transA, transB, m, n, k, aOff, lda, a.length, bOff, ldb, b.length, cOff, ldc, c.length);
        Backends.CURRENT.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        check("dgemm", transA, transB, m, n, k, aOff, lda, a.length, bOff, ldb, b.length, cOff, ldc, c.length);
        Backends.CURRENT.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Refuses sizes, leading dimensions and offsets that would read or write outside the arrays. */
    static void check(String op, boolean transA, boolean transB, int m, int n, int k,
                      int aOff, int lda, int aLen, int bOff, int ldb, int bLen, int cOff, int ldc, int cLen) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": negative size m=" + m + " n=" + n + " k=" + k);
        }
        if (m == 0 || n == 0) return;
        matrix(op, "A", transA ? k : m, transA ? m : k, aOff, lda, aLen);
        matrix(op, "B", transB ? n : k, transB ? k : n, bOff, ldb, bLen);
        matrix(op, "C", m, n, cOff, ldc, cLen);
    }

    private static void matrix(String op, String name, int rows, int cols, int off, int ld, int len) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols || off < 0 || off + (long) (rows - 1) * ld + cols > len) {
            throw new IllegalArgumentException(op + ": " + name + " is " + rows + "x" + cols + " at offset " + off
                    + " with leading dimension " + ld + ", which does not fit an array of " + len
                    + (ld < cols ? " (leading dimension < " + cols + ")" : ""));
        }
    }
}
