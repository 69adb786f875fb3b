package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DropoutEmbeddingTest {
    @BeforeEach
    void seed() { Tensor.manualSeed(31); }

    @Test
    void dropoutOnlyInTrainMode() {
        Dropout d = new Dropout(0.3);
        Tensor x = Tensor.rand(40, 50).add(1);
        Tensor y = d.forward(x);
        double[] xs = x.toDoubleArray(), ys = y.toDoubleArray();
        int zeros = 0;
        for (int i = 0; i < xs.length; i++) {
            if (ys[i] == 0) zeros++;
            else assertEquals(xs[i] / 0.7, ys[i], 1e-5, "survivors are scaled by 1/(1-p)");
        }
        assertEquals(0.3, zeros / (double) xs.length, 0.03);
        d.eval();
        assertSame(x, d.forward(x), "eval mode is the identity");
        Sequential model = new Sequential(new Linear(50, 8), new Dropout(0.5));
        Tensor in = Tensor.randn(4, 50);
        assertFalse(model.forward(in).allClose(model.forward(in), 0, 0), "train outputs vary");
        model.eval();
        assertTrue(model.forward(in).equal(model.forward(in)), "eval outputs are deterministic");
    }

    @Test
    void dropoutIsReproducibleWithSeedAndEdgeProbabilities() {
        Tensor x = Tensor.randn(10, 10);
        Tensor.manualSeed(5);
        Tensor a = Functional.dropout(x, 0.4, true);
        Tensor.manualSeed(5);
        assertTrue(a.equal(Functional.dropout(x, 0.4, true)));
        assertSame(x, Functional.dropout(x, 0.0, true));
        assertEquals(0, Functional.dropout(x, 1.0, true).abs().sum().item());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertEquals("Dropout(p=0.4)", new Dropout(0.4).toString());
        assertEquals(0.4, new Dropout(0.4).p());
    }

    @Test
    void dropoutGradCheckWithFixedMask() {
        Tensor x = Tensor.randn(3, 7);
        GradCheck.check(t -> {
            Tensor.manualSeed(77);   // the same mask on every evaluation
            return Functional.dropout(t[0], 0.35, true);
        }, GradCheck.leaves(x));
        Dropout d = new Dropout(0.5);
        GradCheck.check(t -> {
            Tensor.manualSeed(78);
            return d.forward(t[0]).square();
        }, GradCheck.leaves(x));
    }

    @Test
    void embeddingLooksUpRowsAndScatterAddsGradients() {
        Embedding emb = new Embedding(6, 3);
        Tensor idx = Tensor.of(new long[] {1, 4, 1, 0, 5, 1}, 2, 3);
        Tensor y = emb.forward(idx);
        assertArrayEquals(new int[] {2, 3, 3}, y.shape());
        assertTrue(y.select(0, 1).select(0, 1).equal(emb.weight().select(0, 5)));
        emb.forward(idx).sum().backward();
        double[] g = emb.weight().grad().toDoubleArray();
        double[] count = {1, 3, 0, 0, 1, 1};   // index 1 appears three times
        for (int r = 0; r < 6; r++) for (int c = 0; c < 3; c++) assertEquals(count[r], g[r * 3 + c], 0);
        GradCheck.check(t -> Functional.embedding(idx, t[0]).square(), GradCheck.leaves(Tensor.randn(6, 3)));
    }

    @Test
    void embeddingPaddingIdx() {
        Embedding emb = new Embedding(5, 4, 0);
        assertEquals(0, emb.weight().select(0, 0).abs().sum().item());
        Tensor idx = Tensor.of(new long[] {0, 2, 0, 3}, 4);
        emb.forward(idx).sum().backward();
        assertEquals(0, emb.weight().grad().select(0, 0).abs().sum().item(), "padding row gets no gradient");
        assertEquals(4, emb.weight().grad().select(0, 2).sum().item(), 0);
        Embedding neg = new Embedding(5, 4, -1);
        assertEquals(4, neg.paddingIdx());
        assertEquals("Embedding(5, 4, padding_idx=4)", neg.toString());
        assertNull(new Embedding(5, 4).paddingIdx());
        // with a padding row the lookup is not differentiable there by design; check one that is not looked up
        GradCheck.check(t -> Functional.embedding(idx, t[0], 1), GradCheck.leaves(Tensor.randn(5, 4)));
    }

    @Test
    void embeddingFromPretrained() {
        Tensor table = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Embedding frozen = Embedding.fromPretrained(table, true);
        assertTrue(frozen.weight().equal(table));
        assertEquals(DType.FLOAT64, frozen.weight().dtype());
        assertFalse(frozen.weight().requiresGrad());
        assertArrayEquals(new double[] {5, 6, 1, 2}, frozen.forward(Tensor.of(new long[] {2, 0}, 2)).toDoubleArray());
        Embedding trainable = Embedding.fromPretrained(table, false, 1);
        assertTrue(trainable.weight().requiresGrad());
        assertTrue(trainable.weight().equal(table), "pretrained values are kept, padding row included");
        table.set(9, 0, 0);
        assertEquals(1, trainable.weight().get(0, 0), "a copy, not a view");
    }

    @Test
    void embeddingInitStateAndErrors() {
        Embedding emb = new Embedding(400, 50);
        double[] w = emb.weight().toDoubleArray();
        double sum = 0, sq = 0;
        for (double v : w) { sum += v; sq += v * v; }
        assertEquals(0, sum / w.length, 0.02);
        assertEquals(1, Math.sqrt(sq / w.length), 0.02, "N(0, 1) init");
        assertEquals(List.of("weight"), List.copyOf(emb.stateDict().keySet()));
        assertEquals(400, emb.numEmbeddings());
        assertEquals(50, emb.embeddingDim());
        var oob = assertThrows(IndexOutOfBoundsException.class, () -> emb.forward(Tensor.of(new long[] {3, 400}, 2)));
        assertTrue(oob.getMessage().contains("400") && oob.getMessage().contains("[0, 400)"), oob.getMessage());
        var dt = assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.zeros(2)));
        assertTrue(dt.getMessage().contains("INT64"), dt.getMessage());
        assertEquals(DType.FLOAT64, Functional.embedding(Tensor.of(new long[] {1}, 1), Tensor.randn(3, 2).to(DType.FLOAT64)).dtype());
    }
}
