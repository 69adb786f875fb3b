package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchNormTest {
    @BeforeEach
    void seed() { Tensor.manualSeed(23); }

    /** Batch norm from Tensor ops: x [N, C, *] normalised over every dim but 1. */
    private static Tensor composed(Tensor x, Tensor mean, Tensor var, Tensor w, Tensor b, double eps) {
        int[] bshape = new int[x.dim()];
        java.util.Arrays.fill(bshape, 1);
        bshape[1] = x.size(1);
        Tensor y = x.sub(mean.reshape(bshape)).div(var.add(eps).sqrt().reshape(bshape));
        return y.mul(w.reshape(bshape)).add(b.reshape(bshape));
    }

    private static int[] reduceDims(Tensor x) {
        int[] dims = new int[x.dim() - 1];
        dims[0] = 0;
        for (int i = 2; i < x.dim(); i++) dims[i - 1] = i;
        return dims;
    }

    private static Tensor batchMean(Tensor x) { return x.mean(reduceDims(x), false); }

    private static Tensor batchVar(Tensor x, boolean unbiased) {
        int[] dims = reduceDims(x);
        int[] keep = new int[x.dim()];
        java.util.Arrays.fill(keep, 1);
        keep[1] = x.size(1);
        Tensor c = x.sub(batchMean(x).reshape(keep));
        long count = x.numel() / x.size(1);
        return c.square().sum(dims, false).div(unbiased ? count - 1 : count);
    }

    @Test
    void trainModeUsesBatchStatsAndUpdatesRunningStats() {
        for (int[] shape : new int[][] {{6, 3}, {5, 3, 7}}) {
            BatchNorm1d bn = new BatchNorm1d(3);
            Init.uniform(bn.weight(), 0.5, 1.5);
            Init.uniform(bn.bias(), -1, 1);
            Tensor x = Tensor.randn(shape).mul(2).add(3);
            Tensor want = composed(x, batchMean(x), batchVar(x, false), bn.weight(), bn.bias(), 1e-5);
            assertTrue(bn.forward(x).allClose(want, 1e-5, 1e-5));
            assertTrue(bn.runningMean().allClose(batchMean(x).mul(0.1), 1e-5, 1e-6));
            assertTrue(bn.runningVar().allClose(batchVar(x, true).mul(0.1).add(0.9), 1e-5, 1e-6), "unbiased variance update");
            assertEquals(1, bn.numBatchesTracked());
            bn.forward(x);
            assertEquals(2, bn.numBatchesTracked());
            assertTrue(bn.runningMean().allClose(batchMean(x).mul(0.19), 1e-5, 1e-6));
        }
    }

    @Test
    void evalModeUsesRunningStats() {
        BatchNorm2d bn = new BatchNorm2d(4);
        Tensor x = Tensor.randn(3, 4, 5, 2);
        for (int i = 0; i < 5; i++) bn.forward(Tensor.randn(8, 4, 5, 2).mul(3).add(1));
        Tensor rm = bn.runningMean().clone(), rv = bn.runningVar().clone();
        bn.eval();
        Tensor y = bn.forward(x);
        assertTrue(y.allClose(composed(x, rm, rv, bn.weight(), bn.bias(), 1e-5), 1e-5, 1e-5));
        assertTrue(bn.runningMean().equal(rm), "eval leaves running stats alone");
        assertEquals(5, bn.numBatchesTracked());
        // without running statistics, eval normalises with the batch (as PyTorch)
        BatchNorm2d noStats = new BatchNorm2d(4, 1e-5, 0.1, true, false);
        noStats.eval();
        assertTrue(noStats.forward(x).allClose(composed(x, batchMean(x), batchVar(x, false), noStats.weight(), noStats.bias(), 1e-5), 1e-5, 1e-5));
    }

    @Test
    void largeMeanDoesNotCancel() {
        Tensor x = Tensor.randn(64, 2).mul(0.01).add(1e4).to(DType.FLOAT64);
        Tensor y = Functional.batchNorm(x, null, null, null, null, true, 0.1, 1e-5);
        Tensor want = composed(x, batchMean(x), batchVar(x, false), Tensor.ones(DType.FLOAT64, 2), Tensor.zeros(DType.FLOAT64, 2), 1e-5);
        assertTrue(y.allClose(want, 1e-6, 1e-6));
    }

    @Test
    void gradCheckTrainMode() {
        Tensor x = Tensor.randn(4, 3, 5), w = Tensor.rand(3).add(0.5), b = Tensor.randn(3);
        GradCheck.check(t -> Functional.batchNorm(t[0], null, null, t[1], t[2], true, 0.1, 1e-5), GradCheck.leaves(x, w, b));
        GradCheck.check(t -> Functional.batchNorm(t[0], null, null, null, null, true, 0.1, 1e-5), GradCheck.leaves(Tensor.randn(7, 2)));
        GradCheck.check(t -> Functional.batchNorm(t[0], null, null, t[1], t[2], true, 0.1, 1e-5),
                GradCheck.leaves(Tensor.randn(2, 3, 3, 2), w, b));
    }

    @Test
    void gradCheckEvalMode() {
        Tensor rm = Tensor.randn(3).to(DType.FLOAT64), rv = Tensor.rand(3).add(0.3).to(DType.FLOAT64);
        Tensor x = Tensor.randn(4, 3, 5), w = Tensor.rand(3).add(0.5), b = Tensor.randn(3);
        GradCheck.check(t -> Functional.batchNorm(t[0], rm, rv, t[1], t[2], false, 0.1, 1e-5), GradCheck.leaves(x, w, b));
    }

    @Test
    void gradCheckModulesBothModes() {
        BatchNorm2d bn = new BatchNorm2d(3);
        bn.to(DType.FLOAT64);
        Init.uniform(bn.weight(), 0.5, 2);
        Init.normal(bn.bias());
        Tensor x = Tensor.randn(2, 3, 3, 3);
        GradCheck.check(t -> bn.forward(t[0]), GradCheck.leaves(x));
        bn.eval();
        GradCheck.check(t -> bn.forward(t[0]), GradCheck.leaves(x));
        // module parameters get gradients equal to the composed formula's
        bn.train();
        bn.zeroGrad();   // the checks above accumulated into the parameters
        Tensor xd = x.to(DType.FLOAT64);
        Tensor up = Tensor.randn(2, 3, 3, 3).to(DType.FLOAT64);
        bn.forward(xd).mul(up).sum().backward();
        Tensor w = bn.weight().detach().requiresGrad(true), b = bn.bias().detach().requiresGrad(true);
        composed(xd, batchMean(xd), batchVar(xd, false), w, b, 1e-5).mul(up).sum().backward();
        assertTrue(bn.weight().grad().allClose(w.grad(), 1e-9, 1e-10));
        assertTrue(bn.bias().grad().allClose(b.grad(), 1e-9, 1e-10));
    }

    @Test
    void float32GradMatchesComposed() {
        BatchNorm1d bn = new BatchNorm1d(5);
        Tensor x = Tensor.randn(16, 5).requiresGrad(true), up = Tensor.randn(16, 5);
        bn.forward(x).mul(up).sum().backward();
        Tensor x2 = x.detach().requiresGrad(true);
        composed(x2, batchMean(x2), batchVar(x2, false), Tensor.ones(5), Tensor.zeros(5), 1e-5).mul(up).sum().backward();
        assertTrue(x.grad().allClose(x2.grad(), 1e-3, 1e-4));
    }

    @Test
    void stateDictNamesAndRepr() {
        BatchNorm2d bn = new BatchNorm2d(16);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.stateDict().keySet()));
        assertEquals(DType.INT64, bn.stateDict().get("num_batches_tracked").dtype());
        assertEquals(0, bn.stateDict().get("num_batches_tracked").dim());
        assertEquals(2, bn.parameters().size());
        assertEquals("BatchNorm2d(16, eps=1.0E-5, momentum=0.1, affine=true, track_running_stats=true)", bn.toString());
        assertEquals(16, bn.numFeatures());
        assertEquals(1e-5, bn.eps());
        assertEquals(0.1, bn.momentum());
        assertTrue(bn.affine() && bn.trackRunningStats());
        BatchNorm1d plain = new BatchNorm1d(4, 1e-3, 0.2, false, false);
        assertTrue(plain.stateDict().isEmpty());
        Sequential s = new Sequential(new Linear(3, 4), new BatchNorm1d(4));
        assertTrue(s.stateDict().containsKey("1.running_var"));
        // a state dict round-trips, including the INT64 counter
        s.forward(Tensor.randn(5, 3));
        Sequential t = new Sequential(new Linear(3, 4), new BatchNorm1d(4));
        t.loadStateDict(s.stateDict());
        assertEquals(1, ((BatchNorm1d) t.get(1)).numBatchesTracked());
        assertTrue(((BatchNorm1d) t.get(1)).runningMean().equal(((BatchNorm1d) s.get(1)).runningMean()));
    }

    @Test
    void shapeErrors() {
        BatchNorm2d bn = new BatchNorm2d(3);
        var e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(2, 4, 5, 5)));
        assertEquals("BatchNorm2d(3, eps=1.0E-5, momentum=0.1, affine=true, track_running_stats=true): expected input [N, 3, H, W], got shape [2, 4, 5, 5]",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(2, 3)));
        var one = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(1, 3)));
        assertTrue(one.getMessage().contains("more than 1 value per channel"), one.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3, 1e-5, 1.5));
        var s = assertThrows(IllegalArgumentException.class, () -> new Sequential(new Linear(2, 5), new BatchNorm1d(4)).forward(Tensor.zeros(3, 2)));
        assertTrue(s.getMessage().startsWith("Sequential layer 1 (BatchNorm1d(4, "), s.getMessage());
        assertTrue(s.getMessage().endsWith("expected input [N, 4] or [N, 4, L], got shape [3, 5]"), s.getMessage());
    }
}
