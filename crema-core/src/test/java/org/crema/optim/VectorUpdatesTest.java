package org.crema.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.function.Function;
import org.crema.Tensor;
import org.crema.backend.VectorSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Vector API updates give the same bits as the scalar loops, on odd sizes and with every option on. */
class VectorUpdatesTest {

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
