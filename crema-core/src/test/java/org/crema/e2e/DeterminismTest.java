package org.crema.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.crema.Tensor;
import org.crema.nn.CrossEntropyLoss;
import org.crema.nn.Linear;
import org.crema.nn.ReLU;
import org.crema.nn.Sequential;
import org.crema.optim.Adam;
import org.crema.optim.lr.StepLR;
import org.junit.jupiter.api.Test;

/** The same seed (and thread count) trains to bit-identical weights. */
class DeterminismTest {

    private static Map<String, Tensor> trainOnce(long seed) {
        Tensor.manualSeed(seed);
        Tensor[] data = MlpClassificationTest.spirals(64, seed);
        Sequential model = new Sequential(new Linear(2, 32), new ReLU(), new Linear(32, 2));
        Adam opt = new Adam(model.parameters(), 0.01);
        StepLR sched = new StepLR(opt, 20, 0.5);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        for (int epoch = 0; epoch < 60; epoch++) {
            Tensor perm = Tensor.randperm(128);
            for (int s = 0; s < 128; s += 32) {
                Tensor idx = perm.narrow(0, s, 32);
                opt.zeroGrad();
                ce.forward(model.forward(data[0].indexSelect(0, idx)), data[1].indexSelect(0, idx)).backward();
                opt.step();
            }
            sched.step();
        }
        return model.stateDict();
    }

    @Test
    void sameSeedSameWeights() {
        Map<String, Tensor> a = trainOnce(11), b = trainOnce(11), c = trainOnce(12);
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
        assertFalse(java.util.Arrays.equals(a.get("0.weight").toFloatArray(), c.get("0.weight").toFloatArray()), "another seed differs");
    }
}
