package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.crema.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SequentialTest {
    @BeforeEach
    void seed() { Tensor.manualSeed(5); }

    @Test
    void chainsLayersInOrder() {
        Linear a = new Linear(4, 8), c = new Linear(8, 3);
        Sequential model = new Sequential(a, new ReLU(), c);
        Tensor x = Tensor.randn(6, 4);
        Tensor want = c.forward(a.forward(x).relu());
        assertArrayEquals(want.toDoubleArray(), model.forward(x).toDoubleArray(), 1e-6);
    }

    @Test
    void namesChildrenByPositionLikePytorch() {
        Sequential model = new Sequential(new Linear(4, 8), new ReLU());
        model.add(new Linear(8, 3, false));
        assertEquals(List.of("0.weight", "0.bias", "2.weight"), List.copyOf(model.stateDict().keySet()));
        assertEquals(3, model.size());
        assertInstanceOf(ReLU.class, model.get(1));
        assertSame(model.get(2), model.get(-1));
        List<Module> seen = new ArrayList<>();
        for (Module m : model) seen.add(m);
        assertEquals(model.children(), seen);
        assertThrows(IndexOutOfBoundsException.class, () -> model.get(3));
        assertEquals(3, model.parameters().size());
    }

    @Test
    void nestedSequentialNamesAndRepr() {
        Sequential model = new Sequential(new Sequential(new Linear(2, 3), new Tanh()), new Linear(3, 1));
        assertEquals(List.of("0.0.weight", "0.0.bias", "1.weight", "1.bias"), List.copyOf(model.stateDict().keySet()));
        String repr = model.toString();
        assertEquals("""
                Sequential(
                  (0): Sequential(
                    (0): Linear(in_features=2, out_features=3, bias=true)
                    (1): Tanh()
                  )
                  (1): Linear(in_features=3, out_features=1, bias=true)
                )""", repr);
    }

    @Test
    void shapeErrorNamesLayerExpectedAndActual() {
        Sequential model = new Sequential(new Linear(784, 100), new ReLU(), new Linear(128, 10));
        var e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(64, 784)));
        assertEquals("Sequential layer 2 (Linear(in_features=128, out_features=10, bias=true)): expected input [..., 128], got shape [64, 100]",
                e.getMessage());
        Sequential outer = new Sequential(new Flatten(), model);
        var n = assertThrows(IllegalArgumentException.class, () -> outer.forward(Tensor.zeros(64, 28, 28)));
        assertEquals("Sequential layer 1 (Sequential) > layer 2 (Linear(in_features=128, out_features=10, bias=true)): "
                + "expected input [..., 128], got shape [64, 100]", n.getMessage());
    }

    @Test
    void indexErrorsNameTheLayerToo() {
        Sequential model = new Sequential(new Embedding(10, 4), new Flatten(), new Linear(8, 2));
        var e = assertThrows(IndexOutOfBoundsException.class, () -> model.forward(Tensor.of(new long[] {1, 12, 3, 4}, 2, 2)));
        assertTrue(e.getMessage().startsWith("Sequential layer 0 (Embedding(10, 4)): embedding: index 12 is out of range [0, 10)"), e.getMessage());
        assertArrayEquals(new int[] {2, 2}, model.forward(Tensor.of(new long[] {1, 2, 3, 4}, 2, 2)).shape());
    }

    @Test
    void gradCheckThroughAWholeModel() {
        Sequential model = new Sequential(new Linear(5, 7), new GELU(), new LayerNorm(7), new Linear(7, 4), new ELU(), new Linear(4, 3),
                new LogSoftmax(1));
        model.to(org.crema.DType.FLOAT64);
        org.crema.autograd.GradCheck.check(t -> model.forward(t[0]), org.crema.autograd.GradCheck.leaves(Tensor.randn(3, 5)));
    }

    @Test
    void trainEvalPropagates() {
        Sequential model = new Sequential(new Linear(2, 2), new Sequential(new ReLU()));
        model.eval();
        for (Module m : model) assertFalse(m.isTraining());
        assertFalse(((Sequential) model.get(1)).get(0).isTraining());
        model.train();
        assertTrue(model.get(0).isTraining());
    }

    @Test
    void trainsEndToEnd() {
        // a tiny regression: y = 2 x0 - x1 + 0.5 through a 2-16-1 MLP
        Sequential model = new Sequential(new Linear(2, 16), new Tanh(), new Linear(16, 1));
        Tensor x = Tensor.randn(64, 2);
        Tensor y = x.select(1, 0).mul(2).sub(x.select(1, 1)).add(0.5).unsqueeze(1);
        double first = 0, last = 0;
        for (int step = 0; step < 300; step++) {
            model.zeroGrad();
            Tensor loss = Functional.mseLoss(model.forward(x), y);
            loss.backward();
            if (step == 0) first = loss.item();
            last = loss.item();
            try (var g = Tensor.noGrad()) {
                for (Tensor p : model.parameters()) p.sub_(p.grad().mul(0.05));
            }
        }
        assertTrue(last < first * 0.05, "loss " + first + " -> " + last);
    }
}
