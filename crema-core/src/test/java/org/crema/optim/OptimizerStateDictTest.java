package org.crema.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;

/** Saving and restoring optimizer state: a restored run continues bit for bit like an uninterrupted one. */
class OptimizerStateDictTest {

    /** Two float32 parameters of different shapes in two groups; loss = sum((W x - 1)^2) + sum(b^2) on fixed data. */
    private static List<Tensor> params() {
        Tensor w = Tensor.of(new float[] {0.5f, -0.3f, 0.8f, 0.1f, -0.7f, 0.2f}, 2, 3).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {0.25f, -1.5f}).requiresGrad(true);
        return List.of(w, b);
    }

    private static void grad(List<Tensor> p, int step) {
        Tensor x = Tensor.of(new float[] {1f, -2f + step * 0.1f, 0.5f}, 3, 1);
        p.get(0).matmul(x).squeeze(1).sub(1).add(p.get(1)).square().sum().backward();
    }

    private static void train(Optimizer opt, List<Tensor> p, int from, int to) {
        for (int s = from; s < to; s++) {
            opt.zeroGrad();
            grad(p, s);
            opt.step();
        }
    }

    private static void roundTrip(Function<List<Tensor>, Optimizer> make) {
        List<Tensor> straight = params();
        Optimizer a = make.apply(straight);
        train(a, straight, 0, 6);

        List<Tensor> first = params();
        Optimizer b = make.apply(first);
        train(b, first, 0, 3);
        Map<String, Tensor> saved = new HashMap<>(b.stateDict());
        Map<String, Tensor> weights = Map.of("w", first.get(0).detach().clone(), "b", first.get(1).detach().clone());

        List<Tensor> resumed = params();
        try (var g = Tensor.noGrad()) {
            resumed.get(0).copy_(weights.get("w"));
            resumed.get(1).copy_(weights.get("b"));
        }
        Optimizer c = make.apply(resumed);
        c.loadStateDict(saved);
        train(c, resumed, 3, 6);
        String name = a.getClass().getSimpleName();
        assertArrayEquals(straight.get(0).toFloatArray(), resumed.get(0).toFloatArray(), name);
        assertArrayEquals(straight.get(1).toFloatArray(), resumed.get(1).toFloatArray(), name);
        assertEquals(a.stateDict().keySet(), c.stateDict().keySet());

        // the comparison has teeth: resuming the same weights without the optimizer state goes elsewhere
        List<Tensor> fresh = params();
        try (var g = Tensor.noGrad()) {
            fresh.get(0).copy_(weights.get("w"));
            fresh.get(1).copy_(weights.get("b"));
        }
        train(make.apply(fresh), fresh, 3, 6);
        assertFalse(java.util.Arrays.equals(straight.get(0).toFloatArray(), fresh.get(0).toFloatArray()), name);
    }

    private static <O extends Optimizer> Function<List<Tensor>, Optimizer> twoGroups(Function<List<Tensor>, O> make, double lr2) {
        return p -> {
            O o = make.apply(List.of(p.get(0)));
            o.addParamGroup(List.of(p.get(1)), Map.of("lr", lr2));
            return o;
        };
    }

    @Test
    void everyOptimizerContinuesIdentically() {
        roundTrip(twoGroups(p -> new SGD(p, 0.01, 0.9, 0, 1e-3, true), 0.02));
        roundTrip(twoGroups(p -> new Adam(p, new AdamOptions().lr(0.01).amsgrad(true)), 0.05));
        roundTrip(twoGroups(p -> new AdamW(p, 0.01), 0.05));
        roundTrip(twoGroups(p -> new RMSprop(p, new RMSprop.Options().lr(0.01).centered(true).momentum(0.5)), 0.02));
        roundTrip(twoGroups(p -> new Adagrad(p, 0.1, 0.01, 0, 0.1, 1e-10), 0.2));
    }

    @Test
    void namesAreFlatAndValuesAreTensors() {
        List<Tensor> p = params();
        Adam adam = new Adam(p, 0.01);
        train(adam, p, 0, 2);
        Map<String, Tensor> sd = adam.stateDict();
        assertEquals(DType.FLOAT64, sd.get("state.0.step").dtype());
        assertEquals(2.0, sd.get("state.0.step").item());
        assertArrayEquals(new int[] {2, 3}, sd.get("state.0.exp_avg").shape());
        assertEquals(DType.FLOAT32, sd.get("state.1.exp_avg_sq").dtype());
        assertEquals(0.01, sd.get("param_groups.0.lr").item());
        assertEquals(0.999, sd.get("param_groups.0.beta2").item());
        assertArrayEquals(new long[] {0, 1}, sd.get("param_groups.0.params").toLongArray());
        // a copy: later steps do not change what was saved
        double before = sd.get("state.0.exp_avg").get(0, 0);
        train(adam, p, 2, 3);
        assertEquals(before, sd.get("state.0.exp_avg").get(0, 0));
    }

    @Test
    void mismatchesNameTheKeyAndShapes() {
        List<Tensor> p = params();
        Adam adam = new Adam(p, 0.01);
        train(adam, p, 0, 1);
        Map<String, Tensor> sd = new HashMap<>(adam.stateDict());
        sd.put("state.0.exp_avg", Tensor.zeros(3, 2));
        sd.put("state.0.momentum", Tensor.zeros(2, 3));
        sd.remove("param_groups.0.eps");
        Adam other = new Adam(params(), 0.5);
        var e = assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(sd));
        String m = e.getMessage();
        assertTrue(m.contains("size mismatch for 'state.0.exp_avg': the state dict has shape [3, 2], parameter 0 has [2, 3]"), m);
        assertTrue(m.contains("unexpected key 'state.0.momentum'"), m);
        assertTrue(m.contains("missing key 'param_groups.0.eps'"), m);
        assertEquals(0.5, other.getLr(), "nothing changes when loading fails");

        SGD sgd = new SGD(params(), 0.1);
        var wrongGroups = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(Map.of("param_groups.3.lr", Tensor.scalar(0.1))));
        assertTrue(wrongGroups.getMessage().contains("the optimizer has 1 param groups"), wrongGroups.getMessage());
    }
}
