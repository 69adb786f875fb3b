package org.crema.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.function.Function;
import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The FLOAT32 vector updates against the FLOAT64 scalar path (whose exact values AdamTest and SGDTest
 * check): several steps on random gradients, sizes with a vector tail (37 = 2 * 16 + 5) and one split
 * over the pool (70001), each option that changes the vector loop.
 */
class VectorUpdatesTest {

    private static void compare(Function<List<Tensor>, Optimizer> make, int n) {
        Tensor.manualSeed(11);
        Tensor init = Tensor.randn(n);
        Tensor w32 = init.detach().to(DType.FLOAT32).requiresGrad(true);
        Tensor w64 = init.to(DType.FLOAT64).detach().requiresGrad(true);
        Optimizer o32 = make.apply(List.of(w32)), o64 = make.apply(List.of(w64));
        for (int step = 0; step < 5; step++) {
            Tensor g = Tensor.randn(n);
            w32.setGrad(g.to(DType.FLOAT32));
            w64.setGrad(g.to(DType.FLOAT64));
            o32.step();
            o64.step();
            assertTrue(w32.allClose(w64, 1e-5, 1e-6), "step " + step + ": max diff "
                    + w32.to(DType.FLOAT64).sub(w64).abs().max().item());
        }
    }

    @Test
    void adamMatchesDoublePath() {
        for (int n : new int[] {1, 37, 70001}) {
            compare(p -> new Adam(p, 1e-2), n);
            compare(p -> new Adam(p, 1e-2, 0.8, 0.99, 1e-6, 0.1), n);
            compare(p -> new AdamW(p, 1e-2), n);
        }
    }

    @Test
    void sgdMatchesDoublePath() {
        for (int n : new int[] {1, 37, 70001}) {
            compare(p -> new SGD(p, 0.1), n);
            compare(p -> new SGD(p, 0.1, 0.9), n);
            compare(p -> new SGD(p, 0.1, 0.9, 0.3, 0.01, false), n);
            compare(p -> new SGD(p, 0.1, 0.9, 0, 0.01, true), n);
        }
    }

    @Test
    void adamGivesTheSameBitsHoweverTheParametersAreSplit() {
        int n = 70001, chunk = 1003; // chunks end mid-vector, the whole tensor is split over the pool
        Tensor.manualSeed(5);
        Tensor big = Tensor.randn(n).requiresGrad(true);
        Tensor grad = Tensor.randn(n);
        float[] init = big.toFloatArray(), g = grad.toFloatArray();
        List<Tensor> pieces = new java.util.ArrayList<>();
        for (int s = 0; s < n; s += chunk) {
            pieces.add(Tensor.of(java.util.Arrays.copyOfRange(init, s, Math.min(n, s + chunk))).requiresGrad(true));
        }
        Adam whole = new Adam(List.of(big), 1e-2, 0.9, 0.999, 1e-8, 1e-3), split = new Adam(pieces, 1e-2, 0.9, 0.999, 1e-8, 1e-3);
        for (int step = 0; step < 3; step++) {
            big.setGrad(grad);
            whole.step();
            for (int k = 0, s = 0; s < n; s += chunk, k++) {
                pieces.get(k).setGrad(Tensor.of(java.util.Arrays.copyOfRange(g, s, Math.min(n, s + chunk))));
            }
            split.step();
        }
        assertArrayEquals(big.toFloatArray(), Tensor.cat(pieces, 0).toFloatArray());
    }
}
