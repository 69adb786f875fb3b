package org.crema.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels of {@link PackedSgemm}: A read in place (rows broadcast from where they are),
 * B from NR-wide packed panels (four vectors), 4 rows x 4 vectors of accumulators, a 1-row kernel for
 * the remainder. 4 x 4 measured ~9% faster than 8 x 2 on the LSTM's [64, 160] x [160, 512] (one
 * broadcast per four FMAs instead of two). Each C element is fma(a_p, b_p, acc) for p ascending from zero, then fma(c, beta, acc):
 * the same chain as {@link PackedSgemm#scalar} in every kernel, so row splits do not change bits
 * (k deeper than {@link PackedSgemm#KC} repeats that per block, C accumulating the blocks in order).
 * A is not packed because the rows these products see are few (a batch) and hot in L1: packing would
 * copy as much as the kernel reads.
 */
final class PackedSgemmVector {
    private PackedSgemmVector() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int NR = 4 * L;

    /** Columns [j0, j1) of C (j0 a multiple of NR), k in blocks of {@link PackedSgemm#KC}. */
    static void gemm(int m, int n, int k, int j0, int j1, float[] a, int aOff, int lda, float[] bp, int nr,
                     float beta, float[] c, int cOff, int ldc) {
        if (nr != NR) throw new IllegalStateException("PackedSgemm: B packed " + nr + " wide, kernels need " + NR);
        float[] scratch = j1 - j0 < NR || (j1 - j0) % NR != 0 ? new float[4 * NR] : null;
        for (int p0 = 0; p0 == 0 || p0 < k; p0 += PackedSgemm.KC) {
            int kc = Math.min(PackedSgemm.KC, k - p0);
            float be = p0 == 0 ? beta : 1f;
            for (int j = j0; j < j1; j += NR) {
                int w = Math.min(NR, j1 - j), bi = j * k + p0 * NR, ao = aOff + p0;
                int i = 0;
                for (; i + 4 <= m; i += 4) kernel4(kc, a, ao + i * lda, lda, bp, bi, c, cOff + i * ldc + j, ldc, w, be, scratch);
                for (; i < m; i++) kernel1(kc, a, ao + i * lda, lda, bp, bi, c, cOff + i * ldc + j, ldc, w, be, scratch);
            }
        }
    }

    /** Rows [0, 4) of C at ci against one B panel (bi, NR wide, k deep); w columns of it are stored. */
    private static void kernel4(int k, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc,
                                int w, float beta, float[] scratch) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S), c0_2 = FloatVector.zero(S), c0_3 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S), c1_2 = FloatVector.zero(S), c1_3 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S), c2_2 = FloatVector.zero(S), c2_3 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S), c3_2 = FloatVector.zero(S), c3_3 = FloatVector.zero(S);
        int a0 = ai, a1 = ai + 1 * lda, a2 = ai + 2 * lda, a3 = ai + 3 * lda;
        for (int p = 0; p < k; p++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + 1 * L), b2 = FloatVector.fromArray(S, bp, bi + 2 * L), b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector av;
            av = FloatVector.broadcast(S, a[a0 + p]);
            c0_0 = av.fma(b0, c0_0); c0_1 = av.fma(b1, c0_1); c0_2 = av.fma(b2, c0_2); c0_3 = av.fma(b3, c0_3);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c1_0 = av.fma(b0, c1_0); c1_1 = av.fma(b1, c1_1); c1_2 = av.fma(b2, c1_2); c1_3 = av.fma(b3, c1_3);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c2_0 = av.fma(b0, c2_0); c2_1 = av.fma(b1, c2_1); c2_2 = av.fma(b2, c2_2); c2_3 = av.fma(b3, c2_3);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c3_0 = av.fma(b0, c3_0); c3_1 = av.fma(b1, c3_1); c3_2 = av.fma(b2, c3_2); c3_3 = av.fma(b3, c3_3);
        }
        if (w == NR) {
            FloatVector bv = FloatVector.broadcast(S, beta);
            boolean load = beta != 0f;
            if (load) {
                c0_0 = FloatVector.fromArray(S, c, ci).fma(bv, c0_0);
                c0_1 = FloatVector.fromArray(S, c, ci + 1 * L).fma(bv, c0_1);
                c0_2 = FloatVector.fromArray(S, c, ci + 2 * L).fma(bv, c0_2);
                c0_3 = FloatVector.fromArray(S, c, ci + 3 * L).fma(bv, c0_3);
            }
            c0_0.intoArray(c, ci); c0_1.intoArray(c, ci + 1 * L); c0_2.intoArray(c, ci + 2 * L); c0_3.intoArray(c, ci + 3 * L);
            if (load) {
                c1_0 = FloatVector.fromArray(S, c, ci + 1 * ldc).fma(bv, c1_0);
                c1_1 = FloatVector.fromArray(S, c, ci + 1 * ldc + 1 * L).fma(bv, c1_1);
                c1_2 = FloatVector.fromArray(S, c, ci + 1 * ldc + 2 * L).fma(bv, c1_2);
                c1_3 = FloatVector.fromArray(S, c, ci + 1 * ldc + 3 * L).fma(bv, c1_3);
            }
            c1_0.intoArray(c, ci + 1 * ldc); c1_1.intoArray(c, ci + 1 * ldc + 1 * L); c1_2.intoArray(c, ci + 1 * ldc + 2 * L); c1_3.intoArray(c, ci + 1 * ldc + 3 * L);
            if (load) {
                c2_0 = FloatVector.fromArray(S, c, ci + 2 * ldc).fma(bv, c2_0);
                c2_1 = FloatVector.fromArray(S, c, ci + 2 * ldc + 1 * L).fma(bv, c2_1);
                c2_2 = FloatVector.fromArray(S, c, ci + 2 * ldc + 2 * L).fma(bv, c2_2);
                c2_3 = FloatVector.fromArray(S, c, ci + 2 * ldc + 3 * L).fma(bv, c2_3);
            }
            c2_0.intoArray(c, ci + 2 * ldc); c2_1.intoArray(c, ci + 2 * ldc + 1 * L); c2_2.intoArray(c, ci + 2 * ldc + 2 * L); c2_3.intoArray(c, ci + 2 * ldc + 3 * L);
            if (load) {
                c3_0 = FloatVector.fromArray(S, c, ci + 3 * ldc).fma(bv, c3_0);
                c3_1 = FloatVector.fromArray(S, c, ci + 3 * ldc + 1 * L).fma(bv, c3_1);
                c3_2 = FloatVector.fromArray(S, c, ci + 3 * ldc + 2 * L).fma(bv, c3_2);
                c3_3 = FloatVector.fromArray(S, c, ci + 3 * ldc + 3 * L).fma(bv, c3_3);
            }
            c3_0.intoArray(c, ci + 3 * ldc); c3_1.intoArray(c, ci + 3 * ldc + 1 * L); c3_2.intoArray(c, ci + 3 * ldc + 2 * L); c3_3.intoArray(c, ci + 3 * ldc + 3 * L);
            return;
        }
        c0_0.intoArray(scratch, 0 * NR + 0 * L); c0_1.intoArray(scratch, 0 * NR + 1 * L); c0_2.intoArray(scratch, 0 * NR + 2 * L); c0_3.intoArray(scratch, 0 * NR + 3 * L);
        c1_0.intoArray(scratch, 1 * NR + 0 * L); c1_1.intoArray(scratch, 1 * NR + 1 * L); c1_2.intoArray(scratch, 1 * NR + 2 * L); c1_3.intoArray(scratch, 1 * NR + 3 * L);
        c2_0.intoArray(scratch, 2 * NR + 0 * L); c2_1.intoArray(scratch, 2 * NR + 1 * L); c2_2.intoArray(scratch, 2 * NR + 2 * L); c2_3.intoArray(scratch, 2 * NR + 3 * L);
        c3_0.intoArray(scratch, 3 * NR + 0 * L); c3_1.intoArray(scratch, 3 * NR + 1 * L); c3_2.intoArray(scratch, 3 * NR + 2 * L); c3_3.intoArray(scratch, 3 * NR + 3 * L);
        mergeEdge(scratch, c, ci, ldc, 4, w, beta);
    }

    /** Rows [0, 1) of C at ci against one B panel (bi, NR wide, k deep); w columns of it are stored. */
    private static void kernel1(int k, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc,
                                int w, float beta, float[] scratch) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S), c0_2 = FloatVector.zero(S), c0_3 = FloatVector.zero(S);
        int a0 = ai;
        for (int p = 0; p < k; p++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + 1 * L), b2 = FloatVector.fromArray(S, bp, bi + 2 * L), b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector av;
            av = FloatVector.broadcast(S, a[a0 + p]);
            c0_0 = av.fma(b0, c0_0); c0_1 = av.fma(b1, c0_1); c0_2 = av.fma(b2, c0_2); c0_3 = av.fma(b3, c0_3);
        }
        if (w == NR) {
            FloatVector bv = FloatVector.broadcast(S, beta);
            boolean load = beta != 0f;
            if (load) {
                c0_0 = FloatVector.fromArray(S, c, ci).fma(bv, c0_0);
                c0_1 = FloatVector.fromArray(S, c, ci + 1 * L).fma(bv, c0_1);
                c0_2 = FloatVector.fromArray(S, c, ci + 2 * L).fma(bv, c0_2);
                c0_3 = FloatVector.fromArray(S, c, ci + 3 * L).fma(bv, c0_3);
            }
            c0_0.intoArray(c, ci); c0_1.intoArray(c, ci + 1 * L); c0_2.intoArray(c, ci + 2 * L); c0_3.intoArray(c, ci + 3 * L);
            return;
        }
        c0_0.intoArray(scratch, 0 * NR + 0 * L); c0_1.intoArray(scratch, 0 * NR + 1 * L); c0_2.intoArray(scratch, 0 * NR + 2 * L); c0_3.intoArray(scratch, 0 * NR + 3 * L);
        mergeEdge(scratch, c, ci, ldc, 1, w, beta);
    }

    /** A partial panel: the first w columns of each row from scratch, with the kernels' rounding. */
    private static void mergeEdge(float[] scratch, float[] c, int ci, int ldc, int rows, int w, float beta) {
        for (int r = 0; r < rows; r++, ci += ldc) {
            for (int j = 0; j < w; j++) {
                float v = scratch[r * NR + j];
                c[ci + j] = beta == 0f ? v : Math.fma(c[ci + j], beta, v);
            }
        }
    }
}
