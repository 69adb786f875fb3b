package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.DoubleUnaryOperator;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActivationTest {
    // values on both sides of every kink, avoiding the kinks themselves for finite differences
    private static final double[] XS = {-3.7, -1.2, -0.31, -0.02, 0.015, 0.4, 1.1, 2.9, 5.5};

    @BeforeEach
    void seed() { Tensor.manualSeed(19); }

    private static void assertValues(Module m, DoubleUnaryOperator f) {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(XS, 3, 3).to(dt);
            double[] got = m.forward(x).toDoubleArray();
            for (int i = 0; i < XS.length; i++) {
                assertEquals(f.applyAsDouble(XS[i]), got[i], dt == DType.FLOAT32 ? 2e-6 * Math.max(1, Math.abs(got[i])) : 1e-13,
                        m + " at " + XS[i] + " (" + dt + ")");
            }
            assertEquals(dt, m.forward(x).dtype());
        }
    }

    private static double erf(double x) { return Activations.erf(x); }

    @Test
    void valuesByFormula() {
        assertValues(new ReLU(), x -> Math.max(x, 0));
        assertValues(new LeakyReLU(), x -> x > 0 ? x : 0.01 * x);
        assertValues(new LeakyReLU(0.2), x -> x > 0 ? x : 0.2 * x);
        assertValues(new ELU(), x -> x > 0 ? x : Math.exp(x) - 1);
        assertValues(new ELU(0.7), x -> x > 0 ? x : 0.7 * (Math.exp(x) - 1));
        assertValues(new GELU(), x -> 0.5 * x * (1 + erf(x / Math.sqrt(2))));
        assertValues(new GELU("tanh"), x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))));
        assertValues(new Sigmoid(), x -> 1 / (1 + Math.exp(-x)));
        assertValues(new Tanh(), Math::tanh);
    }

    @Test
    void geluMatchesPytorchValues() {
        // 0.5 x (1 + erf(x / sqrt 2)) with Python's math.erf (C libm), as torch's exact gelu
        double[] x = {-2, -0.5, 0.5, 1, 3};
        double[] exact = {-0.04550026389635842, -0.15426876936299344, 0.34573123063700656, 0.8413447460685429, 2.99595030590511};
        assertArrayEquals(exact, Functional.gelu(Tensor.of(x)).toDoubleArray(), 1e-14);
        // the tanh form with Python's math.tanh
        double[] tanh = {-0.04540230591222494, -0.15428599017485606, 0.34571400982514394, 0.8411919906082768, 2.996362607918227};
        assertArrayEquals(tanh, Functional.gelu(Tensor.of(x), "tanh").toDoubleArray(), 1e-14);
    }

    @Test
    void erfAgainstReferenceValues() {
        // Python's math.erf (C libm)
        double[][] ref = {{0, 0}, {0.1, 0.1124629160182849}, {0.5, 0.5204998778130465}, {1, 0.8427007929497149},
                {2, 0.9953222650189527}, {2.9, 0.9999589021219005}, {3, 0.9999779095030014}, {3.5, 0.9999992569016276},
                {5, 0.9999999999984626}, {-1.5, -0.9661051464753108}, {7, 1}};
        for (double[] r : ref) assertEquals(r[1], Activations.erf(r[0]), 2e-15, "erf(" + r[0] + ")");
    }

    @Test
    void tableErfMatchesTheSlowReferenceEverywhere() {
        double worst = 0;
        for (double x = -7; x <= 7; x += 0.0013) worst = Math.max(worst, Math.abs(Erf.erf(x) - Erf.reference(x)));
        assertTrue(worst < 2.5e-15, "max |table - reference| " + worst);   // both within ~1e-15 of C libm near 3
        assertEquals(-1, Erf.erf(-6.5));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
    }

    @Test
    void softmaxModules() {
        Tensor x = Tensor.randn(4, 5);
        assertTrue(new Softmax(1).forward(x).allClose(x.softmax(1), 0, 0));
        assertTrue(new LogSoftmax(-1).forward(x).allClose(x.logSoftmax(-1), 0, 0));
        assertArrayEquals(new double[] {1, 1, 1, 1}, new Softmax(1).forward(x).sum(1).toDoubleArray(), 1e-6);
        assertEquals("Softmax(dim=1)", new Softmax(1).toString());
        var e = assertThrows(IllegalArgumentException.class, () -> new Softmax(2).forward(x));
        assertTrue(e.getMessage().startsWith("Softmax(dim=2): expected input"), e.getMessage());
    }

    @Test
    void gradChecks() {
        Tensor x = Tensor.of(XS, 3, 3).mul(Tensor.randn(3, 3).abs().add(0.5)).add(0.003);
        Module[] ms = {new ReLU(), new LeakyReLU(0.05), new ELU(1.3), new GELU(), new GELU("tanh"), new Sigmoid(), new Tanh(),
                new Softmax(0), new Softmax(1), new LogSoftmax(0), new LogSoftmax(-1), new Identity(), new Flatten(0, -1)};
        for (Module m : ms) {
            GradCheck.Result r = GradCheck.run(t -> m.forward(t[0]), 1e-6, 1e-5, 1e-3, GradCheck.leaves(x));
            assertTrue(r.passed(), m + ": " + r);
        }
    }

    @Test
    void gradOfFusedKernelsNonContiguousAndFloat32() {
        Tensor base = Tensor.randn(5, 4);
        for (var f : java.util.List.<java.util.function.UnaryOperator<Tensor>>of(Functional::relu, Functional::elu,
                t -> Functional.leakyRelu(t, 0.1), Functional::gelu)) {
            Tensor a = base.detach().requiresGrad(true);
            Tensor b = base.detach().requiresGrad(true);
            f.apply(a.t()).mul(Tensor.arange(5).to(DType.FLOAT32)).sum().backward();
            f.apply(b.t().contiguous()).mul(Tensor.arange(5).to(DType.FLOAT32)).sum().backward();
            assertTrue(a.grad().allClose(b.grad(), 1e-6, 1e-7));
        }
    }

    @Test
    void kinksTakeTheLeftDerivativeAsPytorch() {
        Tensor x = Tensor.of(new float[] {-1, -0f, 0, 2}).requiresGrad(true);
        Functional.relu(x).sum().backward();
        assertArrayEquals(new double[] {0, 0, 0, 1}, x.grad().toDoubleArray());
        Tensor z = Tensor.of(new double[] {-1, 0, 2}).requiresGrad(true);
        Functional.leakyRelu(z, 0.1).sum().backward();
        assertArrayEquals(new double[] {0.1, 0.1, 1}, z.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void reprsAndAccessors() {
        assertEquals("ReLU()", new ReLU().toString());
        assertEquals("LeakyReLU(negative_slope=0.01)", new LeakyReLU().toString());
        assertEquals(0.2, new LeakyReLU(0.2).negativeSlope());
        assertEquals("ELU(alpha=1.0)", new ELU().toString());
        assertEquals(2.0, new ELU(2).alpha());
        assertEquals("GELU()", new GELU().toString());
        assertEquals("GELU(approximate='tanh')", new GELU("tanh").toString());
        assertEquals("tanh", new GELU("tanh").approximate());
        assertThrows(IllegalArgumentException.class, () -> new GELU("fast"));
        assertEquals("Flatten(start_dim=1, end_dim=-1)", new Flatten().toString());
        assertEquals(2, new LogSoftmax(2).dim());
    }

    @Test
    void flattenShapes() {
        Tensor x = Tensor.randn(2, 3, 4, 5);
        assertArrayEquals(new int[] {2, 60}, new Flatten().forward(x).shape());
        assertArrayEquals(new int[] {2, 12, 5}, new Flatten(1, 2).forward(x).shape());
        assertArrayEquals(new int[] {120}, new Flatten(0, -1).forward(x).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> new Flatten(2, -1).forward(Tensor.zeros(4, 3).sum(1)));
        assertTrue(e.getMessage().contains("got shape [4]"), e.getMessage());
    }
}
