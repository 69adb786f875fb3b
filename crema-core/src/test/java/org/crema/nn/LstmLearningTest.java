package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;

/** End to end: an LSTM with a linear read-out learns to predict the next value of sine waves. */
class LstmLearningTest {
    private static final int T = 10, BATCH = 32, HIDDEN = 16;

    /** Windows of sin(w t + phase) with random frequency and phase: x [B, T, 1] and the next value [B, 1]. */
    private static Tensor[] batch() {
        Tensor w = Tensor.rand(BATCH, 1).mul(0.4).add(0.3);
        Tensor phase = Tensor.rand(BATCH, 1).mul(2 * Math.PI);
        Tensor t = Tensor.arange(0.0, T + 1, 1.0).reshape(1, T + 1);
        Tensor wave = w.mul(t).add(phase).sin();
        return new Tensor[] {wave.narrow(1, 0, T).unsqueeze(2), wave.narrow(1, T, 1)};
    }

    /** A minimal Adam so this test does not depend on the optimizer package. */
    private static final class Adam {
        final List<Tensor> params;
        final List<Tensor> m = new ArrayList<>(), v = new ArrayList<>();
        final double lr;
        int step;

        Adam(List<Tensor> params, double lr) {
            this.params = params;
            this.lr = lr;
            for (Tensor p : params) {
                m.add(Tensor.zerosLike(p));
                v.add(Tensor.zerosLike(p));
            }
        }

        void step() {
            step++;
            double c1 = 1 - Math.pow(0.9, step), c2 = 1 - Math.pow(0.999, step);
            try (var g = Tensor.noGrad()) {
                for (int i = 0; i < params.size(); i++) {
                    Tensor grad = params.get(i).grad();
                    m.get(i).mul_(0.9).add_(grad, 0.1);
                    v.get(i).mul_(0.999).add_(grad.square(), 0.001);
                    Tensor update = m.get(i).div(c1).div(v.get(i).div(c2).sqrt().add(1e-8));
                    params.get(i).add_(update, -lr);
                    params.get(i).setGrad(null);
                }
            }
        }
    }

    @Test
    void learnsNextValueOfSineWaves() {
        Tensor.manualSeed(2024);
        LSTM lstm = new LSTM(1, HIDDEN);
        double k = 1 / Math.sqrt(HIDDEN);
        Tensor headW = Tensor.rand(HIDDEN, 1).mul(2 * k).sub(k).requiresGrad(true);
        Tensor headB = Tensor.zeros(1).requiresGrad(true);
        List<Tensor> params = new ArrayList<>(lstm.parameters());
        params.add(headW);
        params.add(headB);
        Adam adam = new Adam(params, 0.01);
        MSELoss mse = new MSELoss();

        Tensor[] eval = batch();
        double before = evalLoss(lstm, headW, headB, eval);
        for (int it = 0; it < 300; it++) {
            Tensor[] b = batch();
            Tensor last = lstm.forward(b[0]).select(1, T - 1);
            Tensor loss = mse.forward(last.matmul(headW).add(headB), b[1]);
            loss.backward();
            adam.step();
        }
        double after = evalLoss(lstm, headW, headB, eval);
        assertTrue(before > 0.1, "an untrained model should be poor, got " + before);
        assertTrue(after < 0.01, "loss went from " + before + " to " + after);
    }

    private static double evalLoss(LSTM lstm, Tensor w, Tensor b, Tensor[] data) {
        try (var g = Tensor.noGrad()) {
            Tensor last = lstm.forward(data[0]).select(1, T - 1);
            return Functional.mseLoss(last.matmul(w).add(b), data[1]).item();
        }
    }
}
