package org.crema.contract;

import static org.crema.contract.Expect.shape;
import static org.crema.contract.Expect.values;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.nn.*;
import org.crema.nn.Module;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The org.crema.nn names of the nn/optim issue, used exactly as written there, against PyTorch 1.13:
 * state-dict keys are those of {@code list(<the same torch architecture>.state_dict().keys())}, values
 * those of the torch.nn.functional call quoted beside each.
 */
class NnContractTest {

    @BeforeEach
    void seed() { Tensor.manualSeed(2024); }

    private static List<String> keys(Map<String, Tensor> m) { return new ArrayList<>(m.keySet()); }

    private static List<List<Integer>> shapes(Map<String, Tensor> m) {
        List<List<Integer>> out = new ArrayList<>();
        for (Tensor t : m.values()) out.add(java.util.Arrays.stream(t.shape()).boxed().toList());
        return out;
    }

    // ------------------------------------------------------------------ state-dict names

    @Test
    void sequentialStateDictNamesMatchPyTorch() {
        // nn.Sequential(nn.Linear(4,3), nn.ReLU(), nn.BatchNorm1d(3), nn.Linear(3,2,bias=False))
        Module m = new Sequential(new Linear(4, 3), new ReLU(), new BatchNorm1d(3), new Linear(3, 2, false));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var",
                "2.num_batches_tracked", "3.weight"), keys(m.stateDict()));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "3.weight"), keys(m.namedParameters()));
        assertEquals(5, m.parameters().size());
        assertSame(m.namedParameters().get("0.weight"), m.parameters().get(0), "parameters() in registration order");
        // nn.Sequential(nn.Sequential(nn.Linear(2,2)), nn.BatchNorm1d(2))
        Module nested = new Sequential(new Sequential(new Linear(2, 2)), new BatchNorm1d(2));
        assertEquals(List.of("0.0.weight", "0.0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked"), keys(nested.stateDict()));
    }

    @Test
    void lenetStateDictNamesMatchPyTorch() {
        Module lenet = new Sequential(new Conv2d(3, 6, 5), new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5), new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10));
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias",
                "11.weight", "11.bias"), keys(lenet.stateDict()));
        assertArrayEquals(new int[] {6, 3, 5, 5}, lenet.stateDict().get("0.weight").shape());
        assertArrayEquals(new int[] {120, 400}, lenet.stateDict().get("7.weight").shape());
        assertArrayEquals(new int[] {4, 10}, lenet.forward(Tensor.randn(4, 3, 32, 32)).shape());
    }

    @Test
    void recurrentStateDictNamesAndShapesMatchPyTorch() {
        // nn.LSTM(4, 5, num_layers=2)
        LSTM lstm = new LSTM(4, 5, 2, true, true, 0.0, false);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1",
                "bias_ih_l1", "bias_hh_l1"), keys(lstm.stateDict()));
        assertEquals(List.of(List.of(20, 4), List.of(20, 5), List.of(20), List.of(20), List.of(20, 5), List.of(20, 5),
                List.of(20), List.of(20)), shapes(lstm.stateDict()));
        // nn.LSTM(4, 5, bidirectional=True)
        LSTM bi = new LSTM(4, 5, RecurrentOptions.defaults().bidirectional(true));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse",
                "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse"), keys(bi.stateDict()));
        // nn.GRU(3, 4) and nn.RNN(3, 4)
        GRU gru = new GRU(3, 4);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"), keys(gru.stateDict()));
        assertEquals(List.of(List.of(12, 3), List.of(12, 4), List.of(12), List.of(12)), shapes(gru.stateDict()));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"), keys(new RNN(3, 4).stateDict()));
    }

    @Test
    void normAndEmbeddingStateDictNames() {
        // nn.BatchNorm2d(3), nn.LayerNorm(6), nn.Embedding(10, 3)
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), keys(new BatchNorm2d(3).stateDict()));
        assertEquals(List.of("weight", "bias"), keys(new LayerNorm(6).stateDict()));
        assertEquals(List.of("weight"), keys(new Embedding(10, 3).stateDict()));
        assertEquals(DType.INT64, new BatchNorm1d(3).stateDict().get("num_batches_tracked").dtype());
    }

    /** "name=[d0, d1]" for each state-dict entry, in order. */
    private static List<String> named(Module m) {
        List<String> out = new ArrayList<>();
        m.stateDict().forEach((k, v) -> out.add(k + "=" + java.util.Arrays.toString(v.shape())));
        return out;
    }

    @Test
    void parameterShapesMatchPyTorch() {
        // [(k, tuple(v.shape)) for k, v in <module>.state_dict().items()] for the torch module in each comment
        // nn.Conv2d(4, 8, 3, stride=1, padding=1, dilation=1, groups=2)
        assertEquals(List.of("weight=[8, 2, 3, 3]", "bias=[8]"), named(new Conv2d(4, 8, 3, 1, 1, 1, 2, true)));
        // nn.Linear(5, 3, bias=False)
        assertEquals(List.of("weight=[3, 5]"), named(new Linear(5, 3, false)));
        // nn.BatchNorm1d(7)
        assertEquals(List.of("weight=[7]", "bias=[7]", "running_mean=[7]", "running_var=[7]", "num_batches_tracked=[]"),
                named(new BatchNorm1d(7)));
        // nn.LayerNorm((2, 3))
        assertEquals(List.of("weight=[2, 3]", "bias=[2, 3]"), named(new LayerNorm(2, 3)));
        // nn.Embedding(10, 3)
        assertEquals(List.of("weight=[10, 3]"), named(new Embedding(10, 3)));
        // nn.GRU(3, 4, num_layers=2, bias=False)
        assertEquals(List.of("weight_ih_l0=[12, 3]", "weight_hh_l0=[12, 4]", "weight_ih_l1=[12, 4]", "weight_hh_l1=[12, 4]"),
                named(new GRU(3, 4, RecurrentOptions.defaults().numLayers(2).bias(false))));
        // nn.RNN(3, 4)
        assertEquals(List.of("weight_ih_l0=[4, 3]", "weight_hh_l0=[4, 4]", "bias_ih_l0=[4]", "bias_hh_l0=[4]"), named(new RNN(3, 4)));
    }

    @Test
    void loadStateDictMovesWeightsByName() {
        Module a = new Sequential(new Linear(3, 2), new ReLU(), new Linear(2, 1));
        Module b = new Sequential(new Linear(3, 2), new ReLU(), new Linear(2, 1));
        Map<String, Tensor> state = new HashMap<>(a.stateDict());
        b.loadStateDict(state);
        Tensor x = Tensor.randn(5, 3);
        assertArrayEquals(a.forward(x).toFloatArray(), b.forward(x).toFloatArray());
        state.remove("2.bias");
        assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(state), "a missing name is refused");
    }

    // ------------------------------------------------------------------ default initialisation

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.toDoubleArray()) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** All values inside (-bound, bound) and spread over most of it, as a uniform draw of this size is. */
    private static void uniformWithin(Tensor t, double bound, String what) {
        double m = maxAbs(t);
        assertTrue(m <= bound, what + ": max |value| " + m + " exceeds " + bound);
        assertTrue(m > 0.8 * bound, what + ": max |value| " + m + " is far below the bound " + bound);
    }

    @Test
    void defaultInitialisationMatchesPyTorch() {
        Linear lin = new Linear(100, 50);                       // kaiming_uniform(a=sqrt(5)) = U(+-1/sqrt(in_features))
        assertArrayEquals(new int[] {50, 100}, lin.weight().shape());
        assertArrayEquals(new int[] {50}, lin.bias().shape());
        uniformWithin(lin.weight(), 1 / Math.sqrt(100), "Linear weight");
        uniformWithin(lin.bias(), 1 / Math.sqrt(100), "Linear bias");
        Conv2d conv = new Conv2d(3, 8, 3, 1, 1);                // U(+-1/sqrt(3*3*3))
        assertArrayEquals(new int[] {8, 3, 3, 3}, conv.weight().shape());
        uniformWithin(conv.weight(), 1 / Math.sqrt(27), "Conv2d weight");
        uniformWithin(conv.bias(), 1 / Math.sqrt(27), "Conv2d bias");
        LSTM lstm = new LSTM(4, 16);                            // every parameter U(+-1/sqrt(hidden_size))
        lstm.stateDict().forEach((k, v) -> uniformWithin(v, 0.25, "LSTM " + k));
        Tensor emb = new Embedding(1000, 4).weight();           // N(0, 1)
        assertEquals(0, emb.mean().item(), 0.1);
        assertEquals(1, emb.std().item(), 0.1);
        BatchNorm2d bn = new BatchNorm2d(3);                    // weight 1, bias 0, running_mean 0, running_var 1
        values(bn.stateDict().get("weight"), 0, shape(3), 1, 1, 1);
        values(bn.stateDict().get("bias"), 0, shape(3), 0, 0, 0);
        values(bn.stateDict().get("running_mean"), 0, shape(3), 0, 0, 0);
        values(bn.stateDict().get("running_var"), 0, shape(3), 1, 1, 1);
        LayerNorm ln = new LayerNorm(4);
        values(ln.weight(), 0, shape(4), 1, 1, 1, 1);
        values(ln.bias(), 0, shape(4), 0, 0, 0, 0);
    }

    @Test
    void initFunctions() {
        // for a [50, 100] weight: fan_in 100, fan_out 50
        uniformWithin(Init.xavierUniform(Tensor.zeros(50, 100)), Math.sqrt(6.0 / 150), "xavierUniform");
        uniformWithin(Init.kaimingUniform(Tensor.zeros(50, 100)), Math.sqrt(2) * Math.sqrt(3.0 / 100), "kaimingUniform");
        assertEquals(Math.sqrt(2.0 / 150), Init.xavierNormal(Tensor.zeros(50, 100)).std().item(), 0.01);
        assertEquals(Math.sqrt(2) / Math.sqrt(100), Init.kaimingNormal(Tensor.zeros(50, 100)).std().item(), 0.01);
    }

    // ------------------------------------------------------------------ modules

    @Test
    void moduleModesGradsAndPrinting() {
        Module m = new Sequential(new Linear(2, 2), new Dropout(0.5));
        assertTrue(m.isTraining());
        m.eval();
        assertFalse(m.isTraining());
        assertFalse(((Sequential) m).get(1).isTraining(), "eval() reaches the children");
        m.train();
        assertTrue(m.isTraining());
        m.forward(Tensor.randn(3, 2)).sum().backward();
        assertNotNull(m.parameters().get(0).grad());
        m.zeroGrad();
        for (Tensor p : m.parameters()) assertTrue(p.grad() == null || p.grad().abs().sum().item() == 0);
        String tree = m.toString();
        assertTrue(tree.contains("(0): Linear") && tree.contains("(1): Dropout"), tree);
    }

    @Test
    void layersComputeAsPyTorch() {
        Tensor img = Tensor.arange(0.0, 16.0, 1.0).reshape(1, 1, 4, 4);       // torch.arange(16.).reshape(1,1,4,4)
        values(new MaxPool2d(2).forward(img), 0, shape(1, 1, 2, 2), 5, 7, 13, 15);
        values(new MaxPool2d(3, 1).forward(img), 0, shape(1, 1, 2, 2), 10, 11, 14, 15);
        values(new AvgPool2d(2).forward(img), 1e-6, shape(1, 1, 2, 2), 2.5, 4.5, 10.5, 12.5);
        values(new AdaptiveAvgPool2d(1, 2).forward(img), 1e-6, shape(1, 1, 1, 2), 6.5, 8.5);
        values(new Flatten().forward(img), 0, shape(1, 16), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        Tensor v = Tensor.of(new float[] {-1, 0.5f}, 2);
        values(new ReLU().forward(v), 0, shape(2), 0, 0.5);
        values(new LeakyReLU().forward(v), 1e-7, shape(2), -0.01, 0.5);       // F.leaky_relu
        values(new ELU().forward(v), 1e-6, shape(2), -0.63212055, 0.5);        // F.elu
        values(new GELU().forward(v), 1e-6, shape(2), -0.15865529, 0.34573120); // F.gelu
        values(new GELU("tanh").forward(v), 1e-6, shape(2), -0.15880799, 0.34571400); // F.gelu(approximate='tanh')
        values(new Sigmoid().forward(v), 1e-6, shape(2), 1 / (1 + Math.exp(1)), 1 / (1 + Math.exp(-0.5)));
        values(new Tanh().forward(v), 1e-6, shape(2), Math.tanh(-1), Math.tanh(0.5));
        values(new Softmax(0).forward(v), 1e-6, shape(2), 1 / (1 + Math.exp(1.5)), 1 / (1 + Math.exp(-1.5)));
        values(new LogSoftmax(0).forward(v), 1e-6, shape(2), -Math.log1p(Math.exp(1.5)), -Math.log1p(Math.exp(-1.5)));
        // the same activations as functions
        values(Functional.relu(v), 0, shape(2), 0, 0.5);
        values(Functional.leakyRelu(v), 1e-7, shape(2), -0.01, 0.5);
        values(Functional.elu(v), 1e-6, shape(2), -0.63212055, 0.5);
        values(Functional.gelu(v), 1e-6, shape(2), -0.15865529, 0.34573120);
        values(Functional.sigmoid(v), 1e-6, shape(2), 1 / (1 + Math.exp(1)), 1 / (1 + Math.exp(-0.5)));
        values(Functional.tanh(v), 1e-6, shape(2), Math.tanh(-1), Math.tanh(0.5));
        values(Functional.softmax(v, 0), 1e-6, shape(2), 1 / (1 + Math.exp(1.5)), 1 / (1 + Math.exp(-1.5)));
        values(Functional.logSoftmax(v, 0), 1e-6, shape(2), -Math.log1p(Math.exp(1.5)), -Math.log1p(Math.exp(-1.5)));
        // F.layer_norm(torch.tensor([[1.,2.,4.]]), (3,))
        values(new LayerNorm(3).forward(Tensor.of(new float[] {1, 2, 4}, 1, 3)), 1e-5, shape(1, 3), -1.06904137, -0.26726031, 1.33630180);
        Embedding emb = new Embedding(5, 2);
        Tensor e = emb.forward(Tensor.of(new long[] {4, 0}, 2));
        assertArrayEquals(new float[] {emb.weight().toFloatArray()[8], emb.weight().toFloatArray()[9],
                emb.weight().toFloatArray()[0], emb.weight().toFloatArray()[1]}, e.toFloatArray());
    }

    @Test
    void batchNormTrainAndEval() {
        BatchNorm1d bn = new BatchNorm1d(1);
        // batch [1, 3]: mean 2, biased var 1 -> (x - 2) / sqrt(1 + 1e-5); running stats: 0.9 * init + 0.1 * batch,
        // with the unbiased batch variance 2 -> running_var 0.9 + 0.2 = 1.1, running_mean 0.2
        values(bn.forward(Tensor.of(new float[] {1, 3}, 2, 1)), 1e-4, shape(2, 1), -1, 1);
        values(bn.runningMean(), 1e-6, shape(1), 0.2);
        values(bn.runningVar(), 1e-6, shape(1), 1.1);
        assertEquals(1, bn.numBatchesTracked());
        bn.eval();                                              // running statistics: (5 - 0.2) / sqrt(1.1 + 1e-5)
        values(bn.forward(Tensor.of(new float[] {5}, 1, 1)), 1e-4, shape(1, 1), 4.8 / Math.sqrt(1.1 + 1e-5));
        BatchNorm2d bn2 = new BatchNorm2d(2);
        assertArrayEquals(new int[] {2, 2, 3, 3}, bn2.forward(Tensor.randn(2, 2, 3, 3)).shape());
    }

    @Test
    void dropoutOnlyInTraining() {
        Dropout d = new Dropout(0.5);
        Tensor x = Tensor.ones(1000);
        double[] y = d.forward(x).toDoubleArray();
        int zeros = 0;
        for (double v : y) {
            assertTrue(v == 0 || Math.abs(v - 2) < 1e-6, "kept values are scaled by 1 / (1 - p): " + v);
            if (v == 0) zeros++;
        }
        assertTrue(zeros > 400 && zeros < 600, zeros + " of 1000 dropped at p = 0.5");
        d.eval();
        assertArrayEquals(x.toFloatArray(), d.forward(x).toFloatArray());
    }

    @Test
    void recurrentLayersReturnOutputsAndFinalStates() {
        Tensor x = Tensor.randn(2, 3, 4);                       // [batch, seq, features]
        LSTM lstm = new LSTM(4, 5, 2, true, true, 0.0, false);
        RnnOutput out = lstm.forward(x, null);
        assertArrayEquals(new int[] {2, 3, 5}, out.output().shape());
        assertArrayEquals(new int[] {2, 2, 5}, out.h().shape());  // [numLayers, batch, hidden]
        assertArrayEquals(new int[] {2, 2, 5}, out.c().shape());
        assertArrayEquals(out.output().select(1, 2).toFloatArray(), out.h().select(0, 1).toFloatArray(), 1e-6f,
                "the last layer's final h is the last output step");
        assertArrayEquals(new int[] {2, 3, 5}, lstm.forward(x).shape());
        RnnOutput g = new GRU(4, 6).forward(x, null);
        assertArrayEquals(new int[] {1, 2, 6}, g.h().shape());
        assertNull(g.c());
        assertArrayEquals(new int[] {2, 3, 7}, new RNN(4, 7).forward(x).shape());
    }

    // ------------------------------------------------------------------ functional

    @Test
    void functionalFormsMatchTorchNnFunctional() {
        Tensor x = Tensor.of(new float[] {1, 2}, 1, 2);
        Tensor w = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);        // [out, in]
        values(Functional.linear(x, w, Tensor.of(new float[] {0, 0, 1}, 3)), 1e-6, shape(1, 3), 1, 2, 4); // x @ w.T + b
        Tensor img = Tensor.arange(0.0, 16.0, 1.0).reshape(1, 1, 4, 4);
        Tensor k = Tensor.of(new float[] {1, 0, 0, -1}, 1, 1, 2, 2);
        Tensor b = Tensor.of(new float[] {0.5f}, 1);
        // F.conv2d(torch.arange(16.).reshape(1,1,4,4), torch.tensor([[[[1.,0.],[0.,-1.]]]]), torch.tensor([0.5]), stride=1, padding=1)
        values(Functional.conv2d(img, k, b, 1, 1), 1e-5, shape(1, 1, 5, 5),
                0.5, -0.5, -1.5, -2.5, 0.5,
                -3.5, -4.5, -4.5, -4.5, 3.5,
                -7.5, -4.5, -4.5, -4.5, 7.5,
                -11.5, -4.5, -4.5, -4.5, 11.5,
                0.5, 12.5, 13.5, 14.5, 15.5);
        values(Functional.conv2d(img, k, b, 2, 0), 1e-5, shape(1, 1, 2, 2), -4.5, -4.5, -4.5, -4.5);
        values(Functional.maxPool2d(img, 2, 2), 0, shape(1, 1, 2, 2), 5, 7, 13, 15);
        Conv2d conv = new Conv2d(1, 1, 2, 1, 1);
        try (var g = Tensor.noGrad()) {
            conv.weight().copy_(k);
            conv.bias().copy_(b);
        }
        assertArrayEquals(Functional.conv2d(img, k, b, 1, 1).toFloatArray(), conv.forward(img).toFloatArray(), 1e-5f);
    }

    @Test
    void lossesMatchPyTorch() {
        Tensor logits = Tensor.of(new float[] {1, 2, 3, 1, -1, 0}, 2, 3);
        Tensor targets = Tensor.of(new long[] {2, 0}, 2);
        // F.cross_entropy(torch.tensor([[1.,2.,3.],[1.,-1.,0.]]), torch.tensor([2,0])) and label_smoothing=0.1
        assertEquals(0.40760601, Functional.crossEntropy(logits, targets).item(), 1e-6);
        assertEquals(0.40760601, new CrossEntropyLoss().forward(logits, targets).item(), 1e-6);
        assertEquals(0.50760603, CrossEntropyLoss.withLabelSmoothing(0.1).forward(logits, targets).item(), 1e-6);
        assertEquals(0.81521192, new CrossEntropyLoss(Reduction.SUM).forward(logits, targets).item(), 1e-6);
        values(new CrossEntropyLoss(Reduction.NONE).forward(logits, targets), 1e-6, shape(2), 0.40760596, 0.40760596);
        // F.cross_entropy(logits, torch.tensor([2,1]), weight=torch.tensor([1.,2.,3.])): (3 * 0.4076 + 2 * 2.4076) / 5
        assertEquals(1.20760608, new CrossEntropyLoss(Tensor.of(new float[] {1, 2, 3}, 3))
                .forward(logits, Tensor.of(new long[] {2, 1}, 2)).item(), 1e-6);
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3), t = Tensor.of(new float[] {2, 2, 5}, 3);
        assertEquals(1.66666667, Functional.mseLoss(a, t).item(), 1e-6);     // F.mse_loss: (1 + 0 + 4) / 3
        assertEquals(1.66666667, new MSELoss().forward(a, t).item(), 1e-6);
        assertEquals(1.0, new L1Loss().forward(a, t).item(), 1e-6);          // (1 + 0 + 2) / 3
        // F.huber_loss(zeros(3), torch.tensor([0.5, 2., -3.])): (0.125 + 1.5 + 2.5) / 3
        assertEquals(1.375, new HuberLoss().forward(Tensor.zeros(3), Tensor.of(new float[] {0.5f, 2, -3}, 3)).item(), 1e-6);
        // F.nll_loss(torch.tensor([[-0.5,-1.5],[-2.,-0.2]]), torch.tensor([1,1]))
        assertEquals(0.85, new NLLLoss().forward(Tensor.of(new float[] {-0.5f, -1.5f, -2, -0.2f}, 2, 2),
                Tensor.of(new long[] {1, 1}, 2)).item(), 1e-6);
        // F.binary_cross_entropy(torch.tensor([0.9,0.2]), torch.tensor([1.,0.]))
        assertEquals(0.16425204, new BCELoss().forward(Tensor.of(new float[] {0.9f, 0.2f}, 2), Tensor.of(new float[] {1, 0}, 2)).item(), 1e-6);
        // F.binary_cross_entropy_with_logits(torch.tensor([2.,-1.]), torch.tensor([1.,0.]))
        assertEquals(0.22009486, new BCEWithLogitsLoss().forward(Tensor.of(new float[] {2, -1}, 2), Tensor.of(new float[] {1, 0}, 2)).item(), 1e-6);
        // log-sum-exp: huge logits stay finite
        assertEquals(0.0, Functional.crossEntropy(Tensor.of(new float[] {1000, 0}, 1, 2), Tensor.of(new long[] {0}, 1)).item(), 1e-6);
    }
}
