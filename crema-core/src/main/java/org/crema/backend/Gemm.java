package org.crema.backend;

/**
 * Row-major BLAS GEMM on the current {@link Backend}: {@code C = alpha * op(A) * op(B) + beta * C} with
 * op(A) m x k, op(B) k x n, C m x n; element (i, j) of a row-major X at {@code x[xOff + i * ldx + j]}.
 * When beta is 0, C is only written (NaNs in it do not survive).
 *
 * <p>{@link #sgemm} / {@link #dgemm} are the general entry point; the package documentation says when
 * {@link PackedSgemm} or {@link PanelSgemm} (operands packed once, or written in panel layout by their
 * producer) beat it.
 *
 * <p><b>{@link #packB} / {@link #sgemmPacked} / {@link #dgemmPacked}</b> are kept for programs written
 * against them: {@link PackedB} now holds a row-major copy of op(B), and the product is {@code sgemm}
 * (or {@code dgemm}) on that copy, so the result is that of {@code sgemm} with {@code transB = false}.
 * For the same B times many small A blocks use {@link PackedSgemm}.
 */
public final class Gemm {
    private Gemm() {}

    /**
     * op(B), k x n, copied by {@link #packB} for {@link #sgemmPacked} / {@link #dgemmPacked}.
     *
     * @deprecated for repeated products with the same B use {@link PackedSgemm.PackedB}
     */
    @Deprecated
    public static final class PackedB {
        private final int k, n;
        private final Backend backend;
        private final float[] floats;
        private final double[] doubles;

        private PackedB(int k, int n, Backend backend, float[] floats, double[] doubles) {
            this.k = k;
            this.n = n;
            this.backend = backend;
            this.floats = floats;
            this.doubles = doubles;
        }

        /** Rows of op(B): the inner dimension of the products it takes part in. */
        public int k() { return k; }

        /** Columns of op(B): the columns of C. */
        public int n() { return n; }

        /** True for a float (sgemm) operand, false for a double one. */
        public boolean isFloat() { return floats != null; }

        @Override
        public String toString() { return "PackedB[" + (isFloat() ? "float" : "double") + " " + k + "x" + n + "]"; }
    }

    /**
     * Copies op(B) (k x n; B is n x k when transB) for {@link #sgemmPacked} calls.
     *
     * @deprecated use {@link PackedSgemm#packB}, which packs B once into the panels its kernel reads
     */
    @Deprecated
    public static PackedB packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        checkPackB(transB, k, n, bOff, ldb, b.length);
        Backend be = Backends.CURRENT;
        return new PackedB(k, n, be, be.packB(transB, k, n, b, bOff, ldb), null);
    }

    /**
     * Copies op(B) (k x n; B is n x k when transB) for {@link #dgemmPacked} calls.
     *
     * @deprecated use {@link #dgemm}
     */
    @Deprecated
    public static PackedB packB(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
        checkPackB(transB, k, n, bOff, ldb, b.length);
        Backend be = Backends.CURRENT;
        return new PackedB(k, n, be, null, be.packB(transB, k, n, b, bOff, ldb));
    }

    /**
     * {@code C = alpha * op(A) * B + beta * C} with op(A) m x b.k(), C m x b.n() and B from {@link #packB}.
     *
     * @deprecated use {@link PackedSgemm#sgemm} (or {@link #sgemm})
     */
    @Deprecated
    public static void sgemmPacked(boolean transA, int m, float alpha, float[] a, int aOff, int lda,
                                   PackedB b, float beta, float[] c, int cOff, int ldc) {
        if (!b.isFloat()) throw new IllegalArgumentException("sgemmPacked: " + b + " holds doubles; use dgemmPacked");
        checkPacked("sgemmPacked", transA, m, b, aOff, lda, a.length, cOff, ldc, c.length);
        b.backend.sgemmPacked(transA, m, b.n, b.k, alpha, a, aOff, lda, b.floats, beta, c, cOff, ldc);
    }

    /**
     * {@code C = alpha * op(A) * B + beta * C} with op(A) m x b.k(), C m x b.n() and B from {@link #packB}.
     *
     * @deprecated use {@link #dgemm}
     */
    @Deprecated
    public static void dgemmPacked(boolean transA, int m, double alpha, double[] a, int aOff, int lda,
                                   PackedB b, double beta, double[] c, int cOff, int ldc) {
        if (b.isFloat()) throw new IllegalArgumentException("dgemmPacked: " + b + " holds floats; use sgemmPacked");
        checkPacked("dgemmPacked", transA, m, b, aOff, lda, a.length, cOff, ldc, c.length);
        b.backend.dgemmPacked(transA, m, b.n, b.k, alpha, a, aOff, lda, b.doubles, beta, c, cOff, ldc);
    }

    private static void checkPackB(boolean transB, int k, int n, int bOff, int ldb, int bLen) {
        if (k < 0 || n < 0) throw new IllegalArgumentException("packB: negative size k=" + k + " n=" + n);
        matrix("packB", "B", transB ? n : k, transB ? k : n, bOff, ldb, bLen);
    }

    @SuppressWarnings("deprecation")
    private static void checkPacked(String op, boolean transA, int m, PackedB b, int aOff, int lda, int aLen,
                                    int cOff, int ldc, int cLen) {
        if (m < 0) throw new IllegalArgumentException(op + ": negative size m=" + m);
        if (m == 0 || b.n == 0) return;
        matrix(op, "A", transA ? b.k : m, transA ? m : b.k, aOff, lda, aLen);
        matrix(op, "C", m, b.n, cOff, ldc, cLen);
    }

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
