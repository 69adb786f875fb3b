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
 * Every GEMM path (the Vector API kernels, the scalar reference and the facade on the current backend)
 * against a naive product in double precision, on odd sizes, all four transposes, alpha/beta,
 * offsets and leading dimensions wider than the matrices. Sizes cross the block sizes (KC, MC, NC)
 * and the paths the driver picks (small, direct B, thin output, split over M, N or K).
 */
class GemmTest {

    enum Impl { VECTOR, SCALAR, FACADE }

    private static final double TOL = 1e-5;

    record Case(int m, int n, int k) {
        @Override public String toString() { return m + "x" + n + "x" + k; }
    }

    /** Sizes and which alpha/beta pairs they run with (the big ones run fewer to keep CI fast). */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Case[] all = {
            new Case(1, 1, 1), new Case(2, 3, 1), new Case(5, 7, 3), new Case(13, 33, 17),
            new Case(127, 255, 63), new Case(12, 32, 300), new Case(25, 65, 257),
            new Case(4, 120, 400), new Case(64, 10, 128), new Case(32, 9, 1100),
            new Case(300, 2100, 70), new Case(150, 4200, 37), new Case(40, 4130, 270),
            new Case(290, 70, 530), new Case(9, 700, 32), new Case(7, 3, 2000), new Case(13, 21, 4200),
        };
        double[][] ab = {{1, 0}, {0.5, -1.5}, {-2, 1}};
        for (Case c : all) {
            long work = (long) c.m * c.n * c.k;
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (int q = 0; q < (work > 5_000_000 ? 1 : ab.length); q++) {
                        double[] pair = ab[(q + (ta ? 1 : 0) + (tb ? 2 : 0)) % ab.length];
                        out.add(Arguments.of(c, ta, tb, pair[0], pair[1]));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} ta={1} tb={2} alpha={3} beta={4}")
    @MethodSource("cases")
    void sgemmMatchesNaiveDouble(Case cs, boolean ta, boolean tb, double alpha, double beta) {
        runFloat(cs, ta, tb, (float) alpha, (float) beta);
    }

    @ParameterizedTest(name = "{0} ta={1} tb={2} alpha={3} beta={4}")
    @MethodSource("cases")
    void dgemmMatchesNaiveDouble(Case cs, boolean ta, boolean tb, double alpha, double beta) {
        if ((long) cs.m * cs.n * cs.k > 5_000_000) return; // the float runs cover the big paths; keeps CI fast
        runDouble(cs, ta, tb, alpha, beta);
    }

    @Test
    void zeroSizesAndZeroAlphaOnlyScaleC() {
        for (Impl impl : impls()) {
            float[] c = {1, 2, 3, 4};
            float[] a = {Float.NaN, 1}, b = {Float.NaN, 1};
            callFloat(impl, false, false, 2, 2, 0, 1f, a, 0, 1, b, 0, 2, 3f, c, 0, 2);
            assertArrayEquals(new float[] {3, 6, 9, 12}, c, impl.name());
            callFloat(impl, false, false, 2, 2, 0, 1f, a, 0, 1, b, 0, 2, 0f, c, 0, 2);
            assertArrayEquals(new float[] {0, 0, 0, 0}, c, impl.name());
            float[] untouched = {5};
            callFloat(impl, false, false, 0, 1, 3, 1f, a, 0, 3, b, 0, 1, 0f, untouched, 0, 1);
            assertArrayEquals(new float[] {5}, untouched, impl.name());
        }
    }

    @Test
    void facadeRefusesMatricesThatDoNotFit() {
        float[] a = new float[6], b = new float[6], c = new float[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 1, 3, b, 0, 2, 0f, c, 0, 2));
        assertTrue(e.getMessage().contains("sgemm") && e.getMessage().contains("A is 2x3"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.dgemm(false, false, -1, 2, 3, 1, new double[6], 0, 3, new double[6], 0, 2, 0, new double[4], 0, 2));
    }

    @Test
    void backendMatchesTheVectorSwitch() {
        assertEquals(VectorSupport.enabled() ? "vector" : "scalar", Backend.current().name());
        assertEquals("scalar", Backend.scalar().name());
        if (!"false".equals(System.getProperty("crema.vector"))) {
            assertTrue(VectorSupport.modulePresent(), "the build runs tests with --add-modules jdk.incubator.vector");
        } else {
            assertFalse(VectorSupport.enabled());
        }
    }

    // ------------------------------------------------------------------ harness

    /** Leading dimensions wider than the rows and nonzero offsets, so no kernel may assume packed input. */
    private static final int PAD = 3, OFF = 5;

    /** Implementations to check in this JVM: the vector kernels only where the Vector API is enabled. */
    private static Impl[] impls() {
        return VectorSupport.enabled() ? Impl.values() : new Impl[] {Impl.SCALAR, Impl.FACADE};
    }

    private static void runFloat(Case cs, boolean ta, boolean tb, float alpha, float beta) {
        int m = cs.m, n = cs.n, k = cs.k;
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + PAD, ldb = bCols + PAD, ldc = n + PAD;
        SplittableRandom r = new SplittableRandom(31L * m + 7L * n + k + (ta ? 1 : 0) + (tb ? 2 : 0));
        float[] a = randomF(r, OFF + aRows * lda), b = randomF(r, OFF + bRows * ldb), c0 = randomF(r, OFF + m * ldc);
        if (beta == 0f) java.util.Arrays.fill(c0, Float.NaN); // beta = 0 must not read C
        double[] ref = new double[m * n];
        double maxRef = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[OFF + p * lda + i] : a[OFF + i * lda + p];
                    double bv = tb ? b[OFF + j * ldb + p] : b[OFF + p * ldb + j];
                    s += av * bv;
                }
                ref[i * n + j] = alpha * s + (beta == 0f ? 0 : beta * (double) c0[OFF + i * ldc + j]);
                maxRef = Math.max(maxRef, Math.abs(ref[i * n + j]));
            }
        }
        for (Impl impl : impls()) {
            float[] c = c0.clone();
            callFloat(impl, ta, tb, m, n, k, alpha, a, OFF, lda, b, OFF, ldb, beta, c, OFF, ldc);
            double maxErr = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float v = c[OFF + i * ldc + j];
                    if (Float.isNaN(v)) fail(impl + " " + cs + ": NaN at (" + i + "," + j + ")");
                    maxErr = Math.max(maxErr, Math.abs(ref[i * n + j] - v));
                }
            }
            assertTrue(maxErr <= TOL * maxRef, impl + " " + cs + " ta=" + ta + " tb=" + tb
                    + ": relative error " + maxErr / maxRef);
            for (int i = 0; i < c.length; i++) {
                int row = (i - OFF) / ldc, col = (i - OFF) % ldc;
                if (i < OFF || row >= m || col >= n) {
                    assertEquals(Float.floatToRawIntBits(c0[i]), Float.floatToRawIntBits(c[i]), impl + " " + cs + " wrote outside C at " + i);
                }
            }
        }
    }

    private static void runDouble(Case cs, boolean ta, boolean tb, double alpha, double beta) {
        int m = cs.m, n = cs.n, k = cs.k;
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + PAD, ldb = bCols + PAD, ldc = n + PAD;
        SplittableRandom r = new SplittableRandom(17L * m + 3L * n + k + (ta ? 1 : 0) + (tb ? 2 : 0));
        double[] a = randomD(r, OFF + aRows * lda), b = randomD(r, OFF + bRows * ldb), c0 = randomD(r, OFF + m * ldc);
        if (beta == 0) java.util.Arrays.fill(c0, Double.NaN);
        double[] ref = new double[m * n];
        double maxRef = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (ta ? a[OFF + p * lda + i] : a[OFF + i * lda + p]) * (tb ? b[OFF + j * ldb + p] : b[OFF + p * ldb + j]);
                }
                ref[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c0[OFF + i * ldc + j]);
                maxRef = Math.max(maxRef, Math.abs(ref[i * n + j]));
            }
        }
        for (Impl impl : impls()) {
            double[] c = c0.clone();
            switch (impl) {
                case VECTOR -> DgemmVector.gemm(ta, tb, m, n, k, alpha, a, OFF, lda, b, OFF, ldb, beta, c, OFF, ldc);
                case SCALAR -> Backend.scalar().dgemm(ta, tb, m, n, k, alpha, a, OFF, lda, b, OFF, ldb, beta, c, OFF, ldc);
                case FACADE -> Gemm.dgemm(ta, tb, m, n, k, alpha, a, OFF, lda, b, OFF, ldb, beta, c, OFF, ldc);
            }
            double maxErr = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) maxErr = Math.max(maxErr, Math.abs(ref[i * n + j] - c[OFF + i * ldc + j]));
            }
            assertTrue(maxErr <= 1e-12 * maxRef, impl + " " + cs + ": relative error " + maxErr / maxRef);
            for (int i = 0; i < c.length; i++) {
                int row = (i - OFF) / ldc, col = (i - OFF) % ldc;
                if (i < OFF || row >= m || col >= n) {
                    assertEquals(Double.doubleToRawLongBits(c0[i]), Double.doubleToRawLongBits(c[i]), impl + " wrote outside C at " + i);
                }
            }
        }
    }

    private static void callFloat(Impl impl, boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                  float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        switch (impl) {
            case VECTOR -> SgemmVector.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            case SCALAR -> Backend.scalar().sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            case FACADE -> Gemm.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    private static float[] randomF(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    private static double[] randomD(SplittableRandom r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextDouble() * 2 - 1;
        return x;
    }
}
