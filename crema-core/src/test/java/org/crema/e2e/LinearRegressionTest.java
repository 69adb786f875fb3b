package org.crema.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.crema.Tensor;
import org.crema.nn.Linear;
import org.crema.nn.MSELoss;
import org.crema.optim.Adam;
import org.crema.optim.Optimizer;
import org.crema.optim.SGD;
import org.junit.jupiter.api.Test;

/**
 * The seed's linear regression: {@code X = rand(n, 1); y = 3 X + rand(n, 1)}, i.e. slope 3 and, since the noise is
 * uniform on [0, 1), intercept 0.5 on average. Training a Linear(1, 1) must land on the least-squares line of the
 * sample (computed in closed form here) and so recover the generating weights within the sampling error.
 */
class LinearRegressionTest {

    /** The least-squares slope and intercept of the sample. */
    private static double[] leastSquares(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) { mx += x[i]; my += y[i]; }
        mx /= x.length;
        my /= x.length;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        double slope = sxy / sxx;
        return new double[] {slope, my - slope * mx};
    }

    private static void fits(Optimizer opt, Linear model, Tensor x, Tensor y, int epochs, int batch) {
        MSELoss mse = new MSELoss();
        int n = x.size(0);
        for (int e = 0; e < epochs; e++) {
            for (int s = 0; s < n; s += batch) {
                int len = Math.min(batch, n - s);
                opt.zeroGrad();
                mse.forward(model.forward(x.narrow(0, s, len)), y.narrow(0, s, len)).backward();
                opt.step();
            }
        }
    }

    @Test
    void fullBatchGradientDescentRecoversSlopeAndIntercept() {
        Tensor.manualSeed(0);
        int n = 1000;
        Tensor x = Tensor.rand(n, 1);
        Tensor y = x.mul(3).add(Tensor.rand(n, 1));
        double[] ls = leastSquares(x.toDoubleArray(), y.toDoubleArray());

        Linear model = new Linear(1, 1);
        fits(new SGD(model.parameters(), 0.5), model, x, y, 2000, n);
        double w = model.weight().item(), b = model.bias().item();
        assertEquals(ls[0], w, 1e-3, "slope vs least squares");
        assertEquals(ls[1], b, 1e-3, "intercept vs least squares");
        assertEquals(3.0, w, 0.1, "generating slope");
        assertEquals(0.5, b, 0.06, "generating intercept (mean of the uniform noise)");
    }

    @Test
    void miniBatchAdamRecoversTwoWeightsAndBias() {
        // y = 1 * x1 + 2 * x2 + 1 with small Gaussian noise (the seed's two-input Keras example)
        Tensor.manualSeed(1);
        int n = 512;
        Tensor x = Tensor.randn(n, 2);
        Tensor y = x.matmul(Tensor.of(new float[] {1, 2}, 2, 1)).add(1).add(Tensor.randn(n, 1).mul(0.01));
        Linear model = new Linear(2, 1);
        fits(new Adam(model.parameters(), 0.05), model, x, y, 60, 32);
        assertArrayEquals(new float[] {1, 2}, model.weight().toFloatArray(), 0.02f);
        assertEquals(1.0, model.bias().item(), 0.02);
    }

    @Test
    void stochasticGradientDescentIsBatchSizeOne() {
        Tensor.manualSeed(2);
        Tensor x = Tensor.rand(200, 1);
        Tensor y = x.mul(2).add(1);
        Linear model = new Linear(1, 1);
        fits(new SGD(List.of(model.weight(), model.bias()), 0.1), model, x, y, 30, 1);
        assertEquals(2.0, model.weight().item(), 1e-3);
        assertEquals(1.0, model.bias().item(), 1e-3);
    }
}
