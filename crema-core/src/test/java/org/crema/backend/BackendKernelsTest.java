package org.crema.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The current backend's elementwise, sum and softmax kernels against the scalar reference on odd lengths. */
class BackendKernelsTest {

    /** The vector kernels themselves (not gated by the warm-up) where the Vector API is on. */
    private static final Backend CUR = VectorSupport.enabled() ? new VectorBackend(false) : Backend.current();
    private static final Backend REF = Backend.scalar();
    private static final int[] LENGTHS = {0, 1, 7, 16, 17, 100, 1023, 1024, 1025, 5000};

    @Test
    void unaryFloatOpsMatchTheReference() {
        SplittableRandom r = new SplittableRandom(1);
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : LENGTHS) {
                float[] x = random(r, n + 3, op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.LOG1P ? 0 : -20, 20);
                if (n > 5) { x[3] = Float.NaN; x[4] = Float.POSITIVE_INFINITY; x[5] = Float.NEGATIVE_INFINITY; }
                float[] got = new float[n + 2], want = new float[n + 2];
                CUR.unary(op, x, 3, got, 2, n);
                REF.unary(op, x, 3, want, 2, n);
                for (int i = 0; i < n + 2; i++) {
                    assertClose(want[i], got[i], 2e-6, op + " n=" + n + " at " + i + " x=" + (i >= 2 ? x[i + 1] : 0));
                }
            }
        }
    }

    @Test
    void binaryFloatOpsMatchTheReferenceForEveryStridePattern() {
        SplittableRandom r = new SplittableRandom(2);
        for (BinaryOp op : BinaryOp.values()) {
            for (int[] st : new int[][] {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 3}}) {
                int n = 37;
                float[] a = random(r, 200, 0.1, 3), b = random(r, 200, 0.1, 3);
                float[] got = new float[n + 1], want = new float[n + 1];
                CUR.binary(op, a, 1, st[0], b, 2, st[1], got, 1, n);
                for (int i = 0; i < n; i++) {
                    want[i + 1] = (float) ScalarElementwise.apply(op, a[1 + i * st[0]], b[2 + i * st[1]]);
                }
                for (int i = 0; i <= n; i++) assertClose(want[i], got[i], 1e-6, op + " strides " + st[0] + "," + st[1]);
            }
        }
    }

    @Test
    void sumMatchesADoubleSum() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 15, 1024, 4097, 100_003}) {
            float[] x = random(r, n + 5, -1, 1);
            double exact = 0, abs = 0;
            for (int i = 0; i < n; i++) { exact += x[i + 5]; abs += Math.abs(x[i + 5]); }
            assertEquals(exact, CUR.sum(x, 5, n), 1e-6 * Math.max(abs, 1), "n=" + n);
            assertEquals(exact, REF.sum(x, 5, n), 1e-9 * Math.max(abs, 1), "n=" + n);
        }
    }

    @Test
    void softmaxRowsMatchTheReference() {
        SplittableRandom r = new SplittableRandom(4);
        for (boolean log : new boolean[] {false, true}) {
            for (int n : new int[] {1, 3, 10, 16, 33, 1000}) {
                int rows = 5;
                float[] x = random(r, 2 + rows * n, -30, 30);
                x[2 + n] = Float.NEGATIVE_INFINITY;          // one -inf entry in row 1
                if (n > 2) java.util.Arrays.fill(x, 2 + 2 * n, 2 + 3 * n, Float.NEGATIVE_INFINITY); // row 2 all -inf
                x[2 + 3 * n] = Float.NaN;                     // row 3 holds a NaN
                float[] got = new float[rows * n], want = new float[rows * n];
                CUR.softmaxRows(x, 2, got, 0, rows, n, log);
                REF.softmaxRows(x, 2, want, 0, rows, n, log);
                for (int i = 0; i < rows * n; i++) assertClose(want[i], got[i], 1e-5, (log ? "log" : "") + "softmax n=" + n + " at " + i);
            }
        }
    }

    @Test
    void theVectorBackendWaitsForItsWarmUpAndThenUsesTheVectorKernels() throws InterruptedException {
        if (!VectorSupport.enabled()) return;
        VectorBackend gated = (VectorBackend) Backend.current();
        gated.awaitWarm();
        assertTrue(gated.warm(), "awaitWarm returns once the vector kernels are in use");
        float[] x = {1, 2, 3}, y = new float[3];
        gated.unary(UnaryOp.EXP, x, 0, y, 0, 3);
        assertEquals(Math.exp(3), y[2], 1e-5);
    }

    @Test
    void thePackedKernelsWarmUpOnRequestAndTheirProductsWaitForIt() {
        if (!VectorSupport.enabled()) return;
        VectorBackend gated = (VectorBackend) Backend.current();
        PackedSgemm.warmUp();
        PackedSgemm.warmUp(); // starts one thread, whatever the number of calls
        gated.awaitPackedWarm();
        assertTrue(gated.warm() && gated.packedWarm(), "awaitPackedWarm returns once both warm-ups have run");
        // a product after the warm-up: the same values as the scalar reference (the kernels' own tests check the bits)
        float[] a = {1, 2, 3, 4, 5, 6}, b = {1, 0, 0, 1, 1, 1}, c = new float[4];
        PackedSgemm.sgemm(2, a, 0, 3, PackedSgemm.packB(false, 3, 2, b, 0, 2), 0f, c, 0, 2);
        assertArrayEquals(new float[] {4, 5, 10, 11}, c);
    }

    private static void assertClose(float want, float got, double rel, String what) {
        if (Float.isNaN(want) || Float.isInfinite(want)) {
            assertEquals(want, got, what);
            return;
        }
        assertEquals(want, got, rel * Math.max(1, Math.abs(want)), what);
    }

    private static float[] random(SplittableRandom r, int n, double lo, double hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return x;
    }
}
