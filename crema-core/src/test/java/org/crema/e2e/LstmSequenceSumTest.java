package org.crema.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.crema.Tensor;
import org.crema.nn.LSTM;
import org.crema.nn.Linear;
import org.crema.nn.MSELoss;
import org.crema.optim.Adam;
import org.crema.optim.ClipGrad;
import org.junit.jupiter.api.Test;

/** An LSTM with a linear read-out learns to sum a sequence of 8 numbers drawn from [0, 1). */
class LstmSequenceSumTest {
    private static final int T = 8, BATCH = 32;

    private static Tensor[] batch() {
        Tensor x = Tensor.rand(BATCH, T, 1);
        return new Tensor[] {x, x.sum(1)};
    }

    private static double loss(LSTM lstm, Linear head, Tensor[] b) {
        try (var g = Tensor.noGrad()) {
            return new MSELoss().forward(head.forward(lstm.forward(b[0]).select(1, T - 1)), b[1]).item();
        }
    }

    @Test
    void learnsToSum() {
        Tensor.manualSeed(6);
        LSTM lstm = new LSTM(1, 16);
        Linear head = new Linear(16, 1);
        List<Tensor> params = new ArrayList<>(lstm.parameters());
        params.addAll(head.parameters());
        Adam opt = new Adam(params, 0.02);
        MSELoss mse = new MSELoss();
        Tensor[] eval = batch();
        double before = loss(lstm, head, eval);
        for (int it = 0; it < 400; it++) {
            Tensor[] b = batch();
            opt.zeroGrad();
            mse.forward(head.forward(lstm.forward(b[0]).select(1, T - 1)), b[1]).backward();
            ClipGrad.clipGradNorm(params, 5.0);
            opt.step();
        }
        double after = loss(lstm, head, eval);
        // the sum has variance 8/12 = 0.67: predicting its mean would leave an MSE of about 0.67
        assertTrue(before > 1, "an untrained model is far off, got " + before);
        assertTrue(after < 0.03, "MSE went from " + before + " to " + after);
    }
}
