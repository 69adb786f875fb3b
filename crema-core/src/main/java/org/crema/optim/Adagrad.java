package org.crema.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;

/**
 * Adagrad (Duchi et al., 2011) as torch.optim.Adagrad. With g = grad + weightDecay * w + l1 * sign(w) and t the
 * parameter's step count:
 * <pre>
 * clr = lr / (1 + (t - 1) * lrDecay)
 * sum = sum + g * g                      (sum starts at initialAccumulatorValue)
 * w = w - clr * g / (sqrt(sum) + eps)
 * </pre>
 * Defaults: lr 1e-2, no lr decay, accumulator starting at 0, eps 1e-10.
 */
public final class Adagrad extends Optimizer {

    /** {@code new Adagrad(params, new Adagrad.Options().lr(0.1).initialAccumulatorValue(0.1))}. */
    public static final class Options {
        private double lr = 1e-2, lrDecay, weightDecay, l1, initialAccumulatorValue, eps = 1e-10;

        public Options lr(double v) { lr = v; return this; }
        public Options lrDecay(double v) { lrDecay = v; return this; }
        public Options weightDecay(double v) { weightDecay = v; return this; }
        public Options l1(double v) { l1 = v; return this; }
        public Options initialAccumulatorValue(double v) { initialAccumulatorValue = v; return this; }
        public Options eps(double v) { eps = v; return this; }

        Map<String, Double> toMap() {
            LinkedHashMap<String, Double> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("lr_decay", lrDecay);
            m.put("weight_decay", weightDecay);
            m.put("l1", l1);
            m.put("initial_accumulator_value", initialAccumulatorValue);
            m.put("eps", eps);
            return m;
        }
    }

    public Adagrad(List<Tensor> params) { this(params, new Options()); }

    public Adagrad(List<Tensor> params, double lr) { this(params, new Options().lr(lr)); }

    /** PyTorch's positional order: lr, lr_decay, weight_decay, initial_accumulator_value, eps. */
    public Adagrad(List<Tensor> params, double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps) {
        this(params, new Options().lr(lr).lrDecay(lrDecay).weightDecay(weightDecay)
                .initialAccumulatorValue(initialAccumulatorValue).eps(eps));
    }

    public Adagrad(List<Tensor> params, Options options) { super(params, options.toMap()); }

    @Override
    protected void checkOption(String option, double value) {
        super.checkOption(option, value);
        switch (option) {
            case "lr_decay", "weight_decay", "l1", "initial_accumulator_value", "eps" ->
                    checkRange(option, value, 0, Double.POSITIVE_INFINITY, false);
            default -> { }
        }
    }

    @Override
    protected List<String> stateNames() { return List.of("sum"); }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState state) {
        double eps = group.get("eps"), wd = group.get("weight_decay"), l1 = group.get("l1");
        double clr = group.lr() / (1 + (state.step() - 1) * group.get("lr_decay"));
        Tensor sumT = state.getOrFill("sum", param, group.get("initial_accumulator_value"));
        int n = (int) param.numel(), wo = param.storageOffset(), go = grad.storageOffset();
        if (param.dtype() == DType.FLOAT32) {
            float[] w = param.storageFloats(), g = grad.storageFloats(), sum = sumT.storageFloats();
            float fclr = (float) clr, feps = (float) eps, fwd = (float) wd, fl1 = (float) l1;
            forRange(n, (s, e) -> {
                int i = VECTOR ? VectorUpdates.adagrad(w, wo, g, go, sum, s, e, fclr, feps, fwd, fl1) : s;
                for (; i < e; i++) {
                    float w0 = w[wo + i], gi = g[go + i];
                    if (fwd != 0) gi = gi + w0 * fwd;
                    if (fl1 != 0) gi = gi + sign(w0) * fl1;
                    float si = sum[i] + gi * gi;
                    sum[i] = si;
                    w[wo + i] = w0 - gi / ((float) Math.sqrt(si) + feps) * fclr;
                }
            });
        } else {
            double[] w = param.storageDoubles(), g = grad.storageDoubles(), sum = sumT.storageDoubles();
            forRange(n, (s, e) -> {
                for (int i = s; i < e; i++) {
                    double w0 = w[wo + i], gi = g[go + i];
                    if (wd != 0) gi = gi + w0 * wd;
                    if (l1 != 0) gi = gi + sign(w0) * l1;
                    double si = sum[i] + gi * gi;
                    sum[i] = si;
                    w[wo + i] = w0 - gi / (Math.sqrt(si) + eps) * clr;
                }
            });
        }
    }
}
