package org.crema.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packed-B products against a naive double product on odd sizes (row remainders of the 4-row
 * kernel, partial column panels, k = 0 and 1, offsets and wide leading dimensions), and the
 * promise recurrences rely on: the vector kernels, the scalar path and any split of the rows give
 * the same bits.
 */
class PackedSgemmTest {

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** op(B) element (p, j) of the unpacked operand. */
    private static float opB(boolean tb, float[] b, int bOff, int ldb, int p, int j) {
        return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    @ParameterizedTest(name = "{0}x{1}x{2} tb={3} beta={4}")
    @CsvSource({
        "1, 1, 1, false, 0", "3, 5, 7, true, 1", "8, 32, 128, false, 1", "13, 33, 17, true, -0.5",
        "21, 70, 300, false, 0", "64, 512, 128, true, 1", "64, 128, 512, false, 0", "4, 31, 1, true, 1",
        "12, 64, 0, false, 0.5", "7, 3, 9, false, 1", "9, 100, 40, true, 0", "40, 200, 300, false, 1", "11, 90, 700, true, 0",
    })
    void matchesNaiveAndVectorEqualsScalarBitForBit(int m, int n, int k, boolean tb, float beta) {
        SplittableRandom r = new SplittableRandom(31L * m + 7L * n + k);
        int lda = k + 3, ldb = (tb ? k : n) + 2, ldc = n + 5, aOff = 4, bOff = 3, cOff = 6;
        float[] a = random(r, aOff + m * lda), b = random(r, bOff + (tb ? n : k) * ldb);
        float[] c0 = random(r, cOff + m * ldc);
        if (beta == 0f) Arrays.fill(c0, cOff, c0.length, Float.NaN); // beta 0 must only write

        float[] facade = c0.clone();
        PackedSgemm.sgemm(m, a, aOff, lda, PackedSgemm.packB(tb, k, n, b, bOff, ldb), beta, facade, cOff, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = beta == 0f ? 0 : (double) beta * c0[cOff + i * ldc + j];
                for (int p = 0; p < k; p++) s += (double) a[aOff + i * lda + p] * opB(tb, b, bOff, ldb, p, j);
                float got = facade[cOff + i * ldc + j];
                assertEquals(s, got, 1e-5 * (1 + Math.abs(s)) + 1e-6 * k, "C[" + i + "][" + j + "]");
            }
        }
        // untouched: the padding columns of each row and the prefix
        for (int i = 0; i < m; i++) {
            for (int j = n; j < ldc && cOff + i * ldc + j < c0.length; j++) {
                assertEquals(Float.floatToRawIntBits(c0[cOff + i * ldc + j]), Float.floatToRawIntBits(facade[cOff + i * ldc + j]));
            }
        }
        assertArrayEquals(Arrays.copyOf(c0, cOff), Arrays.copyOf(facade, cOff));

        // the vector kernels and the scalar reference on the same packed layout: identical bits
        PackedSgemm.PackedB vp = PackedSgemm.packB(tb, k, n, b, bOff, ldb, PackedSgemmVector.NR);
        float[] vec = c0.clone(), ref = c0.clone();
        PackedSgemmVector.gemm(m, n, k, 0, n, a, aOff, lda, vp.data, vp.nr, beta, vec, cOff, ldc);
        PackedSgemm.scalar(m, n, k, 0, n, a, aOff, lda, vp.data, vp.nr, beta, ref, cOff, ldc);
        assertArrayEquals(ref, vec);
        assertArrayEquals(ref, facade);

        // row by row (the 1-row kernel for every row) gives the same bits as the 4-row kernel
        float[] rows = c0.clone();
        for (int i = 0; i < m; i++) PackedSgemmVector.gemm(1, n, k, 0, n, a, aOff + i * lda, lda, vp.data, vp.nr, beta, rows, cOff + i * ldc, ldc);
        assertArrayEquals(vec, rows);

        // and column ranges of whole panels (the parallel split) the same bits again
        float[] cols = c0.clone();
        for (int j = 0; j < n; j += PackedSgemmVector.NR) {
            PackedSgemmVector.gemm(m, n, k, j, Math.min(n, j + PackedSgemmVector.NR), a, aOff, lda, vp.data, vp.nr, beta, cols, cOff, ldc);
        }
        assertArrayEquals(vec, cols);
    }

    @Test
    void refusesOperandsThatDoNotFit() {
        float[] b = new float[12];
        var e = assertThrows(IllegalArgumentException.class, () -> PackedSgemm.packB(false, 4, 4, b, 0, 4));
        assertTrue(e.getMessage().contains("B is 4x4"), e.getMessage());
        PackedSgemm.PackedB p = PackedSgemm.packB(true, 3, 4, b, 0, 3);
        assertEquals(3, p.k());
        assertEquals(4, p.n());
        assertThrows(IllegalArgumentException.class, () -> PackedSgemm.sgemm(2, new float[5], 0, 3, p, 0f, new float[8], 0, 4));
        assertThrows(IllegalArgumentException.class, () -> PackedSgemm.sgemm(2, new float[6], 0, 3, p, 0f, new float[7], 0, 4));
        assertThrows(IllegalArgumentException.class, () -> PackedSgemm.sgemm(-1, new float[6], 0, 3, p, 0f, new float[8], 0, 4));
    }
}
