package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sequential runs Linear + ReLU as one op (ReLU in place on the GEMM output): the same bits as the two layers. */
class LinearReluFusionTest {
    @BeforeEach
    void seed() { Tensor.manualSeed(23); }

    /** Odd sizes, and one batch large enough for the packed GEMM and the cached-W^T inference path. */
    private static final int[][] SHAPES = {{7, 13, 9, 5, 3}, {130, 150, 70, 66, 10}};

    private static Sequential mlp(int[] s, DType dt) {
        Sequential m = new Sequential(new Linear(s[1], s[2]), new ReLU(), new Linear(s[2], s[3]), new ReLU(), new Linear(s[3], s[4]));
        m.to(dt);
        return m;
    }

    /** The layers one by one: the unfused path. */
    private static Tensor unfused(Sequential m, Tensor x) {
        for (Module layer : m) x = layer.forward(x);
        return x;
    }

    private static void assertSameBits(Tensor want, Tensor got) {
        assertArrayEquals(want.shape(), got.shape());
        if (want.dtype() == DType.FLOAT32) assertArrayEquals(want.toFloatArray(), got.toFloatArray());
        else assertArrayEquals(want.toDoubleArray(), got.toDoubleArray());
    }

    @Test
    void forwardHasTheBitsOfLinearThenRelu() {
        for (int[] s : SHAPES) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Sequential m = mlp(s, dt);
                Tensor x = Tensor.randn(s[0], s[1]).to(dt);
                assertSameBits(unfused(m, x), m.forward(x));
                try (var g = Tensor.noGrad()) {
                    assertSameBits(unfused(m, x), m.forward(x));
                }
                m.eval();
                try (var g = Tensor.noGrad()) {
                    assertSameBits(unfused(m, x), m.forward(x));
                }
            }
        }
    }

    @Test
    void gradientsHaveTheBitsOfLinearThenRelu() {
        for (int[] s : SHAPES) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Sequential m = mlp(s, dt);
                Tensor x = Tensor.randn(s[0], s[1]).to(dt).requiresGrad(true);
                m.forward(x).square().sum().backward();
                List<Tensor> fused = new ArrayList<>();
                for (Tensor p : m.parameters()) fused.add(p.grad());
                Tensor fusedX = x.grad();
                m.zeroGrad();
                Tensor x2 = x.detach().requiresGrad(true);
                unfused(m, x2).square().sum().backward();
                List<Tensor> params = m.parameters();
                for (int i = 0; i < params.size(); i++) assertSameBits(params.get(i).grad(), fused.get(i));
                assertSameBits(x2.grad(), fusedX);
            }
        }
    }

    @Test
    void gradCheckOfTheFusedOp() {
        Tensor x = Tensor.randn(4, 3, 6), w = Tensor.randn(5, 6), b = Tensor.randn(5);
        GradCheck.check(t -> LinearOp.apply(t[0], t[1], t[2], true), GradCheck.leaves(x, w, b));
        GradCheck.check(t -> LinearOp.apply(t[0], t[1], null, true), GradCheck.leaves(x, w));
    }

    @Test
    void nanSurvivesTheReluInBothDtypes() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor r = Functional.relu(Tensor.of(new double[] {Double.NaN, -1, 2, -0.0}, 4).to(dt));
            double[] v = r.toDoubleArray();
            assertTrue(Double.isNaN(v[0]), dt + ": relu(NaN) is NaN as in torch");
            assertEquals(0.0, v[1]);
            assertEquals(2.0, v[2]);
            Sequential m = new Sequential(new Linear(3, 2), new ReLU());
            m.to(dt);
            Tensor x = Tensor.of(new double[] {Double.NaN, 1, 2, 3, 4, 5}, 2, 3).to(dt);
            assertSameBits(unfused(m, x), m.forward(x));
        }
    }

    @Test
    void aLinearSubclassWithItsOwnForwardIsNotFused() {
        Linear shifted = new Linear(4, 3) {
            @Override
            public Tensor forward(Tensor input) { return super.forward(input).add(Tensor.full(-100, 3)); }
        };
        Sequential m = new Sequential(shifted, new ReLU());
        Tensor y = m.forward(Tensor.randn(2, 4));
        assertArrayEquals(new double[6], y.toDoubleArray(), 0.0, "the override ran: everything shifted below zero");
    }

    @Test
    void shapeErrorsStillNameTheLinearLayer() {
        Sequential m = new Sequential(new Linear(4, 3), new ReLU(), new Linear(5, 2), new ReLU());
        var e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.randn(2, 4)));
        assertTrue(e.getMessage().startsWith("Sequential layer 2 (Linear(in_features=5"), e.getMessage());
    }

    // ---- inference through the cached W^T (TransposedWeight): FLOAT32, no graph, >= 128 rows, >= 64 outputs

    @Test
    void inferenceByTheCachedTransposeMatchesTheGraphPathToRounding() {
        Linear fc = new Linear(301, 257);
        Tensor x = Tensor.randn(200, 301);
        Tensor graph = fc.forward(x.detach().requiresGrad(true));
        try (var g = Tensor.noGrad()) {
            Tensor y = fc.forward(x);
            assertTrue(y.allClose(graph.detach(), 1e-5, 1e-5));
            assertSameBits(y, fc.forward(x));   // second call: from the cache
        }
    }

    @Test
    void theCacheFollowsInPlaceWeightChanges() {
        Linear fc = new Linear(300, 100);
        Tensor x = Tensor.randn(128, 300);
        try (var g = Tensor.noGrad()) {
            Tensor before = fc.forward(x);
            fc.weight().storageFloats()[fc.weight().storageOffset() + 7 * 300 + 11] += 1f;   // as an optimizer writes
            Tensor after = fc.forward(x);
            Tensor want = Functional.linear(x, fc.weight(), fc.bias());
            assertTrue(after.allClose(want, 1e-5, 1e-5));
            assertFalse(after.allClose(before, 1e-5, 1e-5));
            Linear other = new Linear(300, 100);
            fc.loadStateDict(other.stateDict());
            assertTrue(fc.forward(x).allClose(Functional.linear(x, other.weight(), other.bias()), 1e-5, 1e-5));
            // an optimizer step between two inference calls
            var opt = new org.crema.optim.SGD(fc.parameters(), 0.5);
            for (Tensor p : fc.parameters()) p.setGrad(Tensor.onesLike(p));
            opt.step();
            assertTrue(fc.forward(x).allClose(Functional.linear(x, fc.weight(), fc.bias()), 1e-5, 1e-5));
        }
    }

    @Test
    void theRowSplitDoesNotChangeARow() {
        Sequential m = mlp(new int[] {256, 300, 200, 100, 10}, DType.FLOAT32);
        Tensor x = Tensor.randn(256, 300);
        try (var g = Tensor.noGrad()) {
            Tensor all = m.forward(x);
            for (int[] part : new int[][] {{0, 128}, {128, 128}, {64, 192}, {0, 255}}) {
                assertSameBits(all.narrow(0, part[0], part[1]).contiguous(), m.forward(x.narrow(0, part[0], part[1])));
            }
        }
    }

    @Test
    void denseWithReluHasTheBitsOfItsPreActivationThenRelu() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            org.crema.train.Dense d = org.crema.train.Dense.of(37, 21, "relu");
            d.to(dt);
            Tensor x = Tensor.randn(9, 37).to(dt).requiresGrad(true);
            Tensor y = d.forward(x);
            y.square().sum().backward();
            Tensor gw = d.parameters().get(0).grad(), gx = x.grad();
            d.zeroGrad();
            Tensor x2 = x.detach().requiresGrad(true);
            Tensor y2 = Functional.relu(d.preActivation(x2));
            y2.square().sum().backward();
            assertSameBits(y2, y);
            assertSameBits(d.parameters().get(0).grad(), gw);
            assertSameBits(x2.grad(), gx);
        }
    }
}
