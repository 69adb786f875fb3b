package org.crema.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of {@link Adam} and {@link AdamW}:
 * {@code new Adam(params, new AdamOptions().lr(3e-4).betas(0.9, 0.99).amsgrad(true))}. A weight decay left
 * unset takes the optimizer's default (0 for Adam, 1e-2 for AdamW).
 */
public final class AdamOptions {
    private double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, l1;
    private double weightDecay = Double.NaN;
    private boolean amsgrad;

    public AdamOptions lr(double v) { lr = v; return this; }
    public AdamOptions betas(double b1, double b2) { beta1 = b1; beta2 = b2; return this; }
    public AdamOptions eps(double v) { eps = v; return this; }
    public AdamOptions weightDecay(double v) { weightDecay = v; return this; }
    /** L1 penalty: adds l1 * sign(w) to the gradient. */
    public AdamOptions l1(double v) { l1 = v; return this; }
    /** Uses the maximum of all second moments so far (Reddi et al., "On the Convergence of Adam and Beyond"). */
    public AdamOptions amsgrad(boolean v) { amsgrad = v; return this; }

    Map<String, Double> toMap(double defaultWeightDecay) {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("weight_decay", Double.isNaN(weightDecay) ? defaultWeightDecay : weightDecay);
        m.put("l1", l1);
        m.put("amsgrad", amsgrad ? 1.0 : 0.0);
        return m;
    }

    /** The option checks Adam and AdamW share. */
    static void check(Optimizer o, String option, double value) {
        switch (option) {
            case "beta1", "beta2" -> o.checkRange(option, value, 0, 1, true);
            case "eps", "weight_decay", "l1" -> o.checkRange(option, value, 0, Double.POSITIVE_INFINITY, false);
            default -> { }
        }
    }
}
