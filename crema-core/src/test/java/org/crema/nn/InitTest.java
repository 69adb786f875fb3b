package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InitTest {
    @BeforeEach
    void seed() { Tensor.manualSeed(37); }

    private static double[] stats(Tensor t) {
        double[] v = t.toDoubleArray();
        double sum = 0, sq = 0, max = 0;
        for (double x : v) { sum += x; sq += x * x; max = Math.max(max, Math.abs(x)); }
        double mean = sum / v.length;
        return new double[] {mean, Math.sqrt(sq / v.length - mean * mean), max};
    }

    @Test
    void gains() {
        assertEquals(1, Init.calculateGain("linear"));
        assertEquals(1, Init.calculateGain("sigmoid"));
        assertEquals(1, Init.calculateGain("conv2d"));
        assertEquals(5.0 / 3, Init.calculateGain("tanh"));
        assertEquals(Math.sqrt(2), Init.calculateGain("relu"));
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.calculateGain("leaky_relu"));
        assertEquals(Math.sqrt(2 / 1.04), Init.calculateGain("leaky_relu", 0.2), 1e-15);
        assertEquals(0.75, Init.calculateGain("selu"));
        var e = assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("swish"));
        assertTrue(e.getMessage().contains("swish"));
    }

    @Test
    void fansIncludeReceptiveField() {
        assertArrayEquals(new int[] {3 * 25, 16 * 25}, Init.fans(Tensor.zeros(16, 3, 5, 5)));
        assertArrayEquals(new int[] {7, 4}, Init.fans(Tensor.zeros(4, 7)));
        assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform(Tensor.zeros(5)));
    }

    @Test
    void xavierBoundsAndStd() {
        Tensor t = Tensor.zeros(300, 500);
        double bound = Math.sqrt(6.0 / 800);
        double[] s = stats(Init.xavierUniform(t));
        assertTrue(s[2] <= bound && s[2] > 0.99 * bound, "max " + s[2]);
        assertEquals(bound / Math.sqrt(3), s[1], 0.01 * bound);
        s = stats(Init.xavierNormal(t, 2.0));
        assertEquals(2 * Math.sqrt(2.0 / 800), s[1], 0.01 * 2 * Math.sqrt(2.0 / 800));
        assertEquals(0, s[0], 0.002);
    }

    @Test
    void kaimingBoundsAndStd() {
        Tensor conv = Tensor.zeros(64, 32, 3, 3);     // fan_in 288, fan_out 576
        double[] s = stats(Init.kaimingNormal(conv, 0, Init.FanMode.FAN_OUT, "relu"));
        double std = Math.sqrt(2.0 / 576);
        assertEquals(std, s[1], 0.02 * std);
        s = stats(Init.kaimingUniform(conv));
        double bound = Math.sqrt(2.0) * Math.sqrt(3.0 / 288);
        assertTrue(s[2] <= bound && s[2] > 0.99 * bound);
        s = stats(Init.kaimingUniform(conv, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu"));
        assertTrue(s[2] <= 1 / Math.sqrt(288) && s[2] > 0.99 / Math.sqrt(288), "torch's Linear/Conv default bound 1/sqrt(fan_in)");
        s = stats(Init.kaimingNormal(conv));
        assertEquals(Math.sqrt(2.0 / 288), s[1], 0.02 * Math.sqrt(2.0 / 288));
    }

    @Test
    void fixedAndSimpleDistributions() {
        Tensor t = Tensor.zeros(DType.FLOAT64, 200, 100);
        assertEquals(20000, Init.ones(t).sum().item());
        assertEquals(0, Init.zeros(t).sum().item());
        assertEquals(-2.5 * 20000, Init.constant(t, -2.5).sum().item());
        double[] s = stats(Init.uniform(t, 2, 4));
        assertEquals(3, s[0], 0.02);
        assertTrue(t.toDoubleArray()[0] >= 2 && s[2] < 4);
        s = stats(Init.normal(t, 1, 0.5));
        assertEquals(1, s[0], 0.01);
        assertEquals(Math.sqrt(0.25 + 1) , Math.sqrt(s[1] * s[1] + s[0] * s[0]), 0.02);
        assertThrows(IllegalArgumentException.class, () -> Init.ones(Tensor.zeros(DType.INT64, 2)));
    }

    @Test
    void writesIntoParametersAndViewsWithoutAGraph() {
        Linear fc = new Linear(3, 4);
        Init.constant(fc.weight(), 0.25);
        assertTrue(fc.weight().isLeaf() && fc.weight().requiresGrad());
        assertEquals(3, fc.weight().sum().item(), 1e-6);
        Tensor m = Tensor.zeros(3, 4);
        Init.ones(m.t());            // a non-contiguous view writes through
        assertEquals(12, m.sum().item());
        Init.constant(m.select(1, 2), 7);
        assertEquals(7, m.get(2, 2));
    }

    @Test
    void seededReproducibility() {
        Tensor.manualSeed(1);
        Tensor a = Init.kaimingNormal(Tensor.zeros(5, 5));
        Tensor.manualSeed(1);
        assertTrue(a.equal(Init.kaimingNormal(Tensor.zeros(5, 5))));
    }
}
