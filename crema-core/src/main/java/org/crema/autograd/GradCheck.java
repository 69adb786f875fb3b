package org.crema.autograd;

import java.util.Arrays;
import java.util.function.Function;
import org.crema.DType;
import org.crema.Tensor;

/**
 * Compares the analytical gradients of a function of tensors with central finite differences in
 * FLOAT64, as torch.autograd.gradcheck does: the Jacobian is built column by column numerically and
 * row by row through backward().
 */
public final class GradCheck {
    private GradCheck() {}

    /** The outcome: whether every entry matched, the worst mismatch and where it was. */
    public record Result(boolean passed, double maxAbsError, int input, int element, int output,
                         double analytical, double numerical) {
        @Override
        public String toString() {
            return (passed ? "passed" : "FAILED") + String.format(
                    " (max |analytical - numerical| = %.3e at input %d element %d, output %d: analytical %.8g vs numerical %.8g)",
                    maxAbsError, input, element, output, analytical, numerical);
        }
    }

    /** Checks with eps 1e-6, atol 1e-5, rtol 1e-3 (torch's defaults); throws AssertionError on failure. */
    public static void check(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        Result r = run(fn, 1e-6, 1e-5, 1e-3, inputs);
        if (!r.passed()) throw new AssertionError("GradCheck " + r);
    }

    /**
     * Runs the check. Inputs are converted to FLOAT64 copies; those that require grad are checked.
     * fn must be deterministic (seed any randomness inside it).
     */
    public static Result run(Function<Tensor[], Tensor> fn, double eps, double atol, double rtol, Tensor... inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            Tensor x = in.dtype().isFloatingPoint() ? Tensor.wrap(in.toDoubleArray(), in.shape()) : in;
            xs[i] = in.requiresGrad() ? x.requiresGrad(true) : x;
        }
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = fn.apply(xs);
        }
        if (out.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("GradCheck: the function returned " + out.dtype()
                    + " for FLOAT64 inputs; every op on the path must keep FLOAT64");
        }
        int nOut = (int) out.numel();
        double worst = -1;
        Result worstR = new Result(true, 0, -1, -1, -1, 0, 0);
        boolean passed = true;
        for (int i = 0; i < xs.length; i++) {
            if (!xs[i].requiresGrad()) continue;
            int nIn = (int) xs[i].numel();
            double[] data = xs[i].storageDoubles();
            double[][] numerical = new double[nIn][];
            for (int e = 0; e < nIn; e++) {
                double orig = data[e];
                double[] plus, minus;
                try (var g = GradMode.noGrad()) {
                    data[e] = orig + eps;
                    plus = fn.apply(xs).toDoubleArray();
                    data[e] = orig - eps;
                    minus = fn.apply(xs).toDoubleArray();
                } finally {
                    data[e] = orig;
                }
                numerical[e] = new double[nOut];
                for (int o = 0; o < nOut; o++) numerical[e][o] = (plus[o] - minus[o]) / (2 * eps);
            }
            for (int o = 0; o < nOut; o++) {
                for (Tensor x : xs) if (x.requiresGrad()) x.setGrad(null);
                Tensor y = fn.apply(xs);
                double[] seed = new double[nOut];
                seed[o] = 1;
                if (!y.requiresGrad()) {
                    throw new IllegalStateException("GradCheck: output does not require grad; does the function use its inputs?");
                }
                y.backward(Tensor.wrap(seed, y.shape()));
                Tensor gx = xs[i].grad();
                double[] analytical = gx == null ? new double[nIn] : gx.toDoubleArray();
                for (int e = 0; e < nIn; e++) {
                    double a = analytical[e], n = numerical[e][o];
                    double err = Math.abs(a - n);
                    boolean ok = err <= atol + rtol * Math.abs(n) && !Double.isNaN(a) == !Double.isNaN(n);
                    if (!ok) passed = false;
                    if (err > worst || (!ok && worstR.passed())) {
                        worst = err;
                        worstR = new Result(ok, err, i, e, o, a, n);
                    }
                }
            }
        }
        for (Tensor x : xs) if (x.requiresGrad()) x.setGrad(null);
        return new Result(passed, Math.max(worst, 0), worstR.input(), worstR.element(), worstR.output(),
                worstR.analytical(), worstR.numerical());
    }

    /** Convenience for tests: the inputs as FLOAT64 leaves requiring grad. */
    public static Tensor[] leaves(Tensor... ts) {
        return Arrays.stream(ts).map(t -> Tensor.wrap(t.toDoubleArray(), t.shape()).requiresGrad(true)).toArray(Tensor[]::new);
    }
}
