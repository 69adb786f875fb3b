package org.crema.autograd;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.Tensor;
import org.junit.jupiter.api.Test;

/** GradCheck must catch a wrong backward rule, and autograd must obey PyTorch's accumulation rules. */
class GradCheckSelfTest {

    private static Tensor wrongSquare(Tensor x) {
        Tensor out = x.detach().square();
        return Node.record(out, "wrongSquare", new Tensor[] {x}, g -> new Tensor[] {g.mul(x).mul(3)});
    }

    @Test
    void detectsWrongGradient() {
        GradCheck.Result r = GradCheck.run(x -> wrongSquare(x[0]), 1e-6, 1e-5, 1e-3, GradCheck.leaves(Tensor.randn(4)));
        assertFalse(r.passed(), r.toString());
        assertThrows(AssertionError.class, () -> GradCheck.check(x -> wrongSquare(x[0]), GradCheck.leaves(Tensor.randn(3))));
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor w = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        w.mul(2).sum().backward();
        w.mul(3).sum().backward();
        assertArrayEquals(new float[] {5, 5, 5}, w.grad().toFloatArray());
    }

    @Test
    void tensorUsedTwiceGetsBothContributions() {
        Tensor x = Tensor.of(new float[] {3}).requiresGrad(true);
        x.mul(x).add(x).sum().backward(); // d/dx (x^2 + x) = 2x + 1
        assertEquals(7, x.grad().item(), 1e-6);
    }

    @Test
    void noGradAndDetachStopRecording() {
        Tensor x = Tensor.randn(3).requiresGrad(true);
        try (var g = Tensor.noGrad()) {
            assertFalse(x.mul(2).requiresGrad());
        }
        assertTrue(x.mul(2).requiresGrad());
        assertFalse(x.detach().mul(2).requiresGrad());
        assertNull(x.mul(2).detach().gradFn());
    }

    @Test
    void longChainDoesNotOverflowTheStack() {
        Tensor x = Tensor.of(new float[] {1}).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 20000; i++) y = y.mul(1.0);
        y.sum().backward();
        assertEquals(1, x.grad().item(), 1e-6);
    }
}
