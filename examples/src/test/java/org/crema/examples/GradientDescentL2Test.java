package org.crema.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.crema.Tensor;
import org.junit.jupiter.api.Test;

class GradientDescentL2Test {
    @Test
    void mainRuns() {
        GradientDescentL2.main(new String[] {"200", "50"});
    }

    @Test
    void reachesTheRidgeSolution() {
        Tensor.manualSeed(0);
        Tensor x = Tensor.rand(100, 1);
        Tensor y = x.mul(3).add(Tensor.rand(100, 1));
        double theta = GradientDescentL2.fit(x, y, 3000);
        assertEquals(GradientDescentL2.closedForm(x, y), theta, 1e-4);
    }
}
