package org.crema.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CifarLeNetTest {
    @Test
    void mainRunsOnGeneratedImages() throws Exception {
        CifarLeNet.main(new String[] {"--epochs", "1", "--train", "200", "--test", "40", "--print-every", "25"});
    }

    @Test
    void printsTheRunningLossEveryNBatchesThenTheAccuracy() throws Exception {
        var r = CifarLeNet.run(new Args(new String[] {"--epochs", "2", "--train", "200", "--test", "40", "--print-every", "20"},
                "data", "epochs", "train", "test", "print-every", "batch-size"));
        // 200 images in batches of 4 = 50 steps per epoch: printed after steps 20 and 40 of each epoch
        assertEquals(4, r.runningLosses().size());
        for (double l : r.runningLosses()) assertTrue(l > 0 && l < 5, "running loss " + l);
        assertTrue(r.accuracy() >= 0 && r.accuracy() <= 100);
    }
}
