package org.crema.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.function.Function;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.backend.VectorSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The FLOAT32 vector updates against the FLOAT64 scalar path (whose exact values AdamTest and SGDTest
 * check) and, bit for bit, against the FLOAT32 scalar loops: several steps on random gradients, sizes with a vector tail (37 = 2 * 16 + 5) and one split
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
    void otherOptionsAndOptimizersMatchDoublePath() {
        for (int n : new int[] {1, 37, 70001}) {
            compare(p -> new Adam(p, new AdamOptions().lr(1e-2).amsgrad(true).l1(1e-3)), n);
            compare(p -> new SGD(p, new SGD.Options().lr(0.1).momentum(0.9).l1(1e-3)), n);
            compare(p -> new RMSprop(p, new RMSprop.Options().lr(1e-2).centered(true).momentum(0.9).weightDecay(1e-2)), n);
            compare(p -> new Adagrad(p, new Adagrad.Options().lr(0.1).lrDecay(0.01).initialAccumulatorValue(0.1)), n);
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

    private static float[][] run(Function<List<Tensor>, Optimizer> make, boolean vector) {
        boolean saved = Optimizer.VECTOR;
        Optimizer.VECTOR = vector;
        try {
            Tensor.manualSeed(21);
            List<Tensor> ps = List.of(Tensor.randn(3, 7).requiresGrad(true), Tensor.randn(1031).requiresGrad(true), Tensor.randn(1).requiresGrad(true));
            try (var g = Tensor.noGrad()) {
                ps.get(1).narrow(0, 0, 5).zero_(); // sign(0) = 0 in both forms
            }
            Optimizer opt = make.apply(ps);
            for (int step = 0; step < 4; step++) {
                for (Tensor p : ps) p.setGrad(Tensor.randn(p.shape()));
                opt.step();
            }
            float[][] out = new float[ps.size()][];
            for (int i = 0; i < out.length; i++) out[i] = ps.get(i).toFloatArray();
            return out;
        } finally {
            Optimizer.VECTOR = saved;
        }
    }

    private static void same(String name, Function<List<Tensor>, Optimizer> make) {
        float[][] v = run(make, true), s = run(make, false);
        for (int i = 0; i < v.length; i++) assertArrayEquals(s[i], v[i], name + " parameter " + i);
    }

    @Test
    void vectorAndScalarAgreeBitForBit() {
        Assumptions.assumeTrue(VectorSupport.enabled(), "Vector API not enabled in this JVM");
        same("SGD", p -> new SGD(p, new SGD.Options().lr(0.1).momentum(0.9).nesterov(true).weightDecay(1e-2).l1(1e-3)));
        same("SGD dampened", p -> new SGD(p, new SGD.Options().lr(0.1).momentum(0.8).dampening(0.3)));
        same("SGD plain", p -> new SGD(p, 0.05));
        same("Adam", p -> new Adam(p, new AdamOptions().lr(0.01).amsgrad(true).weightDecay(1e-2).l1(1e-3)));
        same("AdamW", p -> new AdamW(p, 0.01, 0.1));
        same("RMSprop", p -> new RMSprop(p, new RMSprop.Options().lr(0.01).centered(true).momentum(0.9).weightDecay(1e-2).l1(1e-3)));
        same("RMSprop plain", p -> new RMSprop(p, 0.01));
        same("Adagrad", p -> new Adagrad(p, new Adagrad.Options().lr(0.1).lrDecay(0.01).initialAccumulatorValue(0.1).weightDecay(1e-2).l1(1e-3)));
    }
}
