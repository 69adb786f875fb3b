package org.crema.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels of {@link PackedSgemm}: A read in place (rows broadcast from where they are),
 * B from NR-wide packed panels, 8 rows x 2 vectors of accumulators, then 4-row and 1-row kernels for
 * the remainder. Each C element is fma(a_p, b_p, acc) for p ascending from zero, then fma(c, beta, acc):
 * the same chain as {@link PackedSgemm#scalar} in every kernel, so row splits do not change bits.
 * A is not packed because the rows these products see are few (a batch) and hot in L1: packing would
 * copy as much as the kernel reads.
 */
final class PackedSgemmVector {
    private PackedSgemmVector() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int NR = 2 * L;

    static void gemm(int m, int n, int k, float[] a, int aOff, int lda, float[] bp, int nr,
                     float beta, float[] c, int cOff, int ldc) {
        if (nr != NR) throw new IllegalStateException("PackedSgemm: B packed " + nr + " wide, kernels need " + NR);
        for (int j0 = 0; j0 < n; j0 += NR) {
            int w = Math.min(NR, n - j0), bi = j0 * k;
            float[] scratch = w < NR ? new float[8 * NR] : null;
            int i = 0;
            for (; i + 8 <= m; i += 8) kernel8(k, a, aOff + i * lda, lda, bp, bi, c, cOff + i * ldc + j0, ldc, w, beta, scratch);
            if (i + 4 <= m) {
                kernel4(k, a, aOff + i * lda, lda, bp, bi, c, cOff + i * ldc + j0, ldc, w, beta, scratch);
                i += 4;
            }
            for (; i < m; i++) kernel1(k, a, aOff + i * lda, lda, bp, bi, c, cOff + i * ldc + j0, ldc, w, beta, scratch);
        }
    }

    /** Rows [0, 8) of C at ci against one B panel (bi, NR wide, k deep); w columns of it are stored. */
    private static void kernel8(int k, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc,
                                int w, float beta, float[] scratch) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S), c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S), c7_1 = FloatVector.zero(S);
        int a0 = ai, a1 = ai + 1 * lda, a2 = ai + 2 * lda, a3 = ai + 3 * lda, a4 = ai + 4 * lda, a5 = ai + 5 * lda, a6 = ai + 6 * lda, a7 = ai + 7 * lda;
        for (int p = 0; p < k; p++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av;
            av = FloatVector.broadcast(S, a[a0 + p]); c0_0 = av.fma(b0, c0_0); c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(S, a[a1 + p]); c1_0 = av.fma(b0, c1_0); c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(S, a[a2 + p]); c2_0 = av.fma(b0, c2_0); c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(S, a[a3 + p]); c3_0 = av.fma(b0, c3_0); c3_1 = av.fma(b1, c3_1);
            av = FloatVector.broadcast(S, a[a4 + p]); c4_0 = av.fma(b0, c4_0); c4_1 = av.fma(b1, c4_1);
            av = FloatVector.broadcast(S, a[a5 + p]); c5_0 = av.fma(b0, c5_0); c5_1 = av.fma(b1, c5_1);
            av = FloatVector.broadcast(S, a[a6 + p]); c6_0 = av.fma(b0, c6_0); c6_1 = av.fma(b1, c6_1);
            av = FloatVector.broadcast(S, a[a7 + p]); c7_0 = av.fma(b0, c7_0); c7_1 = av.fma(b1, c7_1);
        }
        if (w == NR) {
            FloatVector bv = FloatVector.broadcast(S, beta);
            boolean load = beta != 0f;
            if (load) { c0_0 = FloatVector.fromArray(S, c, ci).fma(bv, c0_0); c0_1 = FloatVector.fromArray(S, c, ci + L).fma(bv, c0_1); }
            c0_0.intoArray(c, ci); c0_1.intoArray(c, ci + L);
            if (load) { c1_0 = FloatVector.fromArray(S, c, ci + 1 * ldc).fma(bv, c1_0); c1_1 = FloatVector.fromArray(S, c, ci + 1 * ldc + L).fma(bv, c1_1); }
            c1_0.intoArray(c, ci + 1 * ldc); c1_1.intoArray(c, ci + 1 * ldc + L);
            if (load) { c2_0 = FloatVector.fromArray(S, c, ci + 2 * ldc).fma(bv, c2_0); c2_1 = FloatVector.fromArray(S, c, ci + 2 * ldc + L).fma(bv, c2_1); }
            c2_0.intoArray(c, ci + 2 * ldc); c2_1.intoArray(c, ci + 2 * ldc + L);
            if (load) { c3_0 = FloatVector.fromArray(S, c, ci + 3 * ldc).fma(bv, c3_0); c3_1 = FloatVector.fromArray(S, c, ci + 3 * ldc + L).fma(bv, c3_1); }
            c3_0.intoArray(c, ci + 3 * ldc); c3_1.intoArray(c, ci + 3 * ldc + L);
            if (load) { c4_0 = FloatVector.fromArray(S, c, ci + 4 * ldc).fma(bv, c4_0); c4_1 = FloatVector.fromArray(S, c, ci + 4 * ldc + L).fma(bv, c4_1); }
            c4_0.intoArray(c, ci + 4 * ldc); c4_1.intoArray(c, ci + 4 * ldc + L);
            if (load) { c5_0 = FloatVector.fromArray(S, c, ci + 5 * ldc).fma(bv, c5_0); c5_1 = FloatVector.fromArray(S, c, ci + 5 * ldc + L).fma(bv, c5_1); }
            c5_0.intoArray(c, ci + 5 * ldc); c5_1.intoArray(c, ci + 5 * ldc + L);
            if (load) { c6_0 = FloatVector.fromArray(S, c, ci + 6 * ldc).fma(bv, c6_0); c6_1 = FloatVector.fromArray(S, c, ci + 6 * ldc + L).fma(bv, c6_1); }
            c6_0.intoArray(c, ci + 6 * ldc); c6_1.intoArray(c, ci + 6 * ldc + L);
            if (load) { c7_0 = FloatVector.fromArray(S, c, ci + 7 * ldc).fma(bv, c7_0); c7_1 = FloatVector.fromArray(S, c, ci + 7 * ldc + L).fma(bv, c7_1); }
            c7_0.intoArray(c, ci + 7 * ldc); c7_1.intoArray(c, ci + 7 * ldc + L);
            return;
        }
        c0_0.intoArray(scratch, 0 * NR); c0_1.intoArray(scratch, 0 * NR + L);
        c1_0.intoArray(scratch, 1 * NR); c1_1.intoArray(scratch, 1 * NR + L);
        c2_0.intoArray(scratch, 2 * NR); c2_1.intoArray(scratch, 2 * NR + L);
        c3_0.intoArray(scratch, 3 * NR); c3_1.intoArray(scratch, 3 * NR + L);
        c4_0.intoArray(scratch, 4 * NR); c4_1.intoArray(scratch, 4 * NR + L);
        c5_0.intoArray(scratch, 5 * NR); c5_1.intoArray(scratch, 5 * NR + L);
        c6_0.intoArray(scratch, 6 * NR); c6_1.intoArray(scratch, 6 * NR + L);
        c7_0.intoArray(scratch, 7 * NR); c7_1.intoArray(scratch, 7 * NR + L);
        mergeEdge(scratch, c, ci, ldc, 8, w, beta);
    }

    /** Rows [0, 4) of C at ci against one B panel (bi, NR wide, k deep); w columns of it are stored. */
    private static void kernel4(int k, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc,
                                int w, float beta, float[] scratch) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        int a0 = ai, a1 = ai + 1 * lda, a2 = ai + 2 * lda, a3 = ai + 3 * lda;
        for (int p = 0; p < k; p++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av;
            av = FloatVector.broadcast(S, a[a0 + p]); c0_0 = av.fma(b0, c0_0); c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(S, a[a1 + p]); c1_0 = av.fma(b0, c1_0); c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(S, a[a2 + p]); c2_0 = av.fma(b0, c2_0); c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(S, a[a3 + p]); c3_0 = av.fma(b0, c3_0); c3_1 = av.fma(b1, c3_1);
        }
        if (w == NR) {
            FloatVector bv = FloatVector.broadcast(S, beta);
            boolean load = beta != 0f;
            if (load) { c0_0 = FloatVector.fromArray(S, c, ci).fma(bv, c0_0); c0_1 = FloatVector.fromArray(S, c, ci + L).fma(bv, c0_1); }
            c0_0.intoArray(c, ci); c0_1.intoArray(c, ci + L);
            if (load) { c1_0 = FloatVector.fromArray(S, c, ci + 1 * ldc).fma(bv, c1_0); c1_1 = FloatVector.fromArray(S, c, ci + 1 * ldc + L).fma(bv, c1_1); }
            c1_0.intoArray(c, ci + 1 * ldc); c1_1.intoArray(c, ci + 1 * ldc + L);
            if (load) { c2_0 = FloatVector.fromArray(S, c, ci + 2 * ldc).fma(bv, c2_0); c2_1 = FloatVector.fromArray(S, c, ci + 2 * ldc + L).fma(bv, c2_1); }
            c2_0.intoArray(c, ci + 2 * ldc); c2_1.intoArray(c, ci + 2 * ldc + L);
            if (load) { c3_0 = FloatVector.fromArray(S, c, ci + 3 * ldc).fma(bv, c3_0); c3_1 = FloatVector.fromArray(S, c, ci + 3 * ldc + L).fma(bv, c3_1); }
            c3_0.intoArray(c, ci + 3 * ldc); c3_1.intoArray(c, ci + 3 * ldc + L);
            return;
        }
        c0_0.intoArray(scratch, 0 * NR); c0_1.intoArray(scratch, 0 * NR + L);
        c1_0.intoArray(scratch, 1 * NR); c1_1.intoArray(scratch, 1 * NR + L);
        c2_0.intoArray(scratch, 2 * NR); c2_1.intoArray(scratch, 2 * NR + L);
        c3_0.intoArray(scratch, 3 * NR); c3_1.intoArray(scratch, 3 * NR + L);
        mergeEdge(scratch, c, ci, ldc, 4, w, beta);
    }

    /** Rows [0, 1) of C at ci against one B panel (bi, NR wide, k deep); w columns of it are stored. */
    private static void kernel1(int k, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc,
                                int w, float beta, float[] scratch) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        int a0 = ai;
        for (int p = 0; p < k; p++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av;
            av = FloatVector.broadcast(S, a[a0 + p]); c0_0 = av.fma(b0, c0_0); c0_1 = av.fma(b1, c0_1);
        }
        if (w == NR) {
            FloatVector bv = FloatVector.broadcast(S, beta);
            boolean load = beta != 0f;
            if (load) { c0_0 = FloatVector.fromArray(S, c, ci).fma(bv, c0_0); c0_1 = FloatVector.fromArray(S, c, ci + L).fma(bv, c0_1); }
            c0_0.intoArray(c, ci); c0_1.intoArray(c, ci + L);
            return;
        }
        c0_0.intoArray(scratch, 0 * NR); c0_1.intoArray(scratch, 0 * NR + L);
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
