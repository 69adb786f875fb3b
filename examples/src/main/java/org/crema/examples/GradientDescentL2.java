package org.crema.examples;

import java.util.Locale;
import org.crema.Tensor;

/**
 * Gradient descent with an L2 penalty on a one-weight linear model, written from scratch with tensors and
 * autograd only (the regularization tutorial's NumPy loop):
 * <pre>
 * X = rand(100, 1);  y = 3 X + rand(100, 1);  theta = rand(1, 1)
 * loss(theta) = mean((X theta - y)^2) + lambda * 0.5 * sum(theta^2)      alpha = 0.01, lambda = 0.1, 1000 steps
 * </pre>
 *
 * <p>The seed's gradient is wrong in two ways, and its loop crashes on the second step:
 * <ul>
 *   <li>{@code grad(y_pred, y) = 2 * (y_pred - y)} is the derivative with respect to the predictions, a
 *       (100, 1) array, not with respect to theta. The chain rule through {@code y_pred = X theta} and the
 *       mean gives {@code (2 / n) * X^T (X theta - y)}, a (1, 1) array.</li>
 *   <li>{@code reg(theta) = 0.5 * sum(theta^2)} is the penalty's value; its gradient is {@code theta}.
 *       Adding the value makes the step scale with theta squared instead of theta.</li>
 * </ul>
 * With the first mistake NumPy broadcasts theta from (1, 1) to (100, 1) after the first update, and the next
 * {@code X.dot(theta)} fails on the shapes (100, 1) and (100, 1). Here autograd derives the gradient of the
 * loss as written, so neither mistake can happen; {@link #closedForm} checks the answer against the ridge
 * solution {@code theta* = X^T y / (X^T X + lambda n / 2)}.
 *
 * <p>Run: {@code java ... GradientDescentL2 [steps] [examples]}.
 */
public final class GradientDescentL2 {
    private GradientDescentL2() {}

    public static final double ALPHA = 0.01;
    public static final double LAMBDA = 0.1;

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Tensor.manualSeed(0);
        Tensor x = Tensor.rand(n, 1);
        Tensor y = x.mul(3).add(Tensor.rand(n, 1));
        double theta = fit(x, y, steps);
        System.out.printf(Locale.ROOT, "theta: %.6f   (ridge closed form: %.6f)%n", theta, closedForm(x, y));
    }

    /** Runs the loop and returns theta. */
    public static double fit(Tensor x, Tensor y, int steps) {
        Tensor theta = Tensor.rand(1, 1).requiresGrad(true);
        for (int i = 0; i < steps; i++) {
            Tensor mse = x.matmul(theta).sub(y).square().mean();
            Tensor penalty = theta.square().sum().mul(0.5 * LAMBDA);
            Tensor loss = mse.add(penalty);
            theta.setGrad(null);
            loss.backward();
            try (var noGrad = Tensor.noGrad()) {
                theta.sub_(theta.grad().mul(ALPHA));
            }
            if (i % Math.max(1, steps / 10) == 0 || i == steps - 1) {
                System.out.printf(Locale.ROOT, "step %4d  loss %.6f  theta %.6f%n", i, loss.item(), theta.item());
            }
        }
        return theta.item();
    }

    /** The minimiser of mean((x theta - y)^2) + lambda/2 theta^2 for one feature. */
    public static double closedForm(Tensor x, Tensor y) {
        double xx = x.square().sum().item();
        double xy = x.mul(y).sum().item();
        int n = x.shape()[0];
        return xy / (xx + LAMBDA * n / 2);
    }
}
