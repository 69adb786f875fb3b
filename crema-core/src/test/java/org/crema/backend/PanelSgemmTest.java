package org.crema.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A^T B from operands written row block by row block into panels, against a naive double product on
 * odd sizes (partial A and B panels, k = 0, 1 and deeper than a k block, garbage in the padding), and
 * the promise its callers rely on: the vector kernel and the scalar path give the same bits, whatever
 * the blocks the operands were written in.
 */
class PanelSgemmTest {

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** Writes row-major src (k x cols) into panels w wide, in row blocks of the given size. */
    private static float[] panels(float[] src, int k, int cols, int w, int block, boolean vector, SplittableRandom r) {
        float[] dst = random(r, PanelSgemm.size(k, cols, w)); // garbage where nothing is written
        for (int r0 = 0; r0 < k; r0 += block) {
            int rows = Math.min(block, k - r0);
            if (vector) PanelSgemm.packRows(src, r0 * cols, cols, rows, cols, dst, r0, k, w);
            else PanelSgemm.scalarPackRows(src, r0 * cols, cols, rows, cols, dst, r0, k, w);
        }
        return dst;
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"1, 1, 1", "12, 32, 0", "5, 7, 3", "13, 33, 17", "161, 512, 300", "24, 64, 600", "25, 100, 257", "7, 76, 1000"})
    void matchesNaiveAndVectorEqualsScalarBitForBit(int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(17L * m + 5L * n + k);
        float[] a = random(r, k * m), b = random(r, k * n);
        int ldc = n + 3, w = PanelSgemm.bPanel();
        float[] ap = panels(a, k, m, PanelSgemm.A_PANEL, 8, true, r), bp = panels(b, k, n, w, 3, true, r);
        assertArrayEquals(ap, panels(a, k, m, PanelSgemm.A_PANEL, 5, false, r));
        assertArrayEquals(bp, panels(b, k, n, w, 7, false, r));
        float[] c = new float[m * ldc];
        Arrays.fill(c, Float.NaN);
        PanelSgemm.sgemmTN(m, n, k, ap, bp, c, ldc);
        float[] ref = new float[m * ldc];
        Arrays.fill(ref, Float.NaN);
        PanelSgemm.scalar(m, n, k, 0, n, ap, 0, k, bp, w, ref, ldc, false);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                float got = c[i * ldc + j];
                if (j >= n) {
                    assertTrue(Float.isNaN(got), "padding column written at " + i + ", " + j);
                    continue;
                }
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a[p * m + i] * b[p * n + j];
                assertEquals(s, got, 1e-5 * (1 + Math.abs(s)) + 1e-6 * k, "C[" + i + "][" + j + "]");
                assertEquals(Float.floatToRawIntBits(ref[i * ldc + j]), Float.floatToRawIntBits(got), "bits of C[" + i + "][" + j + "]");
            }
        }
        // the same product in two accumulating parts, A's rows taken from the middle of the panel matrix and
        // each part's B packed on its own: the same bits, vector and scalar
        int k1 = k / 3;
        float[] split = new float[m * ldc], splitScalar = new float[m * ldc];
        for (boolean vector : new boolean[] {true, false}) {
            float[] dst = vector ? split : splitScalar;
            for (int part = 0; part < 2; part++) {
                int r0 = part == 0 ? 0 : k1, rows = part == 0 ? k1 : k - k1;
                float[] bPart = panels(java.util.Arrays.copyOfRange(b, r0 * n, (r0 + rows) * n), rows, n, w, 4, true, r);
                if (vector) PanelSgemm.sgemmTN(m, n, rows, ap, r0, k, bPart, dst, ldc, part == 1);
                else PanelSgemm.scalar(m, n, rows, 0, n, ap, r0, k, bPart, w, dst, ldc, part == 1);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(Float.floatToRawIntBits(c[i * ldc + j]), Float.floatToRawIntBits(split[i * ldc + j]), "split, C[" + i + "][" + j + "]");
                assertEquals(Float.floatToRawIntBits(c[i * ldc + j]), Float.floatToRawIntBits(splitScalar[i * ldc + j]), "scalar split, C[" + i + "][" + j + "]");
            }
        }
    }
}
