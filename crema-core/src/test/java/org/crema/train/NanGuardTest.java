package org.crema.train;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.Tensor;
import org.crema.nn.Module;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NanGuardTest {
    @BeforeEach
    void seed() { Tensor.manualSeed(42); }

    /** Passes its input through until the given call, then outputs NaN from then on. */
    static final class Poison extends Module {
        private final int after;
        private int calls;

        Poison(int after) { this.after = after; }

        @Override
        public Tensor forward(Tensor x) {
            return ++calls >= after ? x.mul(Double.NaN) : x;
        }
    }

    @Test
    void namesEpochStepAndTheFirstNonFiniteLayer() {
        Tensor[] d = TrainData.linear(64, 1);
        Model m = Model.sequential(new Dense(4, "relu"), new Poison(7), new Dense(1)).inputShape(2);
        m.compile("sgd", "mse");
        // 4 steps per epoch; inputShape's dry run is call 1, so call 7 is the 6th step: epoch 2, step 2
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> m.fit(d[0], d[1], Fit.epochs(3).batchSize(16).verbose(0)));
        assertEquals(2, e.epoch());
        assertEquals(2, e.step());
        assertEquals(1, e.layerIndex());
        assertEquals("Poison()", e.layer());
        assertTrue(Double.isNaN(e.loss()));
        assertTrue(e.getMessage().startsWith("training diverged in epoch 2/3, step 2/4: the loss is NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("layer 1 (Poison())"), e.getMessage());
    }

    @Test
    void aHugeLearningRateIsCaughtAtTheLayerWithBrokenWeights() {
        Tensor[] d = TrainData.linear(64, 2);
        Model m = Model.sequential(new Dense(8, "relu"), new Dense(1)).inputShape(2);
        m.compile(p -> new org.crema.optim.SGD(p, 1e30), "mse");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> m.fit(d[0], d[1], Fit.epochs(5).batchSize(8).verbose(0)));
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
        assertTrue(e.layerIndex() >= 0, e.getMessage());
        assertTrue(e.getMessage().contains("already contain NaN/Inf") || e.getMessage().contains("largest parameter magnitude is"),
                e.getMessage());
    }

    @Test
    void nanInTheDataIsReportedAsSuch() {
        Tensor[] d = TrainData.linear(32, 3);
        d[0].set(Double.NaN, 20, 1);
        Model m = Model.sequential(new Dense(1)).inputShape(2);
        m.compile("sgd", "mse");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> m.fit(d[0], d[1], Fit.epochs(1).batchSize(8).shuffle(false).verbose(0)));
        assertEquals(3, e.step());
        assertTrue(e.getMessage().contains("the input batch itself contains NaN"), e.getMessage());
    }

    @Test
    void guardOffRecordsTheNaNLossAndGoesOn() {
        Tensor[] d = TrainData.linear(32, 4);
        Model m = Model.sequential(new Dense(1), new Poison(3)).inputShape(2);
        m.compile("sgd", "mse", "mae");
        History h = m.fit(d[0], d[1], Fit.epochs(2).batchSize(8).verbose(0).nanGuard(false));
        assertEquals(2, h.size());
        assertTrue(Double.isNaN(h.last("loss")));
    }
}
