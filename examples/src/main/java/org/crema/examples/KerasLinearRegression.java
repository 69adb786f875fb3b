package org.crema.examples;

import java.util.Locale;
import org.crema.Tensor;
import org.crema.train.Dense;
import org.crema.train.Fit;
import org.crema.train.History;
import org.crema.train.Model;

/**
 * Linear regression with a one-unit dense model, as the tutorials write it in Keras:
 * <pre>
 * X = np.random.rand(100, 1);  y = 3 * X + np.random.rand(100, 1)
 * model = Sequential();  model.add(Dense(1, input_dim=1))
 * model.compile(optimizer='sgd', loss='mse', metrics=['mse'])
 * model.fit(X, y, epochs=1000, verbose=0);  preds = model.predict(X)
 * </pre>
 * One seed compiles with {@code metrics=['accuracy']}, which means nothing for a regression (the predictions
 * are real numbers, never exactly equal to the targets); the other's MSE metric is used here. The fitted line
 * should come near y = 3 x + 0.5 (the noise is uniform on [0, 1), mean 0.5).
 *
 * <p>Arguments (optional): {@code --epochs 1000 --examples 100}.
 */
public final class KerasLinearRegression {
    private KerasLinearRegression() {}

    public static void main(String[] args) {
        Args a = new Args(args, "epochs", "examples");
        Result r = run(a.integer("epochs", 1000), a.integer("examples", 100));
        System.out.printf(Locale.ROOT, "learnt y = %.3f x + %.3f   (data: y = 3 x + noise of mean 0.5)%n", r.weight(), r.bias());
        System.out.printf(Locale.ROOT, "final mse %.4f; first predictions %s%n", r.mse(), r.firstPredictions());
    }

    record Result(double weight, double bias, double mse, String firstPredictions) {}

    static Result run(int epochs, int n) {
        Tensor.manualSeed(0);
        Tensor x = Tensor.rand(n, 1);
        Tensor y = x.mul(3).add(Tensor.rand(n, 1));

        Model model = Model.sequential(new Dense(1)).inputShape(1);
        model.compile("sgd", "mse", "mse");
        History history = model.fit(x, y, Fit.epochs(epochs).verbose(0));
        Tensor preds = model.predict(x);

        var w = model.getWeights();
        double weight = w.get("0.weight").item();
        double bias = w.get("0.bias").item();
        return new Result(weight, bias, history.last("mse"), preds.narrow(0, 0, Math.min(3, n)).flatten().toString());
    }
}
