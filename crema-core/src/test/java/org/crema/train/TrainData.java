package org.crema.train;

import org.crema.Generator;
import org.crema.Tensor;

/** Small generated data sets for the training tests (fixed seeds). */
final class TrainData {
    private TrainData() {}

    /** y = 2 x0 - 3 x1 + 1 + small noise, x ~ N(0, 1): x [n, 2], y [n, 1]. */
    static Tensor[] linear(int n, long seed) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.randn(g, n, 2);
        Tensor noise = Tensor.randn(g, n, 1).mul(0.01);
        Tensor y = x.narrow(1, 0, 1).mul(2).sub(x.narrow(1, 1, 1).mul(3)).add(1).add(noise);
        return new Tensor[] {x, y.contiguous()};
    }

    /** Three Gaussian blobs in 2-D around (0, 3), (3, -2), (-3, -2): x [n, 2] FLOAT32, y [n] INT64 labels. */
    static Tensor[] blobs(int n, long seed) {
        Generator g = new Generator(seed);
        double[][] centres = {{0, 3}, {3, -2}, {-3, -2}};
        float[] x = new float[n * 2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[i] = c;
            x[2 * i] = (float) (centres[c][0] + 0.7 * g.nextGaussian());
            x[2 * i + 1] = (float) (centres[c][1] + 0.7 * g.nextGaussian());
        }
        return new Tensor[] {Tensor.of(x, n, 2), Tensor.of(y, n)};
    }
}
