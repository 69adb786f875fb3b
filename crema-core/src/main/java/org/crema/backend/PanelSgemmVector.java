package org.crema.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels of {@link PanelSgemm}: a 12 x 2-vector tile (24 accumulators, as
 * {@link SgemmVector}'s), one broadcast of A per two FMAs, B's block of {@link PanelSgemm#KB} rows
 * kept in L1 while A's panels pass. Each output element is fma(a_r, b_r, acc) for r ascending from
 * zero; a tile carried across k blocks is stored and loaded back unchanged, so the chain is the
 * scalar path's.
 */
final class PanelSgemmVector {
    private PanelSgemmVector() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int NR = 2 * L;
    private static final int MR = PanelSgemm.A_PANEL;

    /** B's panels [q0, q1): C columns [q0 NR, min(n, q1 NR)). */
    static void gemm(int m, int n, int k, int q0, int q1, float[] a, int aRow0, int aRows, float[] b, float[] c, int ldc,
                     boolean accumulate) {
        int mPanels = (m + MR - 1) / MR;
        // one column panel of C for all rows, padded to whole tiles: the kernel never needs a mask
        float[] cp = new float[mPanels * MR * NR];
        for (int q = q0; q < q1; q++) {
            int j0 = q * NR, w = Math.min(NR, n - j0);
            if (accumulate) for (int i = 0; i < m; i++) System.arraycopy(c, i * ldc + j0, cp, i * NR, w);
            else if (k == 0) java.util.Arrays.fill(cp, 0f);
            for (int r0 = 0; r0 < k; r0 += PanelSgemm.KB) {
                int kb = Math.min(PanelSgemm.KB, k - r0);
                int bi = (q * k + r0) * NR;
                for (int ip = 0; ip < mPanels; ip++) kernel(kb, a, (ip * aRows + aRow0 + r0) * MR, b, bi, cp, ip * MR * NR, accumulate || r0 > 0);
            }
            for (int i = 0; i < m; i++) System.arraycopy(cp, i * NR, c, i * ldc + j0, w);
        }
    }

    /** Tile cp[ci, ci + MR * NR) (row-major, NR wide) = (load ? itself : 0) + kb rows of A^T B. */
    private static void kernel(int kb, float[] a, int ai, float[] b, int bi, float[] cp, int ci, boolean load) {
        FloatVector c0_0, c0_1, c1_0, c1_1, c2_0, c2_1, c3_0, c3_1, c4_0, c4_1, c5_0, c5_1;
        FloatVector c6_0, c6_1, c7_0, c7_1, c8_0, c8_1, c9_0, c9_1, c10_0, c10_1, c11_0, c11_1;
        if (load) {
            c0_0 = FloatVector.fromArray(S, cp, ci); c0_1 = FloatVector.fromArray(S, cp, ci + L);
            c1_0 = FloatVector.fromArray(S, cp, ci + NR); c1_1 = FloatVector.fromArray(S, cp, ci + NR + L);
            c2_0 = FloatVector.fromArray(S, cp, ci + 2 * NR); c2_1 = FloatVector.fromArray(S, cp, ci + 2 * NR + L);
            c3_0 = FloatVector.fromArray(S, cp, ci + 3 * NR); c3_1 = FloatVector.fromArray(S, cp, ci + 3 * NR + L);
            c4_0 = FloatVector.fromArray(S, cp, ci + 4 * NR); c4_1 = FloatVector.fromArray(S, cp, ci + 4 * NR + L);
            c5_0 = FloatVector.fromArray(S, cp, ci + 5 * NR); c5_1 = FloatVector.fromArray(S, cp, ci + 5 * NR + L);
            c6_0 = FloatVector.fromArray(S, cp, ci + 6 * NR); c6_1 = FloatVector.fromArray(S, cp, ci + 6 * NR + L);
            c7_0 = FloatVector.fromArray(S, cp, ci + 7 * NR); c7_1 = FloatVector.fromArray(S, cp, ci + 7 * NR + L);
            c8_0 = FloatVector.fromArray(S, cp, ci + 8 * NR); c8_1 = FloatVector.fromArray(S, cp, ci + 8 * NR + L);
            c9_0 = FloatVector.fromArray(S, cp, ci + 9 * NR); c9_1 = FloatVector.fromArray(S, cp, ci + 9 * NR + L);
            c10_0 = FloatVector.fromArray(S, cp, ci + 10 * NR); c10_1 = FloatVector.fromArray(S, cp, ci + 10 * NR + L);
            c11_0 = FloatVector.fromArray(S, cp, ci + 11 * NR); c11_1 = FloatVector.fromArray(S, cp, ci + 11 * NR + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c0_0 = z; c0_1 = z; c1_0 = z; c1_1 = z; c2_0 = z; c2_1 = z; c3_0 = z; c3_1 = z; c4_0 = z; c4_1 = z; c5_0 = z; c5_1 = z;
            c6_0 = z; c6_1 = z; c7_0 = z; c7_1 = z; c8_0 = z; c8_1 = z; c9_0 = z; c9_1 = z; c10_0 = z; c10_1 = z; c11_0 = z; c11_1 = z;
        }
        for (int p = 0; p < kb; p++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av;
            av = FloatVector.broadcast(S, a[ai]); c0_0 = av.fma(b0, c0_0); c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(S, a[ai + 1]); c1_0 = av.fma(b0, c1_0); c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(S, a[ai + 2]); c2_0 = av.fma(b0, c2_0); c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(S, a[ai + 3]); c3_0 = av.fma(b0, c3_0); c3_1 = av.fma(b1, c3_1);
            av = FloatVector.broadcast(S, a[ai + 4]); c4_0 = av.fma(b0, c4_0); c4_1 = av.fma(b1, c4_1);
            av = FloatVector.broadcast(S, a[ai + 5]); c5_0 = av.fma(b0, c5_0); c5_1 = av.fma(b1, c5_1);
            av = FloatVector.broadcast(S, a[ai + 6]); c6_0 = av.fma(b0, c6_0); c6_1 = av.fma(b1, c6_1);
            av = FloatVector.broadcast(S, a[ai + 7]); c7_0 = av.fma(b0, c7_0); c7_1 = av.fma(b1, c7_1);
            av = FloatVector.broadcast(S, a[ai + 8]); c8_0 = av.fma(b0, c8_0); c8_1 = av.fma(b1, c8_1);
            av = FloatVector.broadcast(S, a[ai + 9]); c9_0 = av.fma(b0, c9_0); c9_1 = av.fma(b1, c9_1);
            av = FloatVector.broadcast(S, a[ai + 10]); c10_0 = av.fma(b0, c10_0); c10_1 = av.fma(b1, c10_1);
            av = FloatVector.broadcast(S, a[ai + 11]); c11_0 = av.fma(b0, c11_0); c11_1 = av.fma(b1, c11_1);
        }
        c0_0.intoArray(cp, ci); c0_1.intoArray(cp, ci + L);
        c1_0.intoArray(cp, ci + NR); c1_1.intoArray(cp, ci + NR + L);
        c2_0.intoArray(cp, ci + 2 * NR); c2_1.intoArray(cp, ci + 2 * NR + L);
        c3_0.intoArray(cp, ci + 3 * NR); c3_1.intoArray(cp, ci + 3 * NR + L);
        c4_0.intoArray(cp, ci + 4 * NR); c4_1.intoArray(cp, ci + 4 * NR + L);
        c5_0.intoArray(cp, ci + 5 * NR); c5_1.intoArray(cp, ci + 5 * NR + L);
        c6_0.intoArray(cp, ci + 6 * NR); c6_1.intoArray(cp, ci + 6 * NR + L);
        c7_0.intoArray(cp, ci + 7 * NR); c7_1.intoArray(cp, ci + 7 * NR + L);
        c8_0.intoArray(cp, ci + 8 * NR); c8_1.intoArray(cp, ci + 8 * NR + L);
        c9_0.intoArray(cp, ci + 9 * NR); c9_1.intoArray(cp, ci + 9 * NR + L);
        c10_0.intoArray(cp, ci + 10 * NR); c10_1.intoArray(cp, ci + 10 * NR + L);
        c11_0.intoArray(cp, ci + 11 * NR); c11_1.intoArray(cp, ci + 11 * NR + L);
    }

    /** {@link PanelSgemm#packRows} for panels of A_PANEL or NR columns: masked vector copies per panel. */
    static void packRows(float[] src, int srcOff, int lds, int rows, int cols, float[] dst, int r0, int k, int w) {
        for (int c0 = 0; c0 < cols; c0 += w) {
            int n = Math.min(w, cols - c0), base = ((c0 / w) * k + r0) * w;
            for (int v0 = 0; v0 < w; v0 += L) {
                int lanes = Math.min(L, w - v0), valid = Math.max(0, Math.min(lanes, n - v0));
                int s = srcOff + c0 + v0, d = base + v0;
                if (valid == L) {
                    for (int i = 0; i < rows; i++, s += lds, d += w) FloatVector.fromArray(S, src, s).intoArray(dst, d);
                    continue;
                }
                VectorMask<Float> load = VectorMask.fromLong(S, (1L << valid) - 1), store = VectorMask.fromLong(S, (1L << lanes) - 1);
                for (int i = 0; i < rows; i++, s += lds, d += w) FloatVector.fromArray(S, src, s, load).intoArray(dst, d, store);
            }
        }
    }
}
