package org.crema.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deprecated pre-packed B API ({@link Gemm#packB}, {@link Gemm#sgemmPacked}: a copy of op(B) and
 * sgemm) and the parallel split that packs one operand once for all threads: against a naive double
 * product on odd sizes, and bit for bit against the packed kernel run serially (how a product is split
 * over threads must not change its result).
 */
@SuppressWarnings("deprecation")
class GemmPackedTest {

    private static final int PAD = 3, OFF = 5;

    /** Split over M (M much larger) and over N, with and without a full copy, B in place (K <= 64), edges. */
    static Stream<Arguments> cases() {
        int[][] sizes = {{1, 1, 1}, {7, 5, 3}, {13, 33, 17}, {290, 70, 530}, {127, 255, 63}, {64, 512, 128},
                         {301, 97, 1100}, {25, 1030, 45}, {500, 40, 200}, {97, 611, 13}, {200, 256, 170}, {203, 320, 171}};
        List<Arguments> out = new ArrayList<>();
        for (int[] s : sizes) {
            for (int q = 0; q < 4; q++) out.add(Arguments.of(s[0], s[1], s[2], (q & 1) == 1, (q & 2) == 2));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} ta={3} tb={4}")
    @MethodSource("cases")
    void packedAndSplitProductsMatchNaiveAndTheSerialKernel(int m, int n, int k, boolean ta, boolean tb) {
        SplittableRandom r = new SplittableRandom(11L * m + 5L * n + k + (ta ? 1 : 0) + (tb ? 2 : 0));
        int lda = (ta ? m : k) + PAD, ldb = (tb ? k : n) + PAD, ldc = n + PAD;
        float[] a = random(r, OFF + (ta ? k : m) * lda), b = random(r, OFF + (tb ? n : k) * ldb), c0 = random(r, OFF + m * ldc);
        float alpha = 0.75f, beta = -0.5f;
        double[] ref = naive(m, n, k, ta, tb, alpha, a, lda, b, ldb, beta, c0, ldc);

        Gemm.PackedB pb = Gemm.packB(tb, k, n, b, OFF, ldb);
        assertEquals(k, pb.k());
        assertEquals(n, pb.n());
        float[] viaPacked = c0.clone();
        Gemm.sgemmPacked(ta, m, alpha, a, OFF, lda, pb, beta, viaPacked, OFF, ldc);
        assertClose(ref, viaPacked, m, n, ldc, c0, "sgemmPacked");

        float[] scalarPacked = c0.clone();
        Backend s = Backend.scalar();
        s.sgemmPacked(ta, m, n, k, alpha, a, OFF, lda, s.packB(tb, k, n, b, OFF, ldb), beta, scalarPacked, OFF, ldc);
        assertClose(ref, scalarPacked, m, n, ldc, c0, "scalar sgemmPacked");

        if (!VectorSupport.enabled()) return;
        float[] serial = c0.clone();
        SgemmVector.packed(ta, tb, m, n, k, alpha, a, OFF, lda, b, OFF, ldb, beta, serial, OFF, ldc, new SgemmVector.Workspace());
        assertClose(ref, serial, m, n, ldc, c0, "serial packed kernel");
        if (!tb || ta) { // A B^T may take the dot-product path, which sums in another order
            float[] split = c0.clone();
            SgemmVector.gemm(ta, tb, m, n, k, alpha, a, OFF, lda, b, OFF, ldb, beta, split, OFF, ldc);
            assertClose(ref, split, m, n, ldc, c0, "gemm");
            long work = (long) m * n * k;
            boolean splitK = k >= 2 * SgemmVector.KC && (long) m * n <= (1 << 16);
            if (work > SgemmVector.SMALL && n >= SgemmVector.NR && !splitK) {
                assertArrayEquals(serial, split, "the parallel split differs from the serial kernel");
            }
        }
    }

    @Test
    void doublePackedMatchesNaive() {
        int m = 37, n = 70, k = 129;
        SplittableRandom r = new SplittableRandom(3);
        double[] a = new double[m * k], b = new double[n * k], c = new double[m * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextDouble() - 0.5;
        for (int i = 0; i < b.length; i++) b[i] = r.nextDouble() - 0.5;
        Gemm.PackedB pb = Gemm.packB(true, k, n, b, 0, k);
        assertFalse(pb.isFloat());
        Gemm.dgemmPacked(false, m, 2.0, a, 0, k, pb, 0.0, c, 0, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
                assertEquals(2 * s, c[i * n + j], 1e-12 * k);
            }
        }
    }

    @Test
    void badInputIsRefusedWithTheShapes() {
        float[] b = new float[12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.packB(false, 4, 4, b, 0, 4));
        assertTrue(e.getMessage().contains("packB") && e.getMessage().contains("4x4"), e.getMessage());
        Gemm.PackedB pb = Gemm.packB(false, 3, 4, b, 0, 4);
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmPacked(false, 2, 1f, new float[5], 0, 3, pb, 0f, new float[8], 0, 4));
        assertTrue(e.getMessage().contains("sgemmPacked") && e.getMessage().contains("A is 2x3"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.dgemmPacked(false, 2, 1, new double[6], 0, 3, pb, 0, new double[8], 0, 4));
        float[] c = {1, 2};
        Gemm.sgemmPacked(false, 1, 1f, new float[0], 0, 1, Gemm.packB(false, 0, 2, new float[0], 0, 2), 2f, c, 0, 2);
        assertArrayEquals(new float[] {2, 4}, c);
    }

    private static double[] naive(int m, int n, int k, boolean ta, boolean tb, float alpha, float[] a, int lda,
                                  float[] b, int ldb, float beta, float[] c0, int ldc) {
        double[] ref = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) (ta ? a[OFF + p * lda + i] : a[OFF + i * lda + p]) * (tb ? b[OFF + j * ldb + p] : b[OFF + p * ldb + j]);
                }
                ref[i * n + j] = alpha * s + beta * (double) c0[OFF + i * ldc + j];
            }
        }
        return ref;
    }

    private static void assertClose(double[] ref, float[] c, int m, int n, int ldc, float[] c0, String what) {
        double maxRef = 1e-30, maxErr = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                maxRef = Math.max(maxRef, Math.abs(ref[i * n + j]));
                maxErr = Math.max(maxErr, Math.abs(ref[i * n + j] - c[OFF + i * ldc + j]));
            }
        }
        assertTrue(maxErr <= 1e-5 * maxRef, what + ": relative error " + maxErr / maxRef);
        for (int i = 0; i < c.length; i++) {
            int row = (i - OFF) / ldc, col = (i - OFF) % ldc;
            if (i < OFF || row >= m || col >= n) assertEquals(c0[i], c[i], what + " wrote outside C at " + i);
        }
    }

    private static float[] random(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }
}
