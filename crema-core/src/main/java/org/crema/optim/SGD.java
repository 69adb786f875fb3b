package org.crema.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;

/**
 * Stochastic gradient descent as torch.optim.SGD (batch, mini-batch and stochastic gradient descent are
 * this update with different batch sizes). With g = grad + weightDecay * w + l1 * sign(w):
 * <pre>
 * b = g                                   (first step)
 * b = momentum * b + (1 - dampening) * g  (later steps)
 * g = nesterov ? g + momentum * b : b     (only when momentum != 0)
 * w = w - lr * g
 * </pre>
 */
public final class SGD extends Optimizer {

    /** SGD's options, for {@link #SGD(List, Options)}: {@code new SGD(params, new SGD.Options().lr(0.1).momentum(0.9).nesterov(true))}. */
    public static final class Options {
        private double lr = 1e-3, momentum, dampening, weightDecay, l1;
        private boolean nesterov;

        public Options lr(double v) { lr = v; return this; }
        public Options momentum(double v) { momentum = v; return this; }
        public Options dampening(double v) { dampening = v; return this; }
        /** L2 penalty: adds weightDecay * w to the gradient. */
        public Options weightDecay(double v) { weightDecay = v; return this; }
        /** L1 penalty: adds l1 * sign(w) to the gradient. */
        public Options l1(double v) { l1 = v; return this; }
        public Options nesterov(boolean v) { nesterov = v; return this; }

        Map<String, Double> toMap() {
            LinkedHashMap<String, Double> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("momentum", momentum);
            m.put("dampening", dampening);
            m.put("weight_decay", weightDecay);
            m.put("l1", l1);
            m.put("nesterov", nesterov ? 1.0 : 0.0);
            return m;
        }
    }

    public SGD(List<Tensor> params, double lr) { this(params, new Options().lr(lr)); }

    public SGD(List<Tensor> params, double lr, double momentum) { this(params, new Options().lr(lr).momentum(momentum)); }

    /** PyTorch's positional order: lr, momentum, dampening, weight_decay, nesterov. */
    public SGD(List<Tensor> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        this(params, new Options().lr(lr).momentum(momentum).dampening(dampening).weightDecay(weightDecay).nesterov(nesterov));
    }

    public SGD(List<Tensor> params, Options options) {
        super(params, options.toMap());
        checkNesterov(paramGroups().get(0));
    }

    @Override
    protected void checkOption(String option, double value) {
        super.checkOption(option, value);
        switch (option) {
            case "momentum", "weight_decay", "l1" -> checkRange(option, value, 0, Double.POSITIVE_INFINITY, false);
            case "dampening" -> checkRange(option, value, 0, 1, false);
            default -> { }
        }
    }

    private static void checkNesterov(ParamGroup g) {
        if (g.flag("nesterov") && (g.get("momentum") <= 0 || g.get("dampening") != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum requires momentum > 0 and dampening = 0, got momentum "
                    + g.get("momentum") + " and dampening " + g.get("dampening"));
        }
    }

    @Override
    protected List<String> stateNames() { return List.of("momentum_buffer"); }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState state) {
        checkNesterov(group);
        double lr = group.lr(), mom = group.get("momentum"), damp = group.get("dampening");
        double wd = group.get("weight_decay"), l1 = group.get("l1");
        boolean nesterov = group.flag("nesterov");
        boolean first = mom != 0 && !state.has("momentum_buffer");
        Tensor buf = mom != 0 ? state.getOrFill("momentum_buffer", param, 0) : null;
        int n = (int) param.numel(), wo = param.storageOffset(), go = grad.storageOffset();
        if (param.dtype() == DType.FLOAT32) {
            float[] w = param.storageFloats(), g = grad.storageFloats(), b = buf == null ? null : buf.storageFloats();
            float flr = (float) lr, fwd = (float) wd, fl1 = (float) l1, fmom = (float) mom, damp1 = (float) (1 - damp);
            forRange(n, (s, e) -> {
                int i = VECTOR ? VectorUpdates.sgd(w, wo, g, go, b, s, e, flr, fwd, fl1, fmom, damp1, first, nesterov) : s;
                for (; i < e; i++) {
                    float w0 = w[wo + i], gi = g[go + i];
                    if (fwd != 0) gi = gi + w0 * fwd;
                    if (fl1 != 0) gi = gi + sign(w0) * fl1;
                    if (b != null) {
                        float bi = first ? gi : b[i] * fmom + gi * damp1;
                        b[i] = bi;
                        gi = nesterov ? gi + bi * fmom : bi;
                    }
                    w[wo + i] = w0 - gi * flr;
                }
            });
        } else {
            double[] w = param.storageDoubles(), g = grad.storageDoubles(), b = buf == null ? null : buf.storageDoubles();
            double damp1 = 1 - damp;
            forRange(n, (s, e) -> {
                for (int i = s; i < e; i++) {
                    double w0 = w[wo + i], gi = g[go + i];
                    if (wd != 0) gi = gi + w0 * wd;
                    if (l1 != 0) gi = gi + sign(w0) * l1;
                    if (b != null) {
                        double bi = first ? gi : b[i] * mom + gi * damp1;
                        b[i] = bi;
                        gi = nesterov ? gi + bi * mom : bi;
                    }
                    w[wo + i] = w0 - gi * lr;
                }
            });
        }
    }
}
