package org.crema.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crema.Tensor;
import org.crema.nn.GRU;
import org.crema.nn.LSTM;
import org.crema.nn.RNN;
import org.crema.nn.RNNBase;
import org.crema.nn.RnnOutput;
import org.junit.jupiter.api.Test;

/**
 * Weights move between PyTorch and Crema by name (the nn/optim issue): a torch recurrent layer's
 * state_dict, loaded into the Crema layer of the same name and shape, gives the same outputs and final
 * states. Every number below was printed by PyTorch 1.13 (float32, 8 significant digits) from
 * <pre>
 * torch.manual_seed(0); x = torch.randn(1, 2, 2)
 * for m in [nn.LSTM(2, 3, batch_first=True), nn.GRU(2, 3, batch_first=True), nn.RNN(2, 3, batch_first=True)]:
 *     print(m.state_dict()); print(m(x))
 * </pre>
 * (the layers built in that order after the seed). It pins the gate order (LSTM i, f, g, o; GRU r, z, n
 * with b_hn inside the reset product) and the layout of weight_ih/weight_hh.
 */
class PyTorchWeightsContractTest {

    private static final Tensor X = Tensor.of(new float[] {1.5409961f, -0.2934289f, -2.1787894f, 0.56843126f}, 1, 2, 2);

    private static Map<String, Tensor> lstmState() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("weight_ih_l0", Tensor.of(new float[] {-0.051236399f, 0.15277413f, -0.17448279f, -0.11348708f, -0.55157071f, -0.38236874f,
                -0.23799711f, 0.021387115f, 0.22824688f, 0.34642333f, -0.39140946f, -0.25141457f,
                0.20970349f, 0.47942469f, -0.11881878f, 0.43203798f, -0.093059257f, 0.061091799f,
                0.5227769f, -0.53559071f, -0.36346388f, -0.14616501f, -0.22505111f, 0.49883109f}, 12, 2));
        s.put("weight_hh_l0", Tensor.of(new float[] {-0.37422669f, -0.2657733f, -0.40336025f, -0.54072374f, -0.33702272f, 0.49628916f,
                0.2576243f, 0.27982581f, 0.030363752f, -0.29599795f, 0.097678818f, -0.53906888f,
                -0.4171738f, -0.29764137f, 0.36427218f, 0.33851272f, -0.25605199f, -0.020832175f,
                0.36925054f, 0.57396299f, 0.22914003f, 0.077995896f, 0.38710546f, -0.33994517f,
                0.10758577f, -0.44762284f, -0.40015346f, -0.29824966f, 0.26123542f, 0.23218742f,
                -0.34199488f, 0.17442161f, 0.31694913f, -0.072871625f, 0.022044124f, 0.13377477f}, 12, 3));
        s.put("bias_ih_l0", Tensor.of(new float[] {0.35817459f, 0.55436832f, -0.44491971f, -0.21158139f, 0.22690436f, 0.47836322f,
                0.50241441f, 0.50942892f, 0.1149011f, -0.5020538f, 0.053111892f, -0.36119342f}, 12));
        s.put("bias_hh_l0", Tensor.of(new float[] {-0.53806394f, 0.51297134f, 0.4389939f, -0.57592303f, 0.10806383f, -0.09726043f,
                -0.095009424f, -0.26428604f, 0.22202361f, -0.3419666f, 0.21165161f, 0.2919707f}, 12));
        return s;
    }

    private static Map<String, Tensor> gruState() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("weight_ih_l0", Tensor.of(new float[] {0.41330865f, 0.2158777f, -0.57142389f, -0.37452531f, 0.28827965f, 0.12084019f, -0.4503817f,
                -0.33244953f, 0.54314184f, 0.38902894f, -0.25173923f, -0.14531028f, -0.54998279f,
                -0.010377374f, -0.43477875f, -0.44534299f, -0.031811774f, 0.086686283f}, 9, 2));
        s.put("weight_hh_l0", Tensor.of(new float[] {-0.23644242f, 0.3425867f, -0.3513402f, 0.52387035f, 0.39565805f, -0.48686963f,
                -0.14369343f, 0.026051559f, 0.084236026f, 0.13693263f, 0.22656856f, 0.034583375f,
                -0.2817058f, 0.2731958f, -0.55382258f, -0.34219936f, -0.144528f, -0.28123501f,
                -0.20197639f, -0.47320879f, -0.12281115f, 0.12341234f, -0.37612393f, -0.029629245f,
                0.41329667f, -0.05935175f, 0.016045842f}, 9, 3));
        s.put("bias_ih_l0", Tensor.of(new float[] {-0.049807373f, 0.11684494f, 0.36710209f, 0.54689282f, 0.36664969f, 0.54814416f,
                -0.041754924f, -0.51864618f, -0.27370861f}, 9));
        s.put("bias_hh_l0", Tensor.of(new float[] {0.3931208f, -0.0037426627f, -0.28696984f, -0.44243029f, -0.54031444f, -0.48728836f,
                -0.11710785f, 0.31662235f, 0.31213927f}, 9));
        return s;
    }

    private static Map<String, Tensor> rnnState() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("weight_ih_l0", Tensor.of(new float[] {-0.55681497f, 0.36014071f, -0.45178202f, -0.12205778f, -0.23409973f, -0.11120648f}, 3, 2));
        s.put("weight_hh_l0", Tensor.of(new float[] {-0.11335851f, -0.51808524f, -0.4985061f, -0.090343468f, 0.0074663982f, -0.26227573f,
                0.21748738f, -0.51964897f, -0.038963776f}, 3, 3));
        s.put("bias_ih_l0", Tensor.of(new float[] {0.50773305f, -0.23549655f, 0.52134907f}, 3));
        s.put("bias_hh_l0", Tensor.of(new float[] {0.20908958f, -0.52103603f, 0.36528799f}, 3));
        return s;
    }

    private static RnnOutput run(RNNBase m, Map<String, Tensor> state) {
        m.loadStateDict(state);
        return m.forward(X, null);
    }

    @Test
    void lstmMatchesTorch() {
        RnnOutput o = run(new LSTM(2, 3), lstmState());
        assertArrayEquals(new float[] {0.11719424f, -0.019677205f, 0.02030696f, 0.019383207f, 0.31926775f, 0.2701005f}, o.output().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {0.019383207f, 0.31926775f, 0.2701005f}, o.h().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {0.22070146f, 0.47772288f, 0.42894813f}, o.c().toFloatArray(), 1e-5f);
    }

    @Test
    void gruMatchesTorch() {
        RnnOutput o = run(new GRU(2, 3), gruState());
        assertArrayEquals(new float[] {-0.46460414f, -0.27078795f, -0.087572262f, -0.053638339f, 0.22711222f, -0.092058122f}, o.output().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {-0.053638339f, 0.22711222f, -0.092058122f}, o.h().toFloatArray(), 1e-5f);
    }

    @Test
    void rnnMatchesTorch() {
        RnnOutput o = run(new RNN(2, 3), rnnState());
        assertArrayEquals(new float[] {-0.24200502f, -0.88895285f, 0.50687963f, 0.98267496f, 0.040685356f, 0.93822783f}, o.output().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {0.98267496f, 0.040685356f, 0.93822783f}, o.h().toFloatArray(), 1e-5f);
    }
}
