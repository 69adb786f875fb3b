package org.crema.backend;

/**
 * FLOAT32 products against a B matrix packed once and used many times: {@code C = A * B + beta * C} with
 * A row-major and read in place (not packed). Meant for recurrences, where the same weight matrix
 * multiplies a small [batch, k] block once per timestep: {@link Gemm#sgemm} would pack B (and A) again
 * on every call, which for a [64, 128] x [128, 512] product costs as much memory traffic as the product.
 *
 * <p>Every element of C is the same chain of fused multiply-adds over k in ascending order, whatever
 * the backend (Vector API or scalar), the number of rows per call and the JIT state: splitting the rows
 * of a product across threads or calls gives the same bits.
 */
public final class PackedSgemm {
    private PackedSgemm() {}

    /** Panel width of the scalar path (the vector path uses four vectors, {@link PackedSgemmVector#NR}). */
    private static final int SCALAR_NR = 32;

    /**
     * op(B), k x n, in column panels of {@code nr} columns: panel q holds columns [q nr, q nr + nr) at
     * {@code q * nr * k}, row p of it at {@code + p * nr}, zero-padded past n. Immutable once packed.
     */
    public static final class PackedB {
        final float[] data;
        final int k, n, nr;

        private PackedB(int k, int n, int nr) {
            this.k = k;
            this.n = n;
            this.nr = nr;
            this.data = new float[(n + nr - 1) / nr * nr * k];
        }

        public int k() { return k; }

        public int n() { return n; }
    }

    /**
     * Starts compiling the vector kernels of this class and of {@link PanelSgemm} in the background (layers
     * that use them call it when built, so that their first step does not wait for the whole warm-up);
     * without it the first product starts the warm-up and waits for it. Results do not depend on it.
     */
    public static void warmUp() {
        if (VectorSupport.enabled() && Backends.CURRENT instanceof VectorBackend v) v.startPackedWarmup();
    }

    /**
     * Packs op(B), k x n: B itself (row-major, element (p, j) at {@code b[bOff + p * ldb + j]}), or with
     * transB the transpose of a row-major n x k matrix (element (p, j) at {@code b[bOff + j * ldb + p]}).
     */
    public static PackedB packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return packB(transB, k, n, b, bOff, ldb, VectorSupport.enabled() ? PackedSgemmVector.NR : SCALAR_NR);
    }

    /** packB with a given panel width (tests pack for the vector kernels when the scalar ones are in use). */
    static PackedB packB(boolean transB, int k, int n, float[] b, int bOff, int ldb, int nr) {
        if (k < 0 || n < 0) throw new IllegalArgumentException("packB: negative size k=" + k + " n=" + n);
        // as one row of a product, so that only B's bounds are checked
        Gemm.check("packB", false, transB, 1, n, k, 0, k, k, bOff, ldb, b.length, 0, n, n);
        PackedB p = new PackedB(k, n, nr);
        float[] d = p.data;
        for (int j0 = 0; j0 < n; j0 += nr) {
            int w = Math.min(nr, n - j0), base = j0 * k;
            for (int q = 0; q < k; q++) {
                int dst = base + q * nr;
                if (!transB) {
                    System.arraycopy(b, bOff + q * ldb + j0, d, dst, w);
                } else {
                    for (int j = 0; j < w; j++) d[dst + j] = b[bOff + (j0 + j) * ldb + q];
                }
            }
        }
        return p;
    }

    /**
     * Depth of the k blocks: an element of C is the fma chain over each block, added to C block after
     * block. A block of one B panel (KC x NR floats, 48 KB with AVX-512) stays near L1 while the row
     * blocks of A pass; the LSTM's [h | x] products (k = 160) are one block.
     */
    static final int KC = 192;
    /** Below this many multiply-adds one thread is faster than a hand-off. */
    static final long PARALLEL_MIN = 1L << 21;

    /**
     * C[m x n] = A[m x k] * B + beta * C for a row-major A (element (i, p) at {@code a[aOff + i * lda + p]})
     * and C. beta 0 only writes C. Large products split their column panels over {@link Parallel} (each
     * element is still computed by one thread, the same way); small ones run on the calling thread, so
     * recurrences split their rows between threads themselves.
     */
    public static void sgemm(int m, float[] a, int aOff, int lda, PackedB b, float beta, float[] c, int cOff, int ldc) {
        int n = b.n, k = b.k;
        if (m < 0) throw new IllegalArgumentException("PackedSgemm: negative m=" + m);
        Gemm.check("PackedSgemm", false, false, m, n, k, aOff, lda, a.length, 0, n, n * k, cOff, ldc, c.length);
        if (m == 0 || n == 0) return;
        boolean vector = VectorSupport.enabled();
        // as Gemm: interpreted vector code is ~100x slower than the scalar path, so wait for the warm-up
        if (vector && Backends.CURRENT instanceof VectorBackend v && !v.packedWarm()) v.awaitPackedWarm();
        int panels = (n + b.nr - 1) / b.nr;
        if (Parallel.threads() > 1 && panels > 1 && (long) m * n * k >= PARALLEL_MIN) {
            Parallel.forRange(panels, 1, (p0, p1) -> run(vector, m, n, k, p0 * b.nr, Math.min(n, p1 * b.nr), a, aOff, lda, b, beta, c, cOff, ldc));
        } else {
            run(vector, m, n, k, 0, n, a, aOff, lda, b, beta, c, cOff, ldc);
        }
    }

    private static void run(boolean vector, int m, int n, int k, int j0, int j1, float[] a, int aOff, int lda, PackedB b,
                            float beta, float[] c, int cOff, int ldc) {
        if (vector) PackedSgemmVector.gemm(m, n, k, j0, j1, a, aOff, lda, b.data, b.nr, beta, c, cOff, ldc);
        else scalar(m, n, k, j0, j1, a, aOff, lda, b.data, b.nr, beta, c, cOff, ldc);
    }

    /** The reference: the same fma chains per element as the vector kernels (columns [j0, j1)), so the same bits. */
    static void scalar(int m, int n, int k, int j0, int j1, float[] a, int aOff, int lda, float[] bp, int nr,
                       float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda, ci = cOff + i * ldc;
            for (int j = j0; j < j1; j++) {
                int bi = (j / nr) * nr * k + j % nr;
                float v = c[ci + j];
                for (int p0 = 0; p0 == 0 || p0 < k; p0 += KC) {
                    float acc = 0f, be = p0 == 0 ? beta : 1f;
                    for (int p = p0; p < Math.min(k, p0 + KC); p++) acc = Math.fma(a[ai + p], bp[bi + p * nr], acc);
                    v = be == 0f ? acc : Math.fma(v, be, acc);
                }
                c[ci + j] = v;
            }
        }
    }
}
