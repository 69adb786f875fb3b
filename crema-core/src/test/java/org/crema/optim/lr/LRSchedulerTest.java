package org.crema.optim.lr;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.crema.Tensor;
import org.crema.optim.Optimizer;
import org.crema.optim.SGD;
import org.junit.jupiter.api.Test;

/** Learning-rate sequences against torch.optim.lr_scheduler's, worked out by hand; index = epoch, first value right after construction. */
class LRSchedulerTest {
    private static final double TOL = 1e-12;

    private static SGD sgd(double lr) { return new SGD(List.of(Tensor.zeros(2).requiresGrad(true)), lr); }

    /** The optimizer's lr at epochs 0..epochs-1, stepping the schedule between them. */
    private static double[] lrs(Optimizer opt, Runnable step, int epochs) {
        double[] out = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            if (e > 0) step.run();
            out[e] = opt.getLr();
        }
        return out;
    }

    @Test
    void stepLR() {
        SGD o = sgd(0.1);
        StepLR s = new StepLR(o, 3, 0.1);
        assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001}, lrs(o, s::step, 8), TOL);
        assertEquals(7, s.lastEpoch());
        assertEquals(0.001, s.getLastLr()[0], TOL);
    }

    @Test
    void multiStepLR() {
        SGD o = sgd(1);
        MultiStepLR s = new MultiStepLR(o, new int[] {5, 2}, 0.5);
        assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0.5, 0.25, 0.25}, lrs(o, s::step, 7), TOL);
    }

    @Test
    void exponentialLR() {
        SGD o = sgd(1);
        ExponentialLR s = new ExponentialLR(o, 0.5);
        assertArrayEquals(new double[] {1, 0.5, 0.25, 0.125}, lrs(o, s::step, 4), TOL);
    }

    @Test
    void cosineAnnealingFollowsTheClosedForm() {
        SGD o = sgd(1);
        CosineAnnealingLR s = new CosineAnnealingLR(o, 4);
        double h = (1 + Math.cos(Math.PI / 4)) / 2; // 0.853553
        assertArrayEquals(new double[] {1, h, 0.5, 1 - h, 0, 1 - h, 0.5}, lrs(o, s::step, 7), TOL);
        SGD p = sgd(0.1);
        CosineAnnealingLR m = new CosineAnnealingLR(p, 2, 0.02);
        assertArrayEquals(new double[] {0.1, 0.06, 0.02}, lrs(p, m::step, 3), TOL);
    }

    @Test
    void linearWarmUp() {
        SGD o = sgd(1);
        LinearLR s = new LinearLR(o, 0.25, 1.0, 3);
        assertEquals(0.25, o.getLr(), TOL, "construction already applies the start factor");
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1, 1}, lrs(o, s::step, 5), TOL);
        SGD d = sgd(1);
        LinearLR defaults = new LinearLR(d);
        // defaults: factor 1/3 rising linearly to 1 over 5 epochs
        assertArrayEquals(new double[] {5 / 15.0, 7 / 15.0, 9 / 15.0, 11 / 15.0, 13 / 15.0, 1, 1}, lrs(d, defaults::step, 7), TOL);
    }

    @Test
    void lambdaLRPerGroup() {
        SGD o = sgd(1);
        o.addParamGroup(List.of(Tensor.zeros(1).requiresGrad(true)), Map.of("lr", 0.5));
        LambdaLR s = new LambdaLR(o, List.of(e -> 1.0 / (e + 1), e -> Math.pow(0.9, e)));
        s.step();
        s.step();
        assertArrayEquals(new double[] {1 / 3.0, 0.5 * 0.81}, s.getLastLr(), TOL);
        assertEquals(0.405, o.getLr(1), TOL);
    }

    @Test
    void sequentialWarmUpThenDecay() {
        SGD o = sgd(1);
        LinearLR warm = new LinearLR(o, 0.5, 1.0, 2);
        ExponentialLR decay = new ExponentialLR(o, 0.5);
        SequentialLR s = new SequentialLR(o, List.of(warm, decay), new int[] {3});
        // torch: epochs 0-2 warm-up 0.5, 0.75, 1; at the milestone the decay restarts at its epoch 0
        assertArrayEquals(new double[] {0.5, 0.75, 1, 1, 0.5, 0.25}, lrs(o, s::step, 6), TOL);
    }

    @Test
    void chainedSchedulesMultiply() {
        SGD o = sgd(1);
        StepLR a = new StepLR(o, 2, 0.5);
        ExponentialLR b = new ExponentialLR(o, 0.9);
        double[] got = lrs(o, () -> { a.step(); b.step(); }, 4);
        assertArrayEquals(new double[] {1, 0.9, 0.5 * 0.81, 0.5 * 0.729}, got, TOL);
    }

    @Test
    void groupsKeepTheirOwnBase() {
        SGD o = sgd(0.1);
        o.addParamGroup(List.of(Tensor.zeros(1).requiresGrad(true)), Map.of("lr", 1.0));
        StepLR s = new StepLR(o, 1, 0.5);
        s.step();
        assertArrayEquals(new double[] {0.05, 0.5}, s.getLastLr(), TOL);
        assertEquals(0.1, o.paramGroups().get(0).initialLr());
    }

    @Test
    void reduceOnPlateauWaitsPatienceThenCoolsDown() {
        SGD o = sgd(1);
        ReduceLROnPlateau r = new ReduceLROnPlateau(o, "min", 0.5, 1, 0, 1, 0.1);
        double[] metrics = {1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        List<Double> got = new ArrayList<>();
        for (double m : metrics) {
            r.step(m);
            got.add(o.getLr());
        }
        // epoch 3: 2 bad epochs > patience 1 -> 0.5, then one cooldown epoch; 0.5 improves at epoch 5;
        // reductions at 7 and 10, then 0.125 -> max(0.0625, minLr 0.1) = 0.1 at 13, and no lower
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.1, 0.1, 0.1, 0.1), got);
    }

    @Test
    void reduceOnPlateauMaxModeWithAbsoluteThreshold() {
        SGD o = sgd(1);
        ReduceLROnPlateau r = new ReduceLROnPlateau(o, "max", 0.1, 0, 0.05, "abs", 0, 0, 1e-8);
        r.step(0.5);
        r.step(0.54); // not better by more than 0.05: reduced at once (patience 0)
        assertEquals(0.1, o.getLr(), TOL);
        r.step(0.6);
        assertEquals(0.1, o.getLr(), TOL);
        assertEquals(0.6, r.best());
        var e = assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(o, "minimum", 0.1, 1, 0, 0, 0));
        assertTrue(e.getMessage().contains("\"minimum\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(o, "min", 1.0, 1, 0, 0, 0));
    }

    /** Saves optimizer and schedule after 4 epochs, restores both into fresh objects and compares the following lrs. */
    private static void resumes(java.util.function.Function<Optimizer, Object> make, Consumer<Object> step) {
        SGD a = sgd(0.3);
        Object sa = make.apply(a);
        SGD b = sgd(0.3);
        Object sb = make.apply(b);
        for (int e = 0; e < 4; e++) {
            step.accept(sa);
            step.accept(sb);
        }
        Map<String, Tensor> optState = b.stateDict();
        Map<String, Tensor> schedState = sb instanceof LRScheduler l ? l.stateDict() : ((ReduceLROnPlateau) sb).stateDict();
        SGD c = sgd(0.3);
        Object sc = make.apply(c);
        c.loadStateDict(optState);
        if (sc instanceof LRScheduler l) l.loadStateDict(schedState);
        else ((ReduceLROnPlateau) sc).loadStateDict(schedState);
        for (int e = 0; e < 6; e++) {
            step.accept(sa);
            step.accept(sc);
            assertEquals(a.getLr(), c.getLr(), 0.0, sa.getClass().getSimpleName() + " epoch " + (e + 4));
        }
    }

    @Test
    void stateDictsResume() {
        resumes(o -> new StepLR(o, 3, 0.5), s -> ((LRScheduler) s).step());
        resumes(o -> new CosineAnnealingLR(o, 7, 0.01), s -> ((LRScheduler) s).step());
        resumes(o -> new SequentialLR(o, List.of(new LinearLR(o, 0.1, 1, 3), new MultiStepLR(o, new int[] {2, 4}, 0.5)), new int[] {3}),
                s -> ((LRScheduler) s).step());
        resumes(o -> new ReduceLROnPlateau(o, "min", 0.5, 1, 0, 1, 0), s -> ((ReduceLROnPlateau) s).step(1.0));
    }

    @Test
    void loadingAMismatchedStateNamesTheKey() {
        SGD o = sgd(1);
        StepLR s = new StepLR(o, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(Map.of("last_epoch", Tensor.scalar(3))));
        assertTrue(e.getMessage().contains("missing key 'base_lrs'"), e.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(Map.of("last_epoch", Tensor.scalar(3),
                "base_lrs", Tensor.of(new double[] {1, 2}), "last_lr", Tensor.of(new double[] {1}))));
        assertTrue(shape.getMessage().contains("'base_lrs' must have shape [1]"), shape.getMessage());
    }
}
