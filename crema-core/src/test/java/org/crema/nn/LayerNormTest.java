package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LayerNormTest {
    @BeforeEach
    void seed() { Tensor.manualSeed(29); }

    private static Tensor composed(Tensor x, int k, Tensor w, Tensor b, double eps) {
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = x.dim() - k + i;
        Tensor mean = x.mean(dims, true);
        Tensor var = x.sub(mean).square().mean(dims, true);
        Tensor y = x.sub(mean).div(var.add(eps).sqrt());
        return w == null ? y : y.mul(w).add(b);
    }

    @Test
    void valuesAgainstFormula() {
        LayerNorm ln = new LayerNorm(3, 4);
        Init.uniform(ln.weight(), 0.5, 1.5);
        Init.normal(ln.bias());
        Tensor x = Tensor.randn(2, 5, 3, 4).mul(3).add(2);
        assertTrue(ln.forward(x).allClose(composed(x, 2, ln.weight(), ln.bias(), 1e-5), 1e-5, 1e-5));
        ln.eval();
        assertTrue(ln.forward(x).allClose(composed(x, 2, ln.weight(), ln.bias(), 1e-5), 1e-5, 1e-5), "same in eval mode");
        // by hand: [1, 2, 3] has mean 2, biased variance 2/3
        Tensor y = Functional.layerNorm(Tensor.of(new double[] {1, 2, 3}), new int[] {3}, null, null, 0);
        double s = Math.sqrt(2.0 / 3);
        assertArrayEquals(new double[] {-1 / s, 0, 1 / s}, y.toDoubleArray(), 1e-12);
    }

    @Test
    void gradChecks() {
        Tensor x = Tensor.randn(3, 2, 5), w = Tensor.rand(5).add(0.5), b = Tensor.randn(5);
        GradCheck.check(t -> Functional.layerNorm(t[0], new int[] {5}, t[1], t[2], 1e-5), GradCheck.leaves(x, w, b));
        GradCheck.check(t -> Functional.layerNorm(t[0], new int[] {2, 5}, null, null, 1e-5), GradCheck.leaves(x));
        GradCheck.check(t -> Functional.layerNorm(t[0], new int[] {2, 5}, t[1], t[2], 1e-5),
                GradCheck.leaves(x, Tensor.rand(2, 5).add(0.5), Tensor.randn(2, 5)));
        LayerNorm ln = new LayerNorm(5);
        ln.to(DType.FLOAT64);
        GradCheck.check(t -> ln.forward(t[0]).mul(t[0]), GradCheck.leaves(Tensor.randn(4, 5)));
    }

    @Test
    void float32ParameterGradsMatchComposed() {
        LayerNorm ln = new LayerNorm(6);
        Init.uniform(ln.weight(), 0.5, 1.5);
        Tensor x = Tensor.randn(7, 6).requiresGrad(true), up = Tensor.randn(7, 6);
        ln.forward(x).mul(up).sum().backward();
        Tensor x2 = x.detach().requiresGrad(true);
        Tensor w = ln.weight().detach().requiresGrad(true), b = ln.bias().detach().requiresGrad(true);
        composed(x2, 1, w, b, 1e-5).mul(up).sum().backward();
        assertTrue(x.grad().allClose(x2.grad(), 1e-3, 1e-4));
        assertTrue(ln.weight().grad().allClose(w.grad(), 1e-4, 1e-5));
        assertTrue(ln.bias().grad().allClose(b.grad(), 1e-4, 1e-5));
    }

    @Test
    void accessorsReprStateDictAndErrors() {
        LayerNorm ln = new LayerNorm(10);
        assertEquals("LayerNorm((10,), eps=1.0E-5, elementwise_affine=true)", ln.toString());
        assertEquals("LayerNorm((3, 4), eps=1.0E-5, elementwise_affine=true)", new LayerNorm(3, 4).toString());
        assertArrayEquals(new int[] {10}, ln.normalizedShape());
        assertEquals(1e-5, ln.eps());
        assertTrue(ln.elementwiseAffine());
        assertEquals(List.of("weight", "bias"), List.copyOf(ln.stateDict().keySet()));
        assertTrue(new LayerNorm(new int[] {4}, 1e-6, false).stateDict().isEmpty());
        var e = assertThrows(IllegalArgumentException.class, () -> ln.forward(Tensor.zeros(2, 9)));
        assertEquals("LayerNorm((10,), eps=1.0E-5, elementwise_affine=true): expected input [*, 10], got shape [2, 9]", e.getMessage());
    }
}
