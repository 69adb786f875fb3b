package org.crema.backend;

/**
 * FLOAT32 {@code C = A^T B} where both operands are written by their producers straight into the
 * panel layout the kernel reads, so the product packs nothing: meant for a weight gradient summed over
 * many rows (the LSTM's [h | x | 1]^T dGates over all timesteps, 161 x 512 x 3200), whose two operands
 * are produced a few rows at a time while they are still in L1. Through {@link Gemm#sgemm} the same
 * product re-read both (8.5 MB from L3 or DRAM) to pack them, ~25% of its time.
 *
 * <p>Panel layout: a matrix of {@code k} rows (the product's depth) and some columns is stored as
 * column panels of {@code w} columns, element (r, c) at {@code ((c / w) * k + r) * w + c % w}; A uses
 * {@link #A_PANEL}, B {@link #bPanel()}. Columns past the matrix's width in the last panel may hold
 * anything (they only reach rows or columns of C that are not stored).
 *
 * <p>Every element of C is one chain of fused multiply-adds over r ascending from zero, in the vector
 * kernel and in the scalar path alike, however the columns are split between threads: the same bits.
 */
public final class PanelSgemm {
    private PanelSgemm() {}

    /** Columns per panel of A: the rows of the micro-kernel's output tile. */
    public static final int A_PANEL = 12;
    /** Panel width of B on the scalar path (any width gives the same sums). */
    private static final int SCALAR_B_PANEL = 32;
    /** Depth of the k blocks: a B block (KB x panel, 32 KB with AVX-512) stays in L1 across A's panels. */
    static final int KB = 256;

    /** Columns per panel of B: the micro-kernel's output columns (two vectors). */
    public static int bPanel() {
        return VectorSupport.enabled() ? PanelSgemmVector.NR : SCALAR_B_PANEL;
    }

    /** Floats a panel-layout matrix of k rows and {@code cols} columns takes with panels w wide. */
    public static int size(int k, int cols, int w) {
        return (cols + w - 1) / w * w * k;
    }

    /**
     * Rows [r0, r0 + rows) of a k-row panel matrix dst (panels w wide, cols columns) from row-major src
     * (row i at {@code src[srcOff + i * lds]}, cols floats). The last panel's columns past cols are zeroed.
     */
    public static void packRows(float[] src, int srcOff, int lds, int rows, int cols, float[] dst, int r0, int k, int w) {
        if (rows < 0 || r0 < 0 || r0 + rows > k) throw new IllegalArgumentException("packRows: rows [" + r0 + ", " + (r0 + rows) + ") of " + k);
        if (rows == 0 || cols == 0) return;
        if (VectorSupport.enabled() && (w == A_PANEL || w == PanelSgemmVector.NR)) {
            PanelSgemmVector.packRows(src, srcOff, lds, rows, cols, dst, r0, k, w);
            return;
        }
        scalarPackRows(src, srcOff, lds, rows, cols, dst, r0, k, w);
    }

    static void scalarPackRows(float[] src, int srcOff, int lds, int rows, int cols, float[] dst, int r0, int k, int w) {
        for (int c0 = 0; c0 < cols; c0 += w) {
            int n = Math.min(w, cols - c0);
            for (int i = 0; i < rows; i++) {
                int d = ((c0 / w) * k + r0 + i) * w;
                System.arraycopy(src, srcOff + i * lds + c0, dst, d, n);
                for (int j = n; j < w; j++) dst[d + j] = 0f;
            }
        }
    }

    /**
     * C[i][j] = sum over r < k of A[r][i] B[r][j], for i < m, j < n, C row-major at {@code c[i * ldc + j]}
     * (overwritten). A: k rows x m columns in {@link #A_PANEL}-wide panels; B: k rows x n columns in
     * {@link #bPanel()}-wide panels. Large products split B's panels over {@link Parallel}.
     */
    public static void sgemmTN(int m, int n, int k, float[] a, float[] b, float[] c, int ldc) {
        sgemmTN(m, n, k, a, 0, k, b, c, ldc, false);
    }

    /**
     * As {@link #sgemmTN(int, int, int, float[], float[], float[], int)} with A's rows [aRow0, aRow0 + k)
     * of a panel matrix of aRows rows, and, with accumulate, C's values as where the chains start: a
     * product over k = k1 + k2 rows then gives the same bits as one over the first k1 rows followed by
     * an accumulating one over the other k2.
     */
    public static void sgemmTN(int m, int n, int k, float[] a, int aRow0, int aRows, float[] b, float[] c, int ldc, boolean accumulate) {
        int w = bPanel(), mPanels = (m + A_PANEL - 1) / A_PANEL, nPanels = (n + w - 1) / w;
        if (m < 0 || n < 0 || k < 0 || ldc < n || aRow0 < 0 || aRow0 + k > aRows) {
            throw new IllegalArgumentException("sgemmTN: m=" + m + " n=" + n + " k=" + k + " ldc=" + ldc + " A rows [" + aRow0 + ", "
                    + (aRow0 + k) + ") of " + aRows);
        }
        if (a.length < (long) mPanels * A_PANEL * aRows || b.length < (long) nPanels * w * k || (m > 0 && c.length < (long) (m - 1) * ldc + n)) {
            throw new IllegalArgumentException("sgemmTN: arrays too short for " + m + "x" + n + "x" + k + ": a " + a.length
                    + ", b " + b.length + ", c " + c.length + " (ldc " + ldc + ")");
        }
        if (m == 0 || n == 0) return;
        boolean vector = VectorSupport.enabled();
        if (vector && Backends.CURRENT instanceof VectorBackend v && !v.packedWarm()) v.awaitPackedWarm();
        Parallel.RangeBody body = (q0, q1) -> {
            if (vector) PanelSgemmVector.gemm(m, n, k, q0, q1, a, aRow0, aRows, b, c, ldc, accumulate);
            else scalar(m, n, k, q0 * w, Math.min(n, q1 * w), a, aRow0, aRows, b, w, c, ldc, accumulate);
        };
        if (Parallel.threads() > 1 && nPanels > 1 && (long) m * n * k >= PackedSgemm.PARALLEL_MIN) Parallel.forRange(nPanels, 1, body);
        else body.run(0, nPanels);
    }

    /** The reference: columns [j0, j1), each element one fma chain over r ascending (the kernel's bits). */
    static void scalar(int m, int n, int k, int j0, int j1, float[] a, int aRow0, int aRows, float[] b, int w, float[] c, int ldc,
                       boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = ((i / A_PANEL) * aRows + aRow0) * A_PANEL + i % A_PANEL;
            for (int j = j0; j < j1; j++) {
                int bi = (j / w) * w * k + j % w;
                float acc = accumulate ? c[i * ldc + j] : 0f;
                for (int r = 0; r < k; r++) acc = Math.fma(a[ai + r * A_PANEL], b[bi + r * w], acc);
                c[i * ldc + j] = acc;
            }
        }
    }
}
