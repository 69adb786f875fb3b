package org.crema.e2e;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.Tensor;
import org.crema.data.Datasets;
import org.crema.data.Labeled;
import org.crema.nn.Conv2d;
import org.crema.nn.CrossEntropyLoss;
import org.crema.nn.Flatten;
import org.crema.nn.Linear;
import org.crema.nn.MaxPool2d;
import org.crema.nn.ReLU;
import org.crema.nn.Sequential;
import org.crema.optim.SGD;
import org.junit.jupiter.api.Test;

/**
 * The LeNet of PyTorch's CIFAR-10 tutorial (conv 3->6 5x5, max-pool 2, conv 6->16 5x5, max-pool 2, 400-120-84-10,
 * SGD with momentum 0.9) on generated 32x32 RGB shape images. The tutorial's lr 0.001 with batch 4 needs more
 * samples than a unit test affords; here lr is 0.02 with batch 16, and the loss must fall well below chance (ln 10).
 */
class LeNetTest {

    static Sequential leNet() {
        return new Sequential(
                new Conv2d(3, 6, 5), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(16 * 5 * 5, 120), new ReLU(),
                new Linear(120, 84), new ReLU(),
                new Linear(84, 10));
    }

    @Test
    void tutorialLeNetDrivesItsLossDown() {
        Tensor.manualSeed(5);
        Labeled data = Datasets.syntheticShapes(512, 5, 3, 32);
        Tensor x = data.x().sub(0.5).div(0.5); // the tutorial's Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))
        Tensor y = data.y();
        Sequential net = leNet();
        SGD opt = new SGD(net.parameters(), 0.02, 0.9);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        int batch = 16, n = data.size();
        double firstEpoch = 0, lastEpoch = 0;
        int epochs = 6;
        for (int e = 0; e < epochs; e++) {
            double sum = 0;
            for (int s = 0; s < n; s += batch) {
                opt.zeroGrad();
                Tensor loss = ce.forward(net.forward(x.narrow(0, s, batch)), y.narrow(0, s, batch));
                loss.backward();
                opt.step();
                sum += loss.item();
            }
            double mean = sum / (n / batch);
            if (e == 0) firstEpoch = mean;
            lastEpoch = mean;
        }
        assertTrue(firstEpoch > 1.5, "first epoch should start near ln 10 = 2.30, got " + firstEpoch);
        assertTrue(lastEpoch < 0.6 * firstEpoch, "mean loss went from " + firstEpoch + " to " + lastEpoch);
    }
}
