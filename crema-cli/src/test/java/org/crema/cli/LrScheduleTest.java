package org.crema.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.crema.Tensor;
import org.crema.nn.Linear;
import org.crema.optim.Adam;
import org.crema.train.Callback;
import org.crema.train.Fit;
import org.crema.train.Model;
import org.junit.jupiter.api.Test;

class LrScheduleTest {
    @Test
    void factorsFollowTheFormulas() {
        assertEquals(1, LrSchedule.NONE.factor(7, 10));
        assertEquals(1, LrSchedule.LINEAR.factor(0, 10));
        assertEquals(0.3, LrSchedule.LINEAR.factor(7, 10), 1e-12);
        assertEquals(1, LrSchedule.COSINE.factor(0, 10));
        assertEquals(0.5, LrSchedule.COSINE.factor(5, 10), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.9)), LrSchedule.COSINE.factor(9, 10), 1e-12);
        assertNull(LrSchedule.NONE.callback(0.1));
        assertEquals(LrSchedule.COSINE, LrSchedule.byName("Cosine"));
        assertNull(LrSchedule.byName("step"));
    }

    /** The rate each step of a fit sees: 2 epochs of 3 batches, so T = 6 and step t uses lr (1 - t/6). */
    @Test
    void linearSetsTheRateBeforeEveryStepAcrossEpochs() {
        Tensor.manualSeed(1);
        Model model = Model.of(new Linear(2, 2)).compile(p -> new Adam(p, 0.6), "cross_entropy");
        List<Double> seen = new ArrayList<>();
        Callback record = new Callback() {
            @Override
            public void onBatchBegin(Model m, int step) {
                seen.add(m.getLr());
            }
        };
        Tensor x = Tensor.randn(6, 2);
        Tensor y = Tensor.of(new long[] {0, 1, 0, 1, 0, 1}, 6);
        model.fit(x, y, Fit.epochs(2).batchSize(2).verbose(0).callbacks(LrSchedule.LINEAR.callback(0.6), record));
        assertEquals(6, seen.size(), seen.toString());
        for (int t = 0; t < 6; t++) assertEquals(0.6 * (1 - t / 6.0), seen.get(t), 1e-12, seen.toString());
    }
}
