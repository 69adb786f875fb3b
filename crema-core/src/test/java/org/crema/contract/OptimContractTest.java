package org.crema.contract;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.function.Function;
import org.crema.Tensor;
import org.crema.nn.Linear;
import org.crema.nn.Module;
import org.crema.optim.*;
import org.crema.optim.lr.*;
import org.junit.jupiter.api.Test;

/**
 * The org.crema.optim constructors the nn/optim issue names as contract, and each optimizer and schedule
 * against torch.optim 1.13. The expected weights come from
 * <pre>
 * w = torch.tensor([1.0, -2.0], requires_grad=True); opt = OPT([w], ...)
 * for _ in range(3): opt.zero_grad(); ((w * w).sum() * 0.5 + w.sum()).backward(); opt.step(); print(w.tolist())
 * </pre>
 * and the learning rates from an SGD(lr=1.0) stepped 6 times with the schedule stepped after each step.
 */
class OptimContractTest {

    private static void follows(Function<List<Tensor>, Optimizer> make, double[][] expected) {
        Tensor w = Tensor.of(new float[] {1, -2}, 2).requiresGrad(true);
        Optimizer opt = make.apply(List.of(w));
        for (double[] e : expected) {
            opt.zeroGrad();
            w.mul(w).sum().mul(0.5).add(w.sum()).backward();
            opt.step();
            assertArrayEquals(e, w.toDoubleArray(), 2e-6, opt.getClass().getSimpleName());
        }
    }

    @Test
    void contractConstructorsTakeModelParameters() {
        Module model = new Linear(3, 2);
        Optimizer[] all = {new SGD(model.parameters(), 0.1), new SGD(model.parameters(), 0.1, 0.9), new Adam(model.parameters(), 1e-3),
                new AdamW(model.parameters(), 1e-3), new RMSprop(model.parameters(), 1e-2), new Adagrad(model.parameters(), 1e-2)};
        for (Optimizer opt : all) {
            model.forward(Tensor.ones(1, 3)).sum().backward();
            opt.step();
            opt.zeroGrad();
            for (Tensor p : model.parameters()) assertTrue(p.grad() == null || p.grad().abs().sum().item() == 0);
        }
        Optimizer sgd = all[0];
        assertEquals(0.1, sgd.getLr(), 0);
        sgd.setLr(0.05);
        assertEquals(0.05, sgd.getLr(), 0);
    }

    @Test
    void gradientClipping() {
        // w.grad = [3., -4.]; torch.nn.utils.clip_grad_norm_([w], 1.0) returns 5.0 and scales to [0.6, -0.8]
        Tensor w = Tensor.of(new float[] {0, 0}, 2).requiresGrad(true);
        w.setGrad(Tensor.of(new float[] {3, -4}, 2));
        assertEquals(5.0, ClipGrad.clipGradNorm(List.of(w), 1.0), 1e-6);
        assertArrayEquals(new double[] {0.6, -0.8}, w.grad().toDoubleArray(), 1e-6);
        // torch.nn.utils.clip_grad_value_([w], 2.0)
        w.setGrad(Tensor.of(new float[] {3, -4}, 2));
        ClipGrad.clipGradValue(List.of(w), 2.0);
        assertArrayEquals(new double[] {2, -2}, w.grad().toDoubleArray(), 0);
    }

    @Test
    void sgd() {
        follows(p -> new SGD(p, 0.1), new double[][] {{0.8, -1.9}, {0.62, -1.81}, {0.458, -1.729}});
    }

    @Test
    void sgdMomentum() {
        follows(p -> new SGD(p, 0.1, 0.9), new double[][] {{0.8, -1.9}, {0.44000003, -1.72000003}, {-0.02799996, -1.48600006}});
    }

    @Test
    void sgdNesterovWeightDecay() {
        // optim.SGD([w], 0.1, momentum=0.9, nesterov=True, weight_decay=0.01)
        follows(p -> new SGD(p, new SGD.Options().lr(0.1).momentum(0.9).nesterov(true).weightDecay(0.01)),
                new double[][] {{0.61809999, -1.80620003}, {0.14667660, -1.56697023}, {-0.34956640, -1.31514537}});
    }

    @Test
    void adam() {
        follows(p -> new Adam(p, 0.1), new double[][] {{0.90000004, -1.89999998}, {0.80016655, -1.80041218}, {0.70062345, -1.70158625}});
    }

    @Test
    void adamW() {
        follows(p -> new AdamW(p, 0.1), new double[][] {{0.89900005, -1.89800000}, {0.79826957, -1.79652596}, {0.69793367, -1.69593775}});
    }

    @Test
    void rmsprop() {
        follows(p -> new RMSprop(p, 0.01), new double[][] {{0.90000004, -1.89999998}, {0.83094335, -1.83291793}, {0.77534950, -1.77998221}});
    }

    @Test
    void adagrad() {
        follows(p -> new Adagrad(p, 0.1), new double[][] {{0.89999998, -1.89999998}, {0.83112502, -1.83310354}, {0.77582151, -1.78045619}});
    }

    private static double[] lrs(Function<Optimizer, Object> make, double... metrics) {
        Tensor w = Tensor.zeros(1).requiresGrad(true);
        Optimizer opt = new SGD(List.of(w), 1.0);
        Object s = make.apply(opt);
        double[] out = new double[6];
        for (int i = 0; i < 6; i++) {
            opt.step();
            if (s instanceof ReduceLROnPlateau p) p.step(metrics[i]);
            else ((LRScheduler) s).step();
            out[i] = opt.getLr();
        }
        return out;
    }

    @Test
    void schedules() {
        assertArrayEquals(new double[] {1.0, 0.5, 0.5, 0.25, 0.25, 0.125}, lrs(o -> new StepLR(o, 2, 0.5)), 1e-12);
        assertArrayEquals(new double[] {0.9, 0.81, 0.729, 0.6561, 0.59049, 0.531441}, lrs(o -> new ExponentialLR(o, 0.9)), 1e-12);
        // CosineAnnealingLR(o, T_max=4, eta_min=0.1): 0.1 + 0.45 * (1 + cos(pi * t / 4)), t = 1..6
        assertArrayEquals(new double[] {0.8681980515339464, 0.55, 0.23180194846605368, 0.1, 0.2318019484660536, 0.55},
                lrs(o -> new CosineAnnealingLR(o, 4, 0.1)), 1e-9);
        // ReduceLROnPlateau(o, 'min', factor=0.5, patience=1) with metrics 1, 1, 1, 1, 0.5, 0.5
        assertArrayEquals(new double[] {1.0, 1.0, 0.5, 0.5, 0.5, 0.5},
                lrs(o -> new ReduceLROnPlateau(o, "min", 0.5, 1, 1e-4, 0, 0), 1, 1, 1, 1, 0.5, 0.5), 1e-12);
    }
}
