package org.crema.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KerasExamplesTest {
    @Test
    void linearRegressionMainRuns() {
        KerasLinearRegression.main(new String[] {"--epochs", "20"});
    }

    @Test
    void linearRegressionFindsTheLine() {
        // full-batch-ish SGD for 300 epochs of 4 batches: the line is y = 3x + noise of mean 0.5
        var r = KerasLinearRegression.run(300, 100);
        assertEquals(3.0, r.weight(), 0.5);
        assertEquals(0.5, r.bias(), 0.3);
        assertTrue(r.mse() < 0.15, "mse " + r.mse());
    }

    @Test
    void denseNetworkMainRuns() {
        KerasDenseNetwork.main(new String[] {"--epochs", "3"});
    }

    @Test
    void denseNetworkLearnsTheMeanOfRandomTargets() {
        var r = KerasDenseNetwork.run(100, 100, 0);
        var history = r.getKey();
        assertEquals(100, history.size());
        assertTrue(history.get("loss").get(99) < history.get("loss").get(0));
        // U(0,1) targets: the best constant gives mse 1/12 and mae 1/4
        assertTrue(r.getValue().get("loss") < 0.12, r.getValue().toString());
        assertTrue(r.getValue().get("mae") < 0.3, r.getValue().toString());
    }
}
