package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fused reluMaxPool2d against relu followed by maxPool2d: same values, same gradients. */
class ReluMaxPoolTest {

    @BeforeEach
    void seed() { Tensor.manualSeed(11); }

    private static final int[][] CASES = { // h, w, kh, kw, sh, sw, ph, pw
            {8, 8, 2, 2, 2, 2, 0, 0}, {9, 7, 2, 2, 2, 2, 0, 0}, {7, 9, 3, 3, 2, 2, 1, 1}, {11, 6, 3, 2, 1, 2, 1, 0},
            {5, 5, 5, 5, 1, 1, 2, 2}, {10, 13, 4, 3, 3, 2, 2, 1}, {28, 28, 2, 2, 2, 2, 0, 0}};

    /** Both forms' output and input gradient, for a random upstream gradient. */
    private static Tensor[] run(boolean fused, Tensor x0, Tensor gy, int[] k, int[] s, int[] p) {
        Tensor x = x0.detach().requiresGrad(true);
        Tensor y = fused ? Functional.reluMaxPool2d(x, k, s, p) : Functional.maxPool2d(Functional.relu(x), k, s, p);
        y.mul(gy).sum().backward();
        return new Tensor[] {y, x.grad()};
    }

    @Test
    void sameValuesAndGradientsAsReluThenMaxPool() {
        for (int[] c : CASES) {
            int[] k = {c[2], c[3]}, s = {c[4], c[5]}, p = {c[6], c[7]};
            // rounded to a coarse grid so that windows hold ties, zeros and all-negative maxima
            float[] v = Tensor.randn(3, 4, c[0], c[1]).toFloatArray();
            for (int i = 0; i < v.length; i++) v[i] = Math.round(v[i] * 2) / 2f;
            Tensor x = Tensor.of(v, 3, 4, c[0], c[1]);
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor xd = x.to(dt);
                Tensor gy = Tensor.randn(Functional.maxPool2d(xd, k, s, p).shape()).to(dt);
                Tensor[] want = run(false, xd, gy, k, s, p);
                Tensor[] got = run(true, xd, gy, k, s, p);
                String what = dt + " " + Arrays.toString(c);
                assertArrayEquals(want[0].shape(), got[0].shape(), what);
                // delta 0: equal values, but +0 and -0 count as equal (a zero gradient's sign may differ)
                assertArrayEquals(want[0].toDoubleArray(), got[0].toDoubleArray(), 0.0, what);
                assertArrayEquals(want[1].toDoubleArray(), got[1].toDoubleArray(), 0.0, what);
            }
        }
    }

    @Test
    void tiesNaNAndNonPositiveWindows() {
        float nan = Float.NaN;
        float[] v = {3, 3, -1, -2, nan, 2, -0f, 0f, 0f, 1,
                     1, 3, -3, -1, 1, 1, 0f, -1, 2, 2};
        Tensor x = Tensor.of(v, 1, 1, 2, 10).requiresGrad(true);
        Tensor y = Functional.reluMaxPool2d(x, 2);
        assertArrayEquals(new float[] {3, 0, nan, 0, 2}, y.toFloatArray());
        y.sum().backward();
        // first of the tied 3s; nothing to the all-negative and all-zero windows; NaN routes NaN * 1
        float[] g = x.grad().toFloatArray();
        assertArrayEquals(new float[] {1, 0, 0, 0, nan, 0, 0, 0, 0, 0,
                                       0, 0, 0, 0, 0, 0, 0, 0, 1, 0}, g, 0f);
        Tensor x2 = Tensor.of(v, 1, 1, 2, 10).requiresGrad(true);
        Tensor y2 = Functional.maxPool2d(Functional.relu(x2), 2);
        assertArrayEquals(y2.toFloatArray(), y.toFloatArray());
        y2.sum().backward();
        assertArrayEquals(x2.grad().toFloatArray(), g, 0f);
    }

    @Test
    void gradCheck() {
        GradCheck.check(t -> Functional.reluMaxPool2d(t[0], 2), GradCheck.leaves(Tensor.randn(2, 3, 6, 7)));
        GradCheck.check(t -> Functional.reluMaxPool2d(t[0], new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1}),
                GradCheck.leaves(Tensor.randn(2, 2, 7, 5)));
        GradCheck.check(t -> Functional.reluMaxPool2d(t[0], 2), GradCheck.leaves(Tensor.randn(3, 4, 4)));
    }

    @Test
    void sequentialFusesReluThenMaxPoolWithTheSameResults() {
        Conv2d conv = new Conv2d(2, 5, 3, 1, 1);
        Sequential model = new Sequential(conv, new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(5 * 4 * 3, 3));
        Tensor x = Tensor.randn(4, 2, 9, 7);
        Tensor y = model.forward(x);
        y.sum().backward();
        Tensor gw = conv.weight().grad();
        model.zeroGrad();

        Tensor h = x;
        for (Module m : model) h = m.forward(h);   // layer by layer, unfused
        assertArrayEquals(h.toDoubleArray(), y.toDoubleArray(), 0.0);
        h.sum().backward();
        assertArrayEquals(conv.weight().grad().toDoubleArray(), gw.toDoubleArray(), 0.0);
        assertEquals(Arrays.asList("0.weight", "0.bias", "4.weight", "4.bias"), model.stateDict().keySet().stream().toList());
    }

    @Test
    void sequentialStillNamesTheFailingLayer() {
        Sequential model = new Sequential(new ReLU(), new MaxPool2d(4));
        var e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.randn(1, 1, 3, 3)));
        assertTrue(e.getMessage().startsWith("Sequential layer 1 (MaxPool2d("), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.randn(4, 28)));
        assertTrue(e.getMessage().startsWith("Sequential layer 1 (MaxPool2d("), e.getMessage());
    }
}
