package org.crema.e2e;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.Tensor;
import org.crema.nn.Linear;
import org.crema.nn.MSELoss;
import org.crema.optim.ClipGrad;
import org.crema.optim.SGD;
import org.crema.train.Fit;
import org.crema.train.Model;
import org.crema.train.TrainingDivergedException;
import org.junit.jupiter.api.Test;

/** A learning rate far too large makes the loss blow up; a PyTorch-style loop sees it at the step it happens. */
class NonFiniteLossTest {

    /** The step (0-based) at which a full-batch SGD run with lr 10 first gives a non-finite loss. */
    private static int firstNonFiniteStep() {
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
        assertFalse(badStep >= 0 && Double.isFinite(badLoss));
        return badStep;
    }

    @Test
    void divergingRunIsDetectedAtItsStep() {
        int badStep = firstNonFiniteStep();
        assertTrue(badStep > 0, "the loss should overflow after some steps, not at once and not never (step " + badStep + ")");
        assertEquals(badStep, firstNonFiniteStep(), "the same seed diverges at the same step");
    }

    @Test
    void kerasStyleFitReportsTheSameStep() {
        int badStep = firstNonFiniteStep();
        Tensor.manualSeed(8);
        Tensor x = Tensor.randn(64, 4).mul(10);
        Tensor y = x.sum(1, true);
        Linear linear = new Linear(4, 1);
        Model model = Model.of(linear).inputShape(4).compile(new SGD(linear.parameters(), 10.0), "mse");
        // one full batch per epoch: the failing epoch (1-based) is the failing step + 1
        var e = assertThrows(TrainingDivergedException.class,
                () -> model.fit(x, y, Fit.epochs(200).batchSize(64).shuffle(false).verbose(0)));
        assertEquals(badStep + 1, e.epoch(), e.getMessage());
        assertEquals(1, e.step(), e.getMessage());
        assertFalse(Double.isFinite(e.loss()));
    }

    @Test
    void clipGradNormReportsNonFiniteGradients() {
        Linear model = new Linear(2, 1);
        model.forward(Tensor.of(new float[] {Float.NaN, 1}, 1, 2)).sum().backward();
        var e = assertThrows(IllegalStateException.class, () -> ClipGrad.clipGradNorm(model.parameters(), 1.0, 2, true));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
