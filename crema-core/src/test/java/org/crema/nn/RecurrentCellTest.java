package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecurrentCellTest {
    private static final int B = 3, I = 2, H = 5;

    @BeforeEach
    void seed() { Tensor.manualSeed(77); }

    private static Map<String, double[]> values(Module m) {
        Map<String, double[]> out = new HashMap<>();
        // the naive reference names weights with a suffix; cells have none
        m.namedParameters().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    private static double[] row(Tensor t, int r) { return t.select(0, r).toDoubleArray(); }

    @Test
    void cellsMatchNaiveStep() {
        Tensor x = Tensor.randn(B, I).to(DType.FLOAT64), h = Tensor.randn(B, H).to(DType.FLOAT64), c = Tensor.randn(B, H).to(DType.FLOAT64);
        RNNCellBase[] cells = {new RNNCell(I, H), new RNNCell(I, H, true, RNN.Nonlinearity.RELU), new GRUCell(I, H), new LSTMCell(I, H)};
        String[] kinds = {"RNN_TANH", "RNN_RELU", "GRU", "LSTM"};
        for (int k = 0; k < cells.length; k++) {
            RNNCellBase cell = cells[k];
            cell.to(DType.FLOAT64);
            Tensor hOut, cOut = null;
            if (cell instanceof LSTMCell l) {
                RnnState s = l.forward(x, RnnState.of(h, c));
                hOut = s.h();
                cOut = s.c();
            } else if (cell instanceof GRUCell g) {
                hOut = g.forward(x, h);
            } else {
                hOut = ((RNNCell) cell).forward(x, h);
            }
            for (int r = 0; r < B; r++) {
                double[] cc = row(c, r);
                double[] ref = NaiveRecurrence.cell(kinds[k], values(cell), "", row(x, r), row(h, r), cc);
                assertArrayEquals(ref, row(hOut, r), 1e-12, kinds[k]);
                if (cOut != null) assertArrayEquals(cc, row(cOut, r), 1e-12);
            }
        }
    }

    @Test
    void cellStepsReproduceTheSequenceLayer() {
        Tensor.manualSeed(3);
        LSTM layer = new LSTM(I, H);
        LSTMCell cell = new LSTMCell(I, H);
        cell.loadStateDict(Map.of("weight_ih", layer.namedParameters().get("weight_ih_l0"),
                "weight_hh", layer.namedParameters().get("weight_hh_l0"),
                "bias_ih", layer.namedParameters().get("bias_ih_l0"),
                "bias_hh", layer.namedParameters().get("bias_hh_l0")));
        Tensor x = Tensor.randn(B, 4, I);
        RnnOutput full = layer.forward(x, null);
        RnnState s = null;
        for (int t = 0; t < 4; t++) {
            s = cell.forward(x.select(1, t), s);
            assertTrue(s.h().allClose(full.output().select(1, t), 0, 1e-6));
        }
        assertTrue(s.c().allClose(full.c().select(0, 0), 0, 1e-6));
    }

    @Test
    void gradCheckEveryCell() {
        RNNCellBase[] cells = {new RNNCell(I, H), new GRUCell(I, H), new LSTMCell(I, H), new GRUCell(I, H, false)};
        for (RNNCellBase cell : cells) {
            List<String> names = new ArrayList<>(cell.namedParameters().keySet());
            List<Tensor> in = new ArrayList<>(List.of(Tensor.randn(B, I), Tensor.randn(B, H), Tensor.randn(B, H)));
            in.addAll(cell.namedParameters().values());
            boolean lstm = cell instanceof LSTMCell;
            Tensor[] leaves = GradCheck.leaves(in.toArray(new Tensor[0]));
            if (!lstm) leaves[2] = leaves[2].detach();
            GradCheck.check(xs -> {
                Map<String, Tensor> p = new HashMap<>();
                for (int k = 0; k < names.size(); k++) p.put(names.get(k), xs[3 + k]);
                RecurrentSteps.State s = cell.step(xs[0], xs[1], lstm ? xs[2] : null, p::get);
                return lstm ? Tensor.cat(0, s.h().flatten(), s.c().flatten()) : s.h();
            }, leaves);
        }
    }

    @Test
    void unbatchedZeroStateNamesAndErrors() {
        LSTMCell l = new LSTMCell(I, H);
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), new ArrayList<>(l.namedParameters().keySet()));
        assertArrayEquals(new int[] {4 * H, I}, l.namedParameters().get("weight_ih").shape());
        assertArrayEquals(new int[] {3 * H, H}, new GRUCell(I, H).namedParameters().get("weight_hh").shape());
        Tensor x = Tensor.randn(I);
        RnnState s = l.forward(x, null);
        assertArrayEquals(new int[] {H}, s.h().shape());
        assertArrayEquals(new int[] {H}, s.c().shape());
        assertTrue(s.h().allClose(l.forward(x.unsqueeze(0)).squeeze(0), 0, 1e-7));
        assertArrayEquals(new int[] {H}, new GRUCell(I, H).forward(x, Tensor.zeros(H)).shape());
        assertEquals("LSTMCell(2, 5)", l.toString());
        assertEquals("RNNCell(2, 5, bias=false, nonlinearity=relu)", new RNNCell(I, H, false, RNN.Nonlinearity.RELU).toString());
        var e = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(B, 7)));
        assertTrue(e.getMessage().contains("LSTMCell(2, 5)") && e.getMessage().contains("[3, 7]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GRUCell(I, H).forward(Tensor.zeros(B, I), Tensor.zeros(B, 4)));
        assertTrue(e.getMessage().contains("[3, 5]") && e.getMessage().contains("[3, 4]"), e.getMessage());
    }
}
