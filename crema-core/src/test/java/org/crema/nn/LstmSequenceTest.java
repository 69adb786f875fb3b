package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused FLOAT32 LSTM sequence against the per-step FLOAT64 path (which the gradient checks of
 * RecurrentLayerTest cover): outputs, final states and every gradient, on odd sizes that exercise
 * both the vector loop and its scalar tail (H = 19 = 16 + 3) and the scalar loop alone (H = 5).
 */
class LstmSequenceTest {

    private record Run(Tensor out, Tensor h, Tensor c, Map<String, Tensor> grads) {}

    private static Run run(LSTM m, Tensor x, Tensor h0, Tensor c0, Tensor weights, DType dt) {
        return run(m, x, h0, c0, weights, dt, false);
    }

    private static Run run(LSTM m, Tensor x, Tensor h0, Tensor c0, Tensor weights, DType dt, boolean finalCOnly) {
        m.zeroGrad();
        Tensor xi = x.to(dt).detach().requiresGrad(true), hi = h0.to(dt).detach().requiresGrad(true);
        Tensor ci = c0.to(dt).detach().requiresGrad(true);
        RnnOutput o = m.forward(xi, RnnState.of(hi, ci));
        Tensor w = weights.to(dt);
        // a loss that weighs every output element differently, plus the final states
        Tensor loss = finalCOnly ? o.c().square().sum()
                : o.output().mul(w).sum().add(o.h().square().sum()).add(o.c().mul(0.5).sum());
        loss.backward();
        Map<String, Tensor> grads = new LinkedHashMap<>();
        grads.put("x", xi.grad());
        grads.put("h0", hi.grad());
        grads.put("c0", ci.grad());
        m.namedParameters().forEach((k, v) -> grads.put(k, v.grad()));
        return new Run(o.output(), o.h(), o.c(), grads);
    }

    private static void compare(int batch, int steps, int in, int hidden, RecurrentOptions opts) {
        compare(batch, steps, in, hidden, opts, false);
    }

    private static void compare(int batch, int steps, int in, int hidden, RecurrentOptions opts, boolean finalCOnly) {
        Tensor.manualSeed(7);
        LSTM m = new LSTM(in, hidden, opts);
        int states = opts.numLayers() * opts.numDirections();
        Tensor x = opts.batchFirst() ? Tensor.randn(batch, steps, in) : Tensor.randn(steps, batch, in);
        Tensor h0 = Tensor.randn(states, batch, hidden).mul(0.5), c0 = Tensor.randn(states, batch, hidden).mul(0.5);
        Tensor out32 = m.forward(x);
        Tensor weights = Tensor.randn(out32.shape());

        Run fused = run(m, x, h0, c0, weights, DType.FLOAT32, finalCOnly);
        m.to(DType.FLOAT64);
        Run reference = run(m, x, h0, c0, weights, DType.FLOAT64, finalCOnly);

        assertEquals(DType.FLOAT32, fused.out().dtype());
        assertTrue(fused.out().allClose(reference.out(), 1e-4, 1e-5), "output");
        assertTrue(fused.h().allClose(reference.h(), 1e-4, 1e-5), "h");
        assertTrue(fused.c().allClose(reference.c(), 1e-4, 1e-5), "c");
        for (var e : reference.grads().entrySet()) {
            Tensor g = fused.grads().get(e.getKey());
            assertNotNull(g, e.getKey());
            assertTrue(g.allClose(e.getValue(), 1e-3, 1e-4), () -> "gradient of " + e.getKey() + ": max diff "
                    + g.to(DType.FLOAT64).sub(e.getValue()).abs().max().item());
        }
    }

    @Test
    void matchesPerStepPathVectorAndTail() {
        compare(3, 7, 5, 19, RecurrentOptions.defaults());
    }

    @Test
    void matchesPerStepPathTwoLayersBidirectionalSeqFirst() {
        compare(2, 5, 3, 19, RecurrentOptions.defaults().numLayers(2).bidirectional(true).batchFirst(false));
    }

    @Test
    void matchesPerStepPathScalarOnly() {
        compare(4, 6, 3, 5, RecurrentOptions.defaults().bidirectional(true));
    }

    @Test
    void matchesPerStepPathWithoutBiasesTwoLayers() {
        compare(5, 3, 4, 19, RecurrentOptions.defaults().bias(false).numLayers(2));
    }

    /** The final c is the only output without a view of h: its gradient alone must reach every input. */
    @Test
    void lossOfTheFinalCellStateAlone() {
        compare(5, 6, 3, 19, RecurrentOptions.defaults(), true);
        compare(4, 5, 3, 19, RecurrentOptions.defaults().bidirectional(true).batchFirst(false), true);
    }

    @Test
    void singleStepAndBatchOfOne() {
        compare(1, 1, 2, 17, RecurrentOptions.defaults());
    }

    @Test
    void matchesPerStepPathOnKernelRemaindersAndPartialPanels() {
        // 13 rows = an 8-row block, a 4-row block and one row; 4H = 148 and H = 37 end in partial column panels
        compare(13, 4, 6, 37, RecurrentOptions.defaults().bidirectional(true));
    }

    /** Rows of a batch never interact, and threads split the batch: each row alone must give the same bits. */
    @Test
    void eachRowAloneGivesTheSameBits() {
        Tensor.manualSeed(11);
        LSTM m = new LSTM(5, 37, RecurrentOptions.defaults().bidirectional(true));
        Tensor x = Tensor.randn(21, 6, 5);
        RnnOutput full = m.forward(x, null);
        for (int r = 0; r < 21; r++) {
            RnnOutput one = m.forward(x.narrow(0, r, 1), null);
            assertArrayEquals(full.output().narrow(0, r, 1).toFloatArray(), one.output().toFloatArray(), "output of row " + r);
            assertArrayEquals(full.c().narrow(1, r, 1).toFloatArray(), one.c().toFloatArray(), "c of row " + r);
        }
    }

    /**
     * The backward takes its steps in chunks and adds each chunk's share to the weight gradient: the same
     * rows in the same order whatever the chunk size, so the same bits, with all steps in one chunk,
     * chunks of one step, of several and a last partial one.
     */
    @Test
    void chunkedBackwardGivesTheSameBits() {
        int savedRows = LstmSequence.CHUNK_ROWS;
        try {
            Map<String, float[]> reference = null;
            for (int rowsPerChunk : new int[] {Integer.MAX_VALUE, 3, 6, 21}) { // batch 3: all, 1, 2 and 7 steps
                LstmSequence.CHUNK_ROWS = rowsPerChunk;
                Tensor.manualSeed(13);
                LSTM m = new LSTM(5, 19, RecurrentOptions.defaults().numLayers(2));
                Tensor x = Tensor.randn(3, 11, 5).requiresGrad(true);
                m.forward(x).square().sum().backward();
                Map<String, float[]> grads = new LinkedHashMap<>();
                grads.put("x", x.grad().toFloatArray());
                m.namedParameters().forEach((k, v) -> grads.put(k, v.grad().toFloatArray()));
                if (reference == null) {
                    reference = grads;
                    continue;
                }
                for (var e : reference.entrySet()) {
                    assertArrayEquals(e.getValue(), grads.get(e.getKey()), e.getKey() + " with " + rowsPerChunk + " rows per chunk");
                }
            }
        } finally {
            LstmSequence.CHUNK_ROWS = savedRows;
        }
    }

    /**
     * The first backward recycles the arrays the forward saved (ScratchArrays) and later forwards reuse
     * them: a second backward through the same graph recomputes them and must give the same gradients,
     * whatever ran in between.
     */
    @Test
    void secondBackwardAfterTheArraysWereRecycledGivesTheSameGradients() {
        Tensor.manualSeed(12);
        // large enough for ScratchArrays (>= MIN_LENGTH floats each)
        LSTM m = new LSTM(5, 37);
        Tensor x = Tensor.randn(16, 30, 5).requiresGrad(true);
        Tensor loss = m.forward(x).square().sum();
        loss.backward();
        float[] gx = x.grad().toFloatArray(), gw = m.namedParameters().get("weight_hh_l0").grad().toFloatArray();
        // other forwards and backwards of the same shapes take the recycled arrays and overwrite them
        for (int i = 0; i < 3; i++) m.forward(Tensor.randn(16, 30, 5).mul(2)).sum().backward();
        try (var g = Tensor.noGrad()) {
            m.forward(Tensor.randn(16, 30, 5));
        }
        x.setGrad(null);
        m.zeroGrad();
        loss.backward();
        assertArrayEquals(gx, x.grad().toFloatArray());
        assertArrayEquals(gw, m.namedParameters().get("weight_hh_l0").grad().toFloatArray());
    }

    /** Recycled arrays hold the previous call's values: results must not depend on them. */
    @Test
    void recycledArraysGiveTheSameBitsAsFreshOnes() {
        Tensor.manualSeed(13);
        LSTM m = new LSTM(4, 37, RecurrentOptions.defaults().bidirectional(true));
        Tensor x = Tensor.randn(16, 30, 4);
        float[][] first = null;
        for (int i = 0; i < 3; i++) {
            m.zeroGrad();
            Tensor out = m.forward(x);
            out.mul(out).sum().backward();
            var p = m.namedParameters();
            float[][] now = {out.toFloatArray(), p.get("weight_hh_l0").grad().toFloatArray(),
                    p.get("weight_ih_l0_reverse").grad().toFloatArray(), p.get("bias_hh_l0").grad().toFloatArray()};
            if (first == null) first = now;
            else for (int q = 0; q < now.length; q++) assertArrayEquals(first[q], now[q], "array " + q + ", run " + i);
            // dirty the pool with other values of the same shapes
            m.forward(Tensor.randn(16, 30, 4).mul(3)).sum().backward();
        }
    }
}
