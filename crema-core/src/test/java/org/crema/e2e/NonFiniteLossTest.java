package org.crema.e2e;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.Tensor;
import org.crema.nn.Linear;
import org.crema.nn.MSELoss;
import org.crema.optim.ClipGrad;
import org.crema.optim.SGD;
import org.junit.jupiter.api.Test;

/** A learning rate far too large makes the loss blow up; a PyTorch-style loop sees it at the step it happens. */
class NonFiniteLossTest {

    @Test
    void divergingRunIsDetectedAtItsStep() {
        Tensor.manualSeed(8);
        Tensor x = Tensor.randn(64, 4).mul(10);
        Tensor y = x.sum(1, true);
        Linear model = new Linear(4, 1);
        SGD opt = new SGD(model.parameters(), 10.0);
        MSELoss mse = new MSELoss();
        int badStep = -1;
        double badLoss = 0;
        for (int step = 0; step < 200 && badStep < 0; step++) {
            opt.zeroGrad();
            Tensor loss = mse.forward(model.forward(x), y);
            if (!Double.isFinite(loss.item())) {
                badStep = step;
                badLoss = loss.item();
                break;
            }
            loss.backward();
            opt.step();
        }
        assertTrue(badStep > 0, "the loss should overflow after some steps, not at once and not never (step " + badStep + ")");
        assertFalse(Double.isFinite(badLoss));
    }

    @Test
    void clipGradNormReportsNonFiniteGradients() {
        Linear model = new Linear(2, 1);
        model.forward(Tensor.of(new float[] {Float.NaN, 1}, 1, 2)).sum().backward();
        var e = assertThrows(IllegalStateException.class, () -> ClipGrad.clipGradNorm(model.parameters(), 1.0, 2, true));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
