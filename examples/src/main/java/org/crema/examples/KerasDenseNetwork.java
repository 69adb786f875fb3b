package org.crema.examples;

import java.util.Locale;
import java.util.Map;
import org.crema.Tensor;
import org.crema.train.Dense;
import org.crema.train.Fit;
import org.crema.train.History;
import org.crema.train.Model;

/**
 * The small dense network of the TensorFlow example:
 * <pre>
 * model = tf.keras.Sequential([Dense(10, activation='relu', input_shape=(4,)), Dense(1)])
 * model.compile(optimizer='adam', loss='mse', metrics=['mae']);  model.summary()
 * x_train = np.random.rand(100, 4);  y_train = np.random.rand(100)
 * history = model.fit(x_train, y_train, epochs=100);  print(history.history)
 * loss, mae = model.evaluate(x_train, y_train, verbose=0)
 * </pre>
 * The targets are random, unrelated to the inputs, so the network can only learn their mean: the loss falls
 * to about the variance of U(0, 1), 1/12 = 0.083, and the MAE to about 0.25.
 *
 * <p>Arguments (optional): {@code --epochs 100 --examples 100}.
 */
public final class KerasDenseNetwork {
    private KerasDenseNetwork() {}

    public static void main(String[] args) {
        Args a = new Args(args, "epochs", "examples");
        run(a.integer("epochs", 100), a.integer("examples", 100), 1);
    }

    /** Trains and returns the history and the final evaluate() scores. */
    static Map.Entry<History, Map<String, Double>> run(int epochs, int n, int verbose) {
        Tensor.manualSeed(0);
        Model model = Model.sequential(new Dense(10, "relu"), new Dense(1)).inputShape(4);
        model.compile("adam", "mse", "mae");
        model.summary();

        Tensor xTrain = Tensor.rand(n, 4);
        Tensor yTrain = Tensor.rand(n);
        System.out.println(java.util.Arrays.toString(xTrain.shape()));
        System.out.println(java.util.Arrays.toString(yTrain.shape()));

        // Keras quietly turns y of shape (100,) into (100, 1) to match the output; here it is said explicitly
        // (an [n] target against an [n, 1] output would broadcast to [n, n] in PyTorch-style losses)
        History history = model.fit(xTrain, yTrain.view(n, 1), Fit.epochs(epochs).verbose(verbose));
        System.out.println(history);

        Map<String, Double> scores = model.evaluate(xTrain, yTrain.view(n, 1));
        System.out.printf(Locale.ROOT, "Loss: %.4f%nMAE: %.4f%n", scores.get("loss"), scores.get("mae"));
        return Map.entry(history, scores);
    }
}
