package org.crema.e2e;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.Generator;
import org.crema.Tensor;
import org.crema.nn.CrossEntropyLoss;
import org.crema.nn.Linear;
import org.crema.nn.ReLU;
import org.crema.nn.Sequential;
import org.crema.nn.Tanh;
import org.crema.optim.Adam;
import org.crema.optim.Optimizer;
import org.junit.jupiter.api.Test;

/** Small MLPs on problems a linear model cannot solve: XOR and two interleaved spirals. */
class MlpClassificationTest {

    static double accuracy(Sequential model, Tensor x, Tensor y) {
        try (var g = Tensor.noGrad()) {
            return model.forward(x).argmax(1).eq(y).to(org.crema.DType.FLOAT64).mean().item();
        }
    }

    static void train(Sequential model, Optimizer opt, Tensor x, Tensor y, int steps) {
        CrossEntropyLoss ce = new CrossEntropyLoss();
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad();
            ce.forward(model.forward(x), y).backward();
            opt.step();
        }
    }

    @Test
    void learnsXor() {
        Tensor.manualSeed(3);
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new long[] {0, 1, 1, 0}, 4);
        Sequential model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 2));
        train(model, new Adam(model.parameters(), 0.05), x, y, 300);
        assertEquals(1.0, accuracy(model, x, y));
    }

    /** n points per class on two spirals (class 1 is class 0 turned by pi), radius up to 1, with a little noise. */
    static Tensor[] spirals(int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[4 * n];
        long[] y = new long[2 * n];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < n; i++) {
                double r = (i + 1.0) / n, t = 3 * Math.PI * r + c * Math.PI;
                int k = c * n + i;
                x[2 * k] = (float) (r * Math.cos(t) + 0.02 * g.nextGaussian());
                x[2 * k + 1] = (float) (r * Math.sin(t) + 0.02 * g.nextGaussian());
                y[k] = c;
            }
        }
        return new Tensor[] {Tensor.of(x, 2 * n, 2), Tensor.of(y, 2 * n)};
    }

    @Test
    void learnsTwoSpirals() {
        Tensor.manualSeed(4);
        Tensor[] data = spirals(200, 4);
        Sequential model = new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 64), new ReLU(), new Linear(64, 2));
        double before = accuracy(model, data[0], data[1]);
        train(model, new Adam(model.parameters(), 0.01), data[0], data[1], 400);
        double after = accuracy(model, data[0], data[1]);
        assertTrue(after >= 0.95, "train accuracy " + after + " (before training " + before + ")");
    }
}
