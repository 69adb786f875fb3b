package org.crema.optim;

import static org.crema.optim.OptimTesting.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;

/** What every optimizer inherits: groups, learning rates, gradients, skipping and validation. */
class OptimizerTest {

    @Test
    void groupsKeepTheirOwnOptions() {
        Tensor a = param(), b = param();
        SGD sgd = new SGD(List.of(a), 0.1, 0.9);
        sgd.addParamGroup(List.of(b), Map.of("lr", 0.01));
        assertEquals(2, sgd.paramGroups().size());
        assertEquals(0.01, sgd.getLr(1));
        assertEquals(0.9, sgd.paramGroups().get(1).get("momentum"));
        sgd.step(); // no gradients yet: nothing happens
        quadraticGrad(a);
        quadraticGrad(b);
        sgd.step();
        assertEquals(0.9, a.get(0), 1e-15);
        assertEquals(0.99, b.get(0), 1e-15);
    }

    @Test
    void setLrChangesEveryGroupAndGetLrReadsTheFirst() {
        Tensor a = param(), b = param();
        Adam adam = new Adam(List.of(a), 0.1);
        adam.addParamGroup(List.of(b), Map.of("lr", 0.5));
        assertEquals(0.1, adam.getLr());
        adam.setLr(0.02);
        assertEquals(0.02, adam.getLr(0));
        assertEquals(0.02, adam.getLr(1));
        adam.setLr(1, 0.3);
        assertEquals(0.3, adam.paramGroups().get(1).lr());
        assertThrows(IllegalArgumentException.class, () -> adam.setLr(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> adam.getLr(2));
    }

    @Test
    void zeroGradSetsToNoneByDefault() {
        Tensor w = param();
        SGD sgd = new SGD(List.of(w), 0.1);
        quadraticGrad(w);
        sgd.zeroGrad(false);
        assertEquals(0.0, w.grad().abs().sum().item());
        sgd.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void parametersWithoutGradientAreSkippedAndGetNoState() {
        Tensor used = param(), unused = param();
        Adam adam = new Adam(List.of(used, unused), 0.1);
        quadraticGrad(used);
        adam.step();
        assertNotEquals(1.0, used.get(0));
        assertEquals(1.0, unused.get(0));
        assertNull(adam.state(unused));
        assertEquals(1, adam.state(used).step());
    }

    @Test
    void nonContiguousParameterIsUpdatedThroughItsView() {
        Tensor base = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor w = base.t().requiresGrad(true); // a leaf view with transposed strides
        SGD sgd = new SGD(List.of(w), 0.5);
        w.setGrad(Tensor.ones(org.crema.DType.FLOAT64, 2, 2));
        sgd.step();
        assertArrayEquals(new double[] {0.5, 2.5, 1.5, 3.5}, w.toDoubleArray());
    }

    @Test
    void badArgumentsNameTheProblem() {
        Tensor w = param();
        assertEquals("SGD: got an empty parameter list",
                assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1)).getMessage());
        assertEquals("SGD: invalid learning rate -0.1 (must be >= 0)",
                assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w), -0.1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w, w), 0.1)).getMessage().contains("appears twice"));
        Tensor nonLeaf = w.mul(2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(nonLeaf), 0.1)).getMessage().contains("not a leaf"));
        SGD sgd = new SGD(List.of(w), 0.1);
        var unknown = assertThrows(IllegalArgumentException.class, () -> sgd.addParamGroup(List.of(param()), Map.of("betas", 0.9)));
        assertTrue(unknown.getMessage().contains("unknown option 'betas'"), unknown.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sgd.addParamGroup(List.of(w))).getMessage().contains("already in param group 0"));
        assertThrows(IllegalArgumentException.class, () -> sgd.paramGroups().get(0).set("momentum", -1));
    }
}
