package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecurrentLayerTest {
    private static final int B = 2, T = 3, I = 3, H = 4;
    private static final String[] KINDS = {"RNN_TANH", "RNN_RELU", "LSTM", "GRU"};

    @BeforeEach
    void seed() { Tensor.manualSeed(1234); }

    static RNNBase make(String kind, RecurrentOptions o) {
        return switch (kind) {
            case "RNN_TANH" -> new RNN(I, H, RNN.Nonlinearity.TANH, o);
            case "RNN_RELU" -> new RNN(I, H, RNN.Nonlinearity.RELU, o);
            case "LSTM" -> new LSTM(I, H, o);
            case "GRU" -> new GRU(I, H, o);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static Map<String, double[]> values(Module m) {
        Map<String, double[]> out = new HashMap<>();
        m.namedParameters().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    static double[][][] to3(Tensor t) {
        int[] s = t.shape();
        double[] v = t.toDoubleArray();
        double[][][] out = new double[s[0]][s[1]][s[2]];
        for (int a = 0; a < s[0]; a++) for (int b = 0; b < s[1]; b++) System.arraycopy(v, (a * s[1] + b) * s[2], out[a][b], 0, s[2]);
        return out;
    }

    static double[] flat(double[][][] x) {
        List<Double> l = new ArrayList<>();
        for (double[][] a : x) for (double[] b : a) for (double v : b) l.add(v);
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ------------------------------------------------------------------ forward against the naive reference

    @Test
    void forwardMatchesNaiveReference() {
        for (String kind : KINDS) {
            for (int layers = 1; layers <= 2; layers++) {
                for (boolean bidir : new boolean[] {false, true}) {
                    RecurrentOptions o = RecurrentOptions.defaults().numLayers(layers).bidirectional(bidir);
                    RNNBase m = make(kind, o);
                    m.to(DType.FLOAT64);
                    int dirs = o.numDirections();
                    Tensor x = Tensor.randn(B, T, I).to(DType.FLOAT64);
                    Tensor h0 = Tensor.randn(layers * dirs, B, H).mul(0.5).to(DType.FLOAT64);
                    Tensor c0 = Tensor.randn(layers * dirs, B, H).mul(0.5).to(DType.FLOAT64);
                    boolean lstm = kind.equals("LSTM");
                    RnnOutput out = m.forward(x, lstm ? RnnState.of(h0, c0) : RnnState.of(h0));

                    double[][][] hN = new double[layers * dirs][B][], cN = lstm ? new double[layers * dirs][B][] : null;
                    double[][][] ref = NaiveRecurrence.sequence(kind, values(m), H, layers, bidir, to3(x), to3(h0),
                            lstm ? to3(c0) : null, hN, cN);
                    String what = kind + " layers=" + layers + " bidirectional=" + bidir;
                    assertArrayEquals(new int[] {B, T, dirs * H}, out.output().shape(), what);
                    assertArrayEquals(flat(ref), out.output().toDoubleArray(), 1e-12, what);
                    assertArrayEquals(new int[] {layers * dirs, B, H}, out.h().shape(), what);
                    assertArrayEquals(flat(hN), out.h().toDoubleArray(), 1e-12, what);
                    if (lstm) assertArrayEquals(flat(cN), out.c().toDoubleArray(), 1e-12, what);
                    else assertNull(out.c());
                    // the plain forward starts from zeros
                    double[][][] zeros = new double[layers * dirs][B][H];
                    double[][][] ref0 = NaiveRecurrence.sequence(kind, values(m), H, layers, bidir, to3(x), zeros,
                            lstm ? zeros : null, new double[layers * dirs][B][], lstm ? new double[layers * dirs][B][] : null);
                    assertArrayEquals(flat(ref0), m.forward(x).toDoubleArray(), 1e-12, what);
                }
            }
        }
    }

    @Test
    void seqFirstLayoutIsTheTransposeOfBatchFirst() {
        for (String kind : KINDS) {
            Tensor.manualSeed(5);
            RNNBase a = make(kind, RecurrentOptions.defaults().numLayers(2));
            Tensor.manualSeed(5);
            RNNBase b = make(kind, RecurrentOptions.defaults().numLayers(2).batchFirst(false));
            Tensor x = Tensor.randn(B, T, I);
            RnnOutput oa = a.forward(x, null), ob = b.forward(x.transpose(0, 1), null);
            assertArrayEquals(new int[] {T, B, H}, ob.output().shape());
            assertTrue(oa.output().allClose(ob.output().transpose(0, 1), 0, 1e-6), kind);
            assertTrue(oa.h().allClose(ob.h(), 0, 1e-6), kind);
        }
    }

    @Test
    void unbatchedInputMatchesBatchOfOne() {
        for (String kind : KINDS) {
            RNNBase m = make(kind, RecurrentOptions.defaults().numLayers(2).bidirectional(true));
            Tensor x = Tensor.randn(T, I);
            RnnOutput u = m.forward(x, null), b = m.forward(x.unsqueeze(0), null);
            assertArrayEquals(new int[] {T, 2 * H}, u.output().shape());
            assertArrayEquals(new int[] {4, H}, u.h().shape());
            assertTrue(u.output().allClose(b.output().squeeze(0), 0, 1e-6));
            assertTrue(u.h().allClose(b.h().squeeze(1), 0, 1e-6));
            // an unbatched state goes back in
            RnnOutput again = m.forward(x, u.state());
            assertArrayEquals(new int[] {T, 2 * H}, again.output().shape());
        }
    }

    @Test
    void passingTheStateContinuesTheSequence() {
        for (String kind : KINDS) {
            RNNBase m = make(kind, RecurrentOptions.defaults().numLayers(2));
            Tensor x = Tensor.randn(B, 6, I);
            RnnOutput whole = m.forward(x, null);
            RnnOutput first = m.forward(x.narrow(1, 0, 3), null);
            RnnOutput second = m.forward(x.narrow(1, 3, 3), first.state().detach());
            assertTrue(whole.output().narrow(1, 3, 3).allClose(second.output(), 0, 1e-6), kind);
            assertTrue(whole.h().allClose(second.h(), 0, 1e-6), kind);
        }
    }

    @Test
    void float32AgreesWithFloat64() {
        for (String kind : KINDS) {
            RNNBase m = make(kind, RecurrentOptions.defaults().numLayers(2).bidirectional(true));
            Tensor x = Tensor.randn(B, T, I);
            Tensor y32 = m.forward(x);
            assertEquals(DType.FLOAT32, y32.dtype());
            m.to(DType.FLOAT64);
            Tensor y64 = m.forward(x);
            assertEquals(DType.FLOAT64, y64.dtype());
            assertTrue(y32.allClose(y64, 0, 1e-5), kind);
        }
    }

    // ------------------------------------------------------------------ gradients

    /** Output, final h and (LSTM) final c flattened into one vector, with parameters taken from the checked leaves. */
    private static Tensor runWith(RNNBase m, List<String> names, Tensor[] xs, boolean lstm) {
        Map<String, Tensor> p = new HashMap<>();
        for (int k = 0; k < names.size(); k++) p.put(names.get(k), xs[3 + k]);
        RnnOutput o = m.run(xs[0], lstm ? RnnState.of(xs[1], xs[2]) : RnnState.of(xs[1]), p::get);
        return lstm ? Tensor.cat(0, o.output().flatten(), o.h().flatten(), o.c().flatten())
                : Tensor.cat(0, o.output().flatten(), o.h().flatten());
    }

    private static void gradCheck(String kind, RecurrentOptions o) {
        RNNBase m = make(kind, o);
        boolean lstm = kind.equals("LSTM");
        int states = o.numLayers() * o.numDirections();
        Map<String, Tensor> named = new LinkedHashMap<>(m.namedParameters());
        List<String> names = new ArrayList<>(named.keySet());
        List<Tensor> inputs = new ArrayList<>(List.of(o.batchFirst() ? Tensor.randn(B, T, I) : Tensor.randn(T, B, I), Tensor.randn(states, B, H).mul(0.5),
                Tensor.randn(states, B, H).mul(0.5)));
        inputs.addAll(named.values());
        Tensor[] leaves = GradCheck.leaves(inputs.toArray(new Tensor[0]));
        if (!lstm) leaves[2] = leaves[2].detach(); // no cell state: not checked
        GradCheck.check(xs -> runWith(m, names, xs, lstm), leaves);
    }

    @Test
    void gradCheckTwoLayersWithRespectToInputStateAndEveryWeight() {
        for (String kind : KINDS) gradCheck(kind, RecurrentOptions.defaults().numLayers(2));
    }

    @Test
    void gradCheckBidirectionalSeqFirstAndBiasFree() {
        gradCheck("LSTM", RecurrentOptions.defaults().bidirectional(true).batchFirst(false));
        gradCheck("GRU", RecurrentOptions.defaults().bidirectional(true).bias(false));
        gradCheck("RNN_TANH", RecurrentOptions.defaults().numLayers(2).bidirectional(true));
    }

    @Test
    void backwardReachesEveryParameter() {
        LSTM m = new LSTM(I, H, RecurrentOptions.defaults().numLayers(2).bidirectional(true));
        m.forward(Tensor.randn(B, T, I)).square().sum().backward();
        m.namedParameters().forEach((k, v) -> {
            assertNotNull(v.grad(), k);
            assertTrue(v.grad().abs().sum().item() > 0, k);
        });
    }

    // ------------------------------------------------------------------ parameters, dropout, printing, errors

    @Test
    void torchParameterNamesShapesAndInit() {
        LSTM lstm = new LSTM(3, 5, RecurrentOptions.defaults().numLayers(2).bidirectional(true));
        List<String> expected = new ArrayList<>();
        for (String l : new String[] {"_l0", "_l0_reverse", "_l1", "_l1_reverse"}) {
            for (String p : new String[] {"weight_ih", "weight_hh", "bias_ih", "bias_hh"}) expected.add(p + l);
        }
        assertEquals(expected, new ArrayList<>(lstm.namedParameters().keySet()));
        Map<String, Tensor> p = lstm.namedParameters();
        assertArrayEquals(new int[] {20, 3}, p.get("weight_ih_l0").shape());
        assertArrayEquals(new int[] {20, 5}, p.get("weight_hh_l0_reverse").shape());
        assertArrayEquals(new int[] {20, 10}, p.get("weight_ih_l1").shape());
        assertArrayEquals(new int[] {20}, p.get("bias_hh_l1_reverse").shape());
        double k = 1 / Math.sqrt(5);
        for (Tensor t : lstm.parameters()) {
            assertTrue(t.abs().max().item() <= k, "init beyond 1/sqrt(hidden)");
            assertTrue(t.abs().max().item() > k / 2, "init should fill the range");
        }
        GRU gru = new GRU(3, 5, RecurrentOptions.defaults().bias(false));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), new ArrayList<>(gru.namedParameters().keySet()));
        assertArrayEquals(new int[] {15, 3}, gru.namedParameters().get("weight_ih_l0").shape());
        assertArrayEquals(new int[] {5, 5}, new RNN(3, 5).namedParameters().get("weight_hh_l0").shape());
        // torch's parameter count for LSTM(3, 5, num_layers=2, bidirectional=True)
        assertEquals(2 * (20 * 3 + 20 * 5 + 40) + 2 * (20 * 10 + 20 * 5 + 40), lstm.numParameters());
    }

    @Test
    void dropoutBetweenLayersOnlyInTraining() {
        RecurrentOptions o = RecurrentOptions.defaults().numLayers(2);
        Tensor.manualSeed(9);
        LSTM plain = new LSTM(I, H, o);
        Tensor.manualSeed(9);
        LSTM dropped = new LSTM(I, H, o.dropout(0.5));
        Tensor x = Tensor.randn(B, T, I);
        dropped.eval();
        assertTrue(plain.forward(x).allClose(dropped.forward(x), 0, 0));
        dropped.train();
        Tensor.manualSeed(1);
        Tensor a = dropped.forward(x);
        assertFalse(plain.forward(x).allClose(a, 0, 1e-6));
        Tensor.manualSeed(1);
        assertTrue(a.allClose(dropped.forward(x), 0, 0), "dropout masks follow the global seed");
    }

    @Test
    void printsTorchStyle() {
        assertEquals("LSTM(10, 20, batch_first=true)", new LSTM(10, 20).toString());
        assertEquals("GRU(10, 20, num_layers=2, bias=false, batch_first=false, dropout=0.5, bidirectional=true)",
                new GRU(10, 20, 2, false, false, 0.5, true).toString());
        assertEquals("RNN(3, 4, batch_first=true, nonlinearity=relu)", new RNN(3, 4, RNN.Nonlinearity.RELU).toString());
    }

    @Test
    void shapeErrorsNameTheLayerAndShapes() {
        LSTM m = new LSTM(I, H, RecurrentOptions.defaults().numLayers(2));
        var e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(B, T, 5)));
        assertTrue(e.getMessage().contains("LSTM(3, 4") && e.getMessage().contains("[batch, seq, 3]")
                && e.getMessage().contains("[2, 3, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(B, T, I, 1)));
        assertTrue(e.getMessage().contains("[2, 3, 3, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(Tensor.zeros(B, T, I), RnnState.of(Tensor.zeros(1, B, H), Tensor.zeros(1, B, H))));
        assertTrue(e.getMessage().contains("[2, 2, 4]") && e.getMessage().contains("[1, 2, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(B, T, I), RnnState.of(Tensor.zeros(2, B, H))));
        assertTrue(e.getMessage().contains("both h and c"), e.getMessage());
        GRU g = new GRU(I, H);
        e = assertThrows(IllegalArgumentException.class,
                () -> g.forward(Tensor.zeros(B, T, I), RnnState.of(Tensor.zeros(1, B, H), Tensor.zeros(1, B, H))));
        assertTrue(e.getMessage().contains("no cell state"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LSTM(3, 4, RecurrentOptions.defaults().numLayers(0)));
        assertTrue(e.getMessage().contains("numLayers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RecurrentOptions.defaults().dropout(1.5));
        assertTrue(e.getMessage().contains("dropout"), e.getMessage());
    }
}
