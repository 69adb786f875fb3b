package org.crema.train;

import java.util.List;
import java.util.Map;
import org.crema.Tensor;
import org.crema.nn.Module;

/** Finds where a non-finite loss came from: the input, a layer's output (first one wins), or the loss itself. */
final class Divergence {
    private Divergence() {}

    static TrainingDivergedException diagnose(Model model, Tensor x, Tensor y, int epoch, int step, FitParams params, double loss) {
        String where = "training diverged in epoch " + (epoch + 1) + "/" + params.epochs() + ", step " + (step + 1) + "/"
                + params.stepsPerEpoch() + ": the loss is " + loss;
        String advice = "; lower the learning rate, normalise the inputs, clip gradients (Fit.clipGradNorm) or check the data for NaN/Inf";
        if (!isFinite(x)) {
            return new TrainingDivergedException(where + ", and the input batch itself contains NaN or Inf (clean the data)",
                    epoch + 1, step + 1, -1, null, loss);
        }
        if (y.dtype().isFloatingPoint() && !isFinite(y)) {
            return new TrainingDivergedException(where + ", and the target batch contains NaN or Inf (clean the data)",
                    epoch + 1, step + 1, -1, null, loss);
        }
        List<Module> layers = model.layers();
        Tensor h = x;
        try (var g = Tensor.noGrad()) {
            for (int i = 0; i < layers.size(); i++) {
                Module layer = layers.get(i);
                h = layer.forward(h);
                if (!isFinite(h)) {
                    String name = describe(layer);
                    String label = layers.size() == 1 && !(model.module() instanceof org.crema.nn.Sequential)
                            ? "the model " + name : "layer " + i + " (" + name + ")";
                    String params1 = badParameters(layer);
                    String msg = where + "; the first non-finite output is that of " + label
                            + (params1.isEmpty() ? largest(layer) : ", whose parameter(s) " + params1 + " already contain NaN/Inf (an earlier update diverged)")
                            + advice;
                    return new TrainingDivergedException(msg, epoch + 1, step + 1, i, name, loss);
                }
            }
        }
        return new TrainingDivergedException(where + ", though every layer's output is finite: the loss " + model.lossName()
                + " itself overflowed or took the log of 0 (check the targets' range and the output activation)" + advice,
                epoch + 1, step + 1, -1, null, loss);
    }

    private static String describe(Module m) {
        String s = m.toString();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : m.getClass().getSimpleName() + "(...)";
    }

    private static String badParameters(Module m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            if (!isFinite(e.getValue())) sb.append(sb.isEmpty() ? "" : ", ").append('\'').append(e.getKey()).append('\'');
        }
        return sb.toString();
    }

    /** ", whose largest parameter magnitude is 3.1e+30" for a layer with parameters, else "". */
    private static String largest(Module m) {
        double max = -1;
        for (Tensor p : m.parameters()) {
            for (double v : p.detach().contiguous().toDoubleArray()) max = Math.max(max, Math.abs(v));
        }
        return max < 0 ? "" : String.format(java.util.Locale.ROOT, ", whose largest parameter magnitude is %.3g", max);
    }

    static boolean isFinite(Tensor t) {
        if (!t.dtype().isFloatingPoint()) return true;
        for (double v : t.detach().contiguous().toDoubleArray()) if (!Double.isFinite(v)) return false;
        return true;
    }
}
