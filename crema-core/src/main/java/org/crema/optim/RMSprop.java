package org.crema.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;

/**
 * RMSprop (Hinton's lecture 6e) as torch.optim.RMSprop. With g = grad + weightDecay * w + l1 * sign(w):
 * <pre>
 * s = alpha * s + (1 - alpha) * g * g
 * centered:  a = alpha * a + (1 - alpha) * g,  d = sqrt(s - a * a) + eps
 * otherwise: d = sqrt(s) + eps
 * momentum > 0: b = momentum * b + g / d,  w = w - lr * b
 * otherwise:    w = w - lr * g / d
 * </pre>
 * Defaults: lr 1e-2, alpha 0.99, eps 1e-8.
 */
public final class RMSprop extends Optimizer {

    /** {@code new RMSprop(params, new RMSprop.Options().lr(1e-3).momentum(0.9).centered(true))}. */
    public static final class Options {
        private double lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay, momentum, l1;
        private boolean centered;

        public Options lr(double v) { lr = v; return this; }
        /** Smoothing constant of the squared-gradient average. */
        public Options alpha(double v) { alpha = v; return this; }
        public Options eps(double v) { eps = v; return this; }
        public Options weightDecay(double v) { weightDecay = v; return this; }
        public Options l1(double v) { l1 = v; return this; }
        public Options momentum(double v) { momentum = v; return this; }
        /** Normalises by an estimate of the gradient's variance instead of its second moment. */
        public Options centered(boolean v) { centered = v; return this; }

        Map<String, Double> toMap() {
            LinkedHashMap<String, Double> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("alpha", alpha);
            m.put("eps", eps);
            m.put("weight_decay", weightDecay);
            m.put("l1", l1);
            m.put("momentum", momentum);
            m.put("centered", centered ? 1.0 : 0.0);
            return m;
        }
    }

    public RMSprop(List<Tensor> params) { this(params, new Options()); }

    public RMSprop(List<Tensor> params, double lr) { this(params, new Options().lr(lr)); }

    /** PyTorch's positional order: lr, alpha, eps, weight_decay, momentum, centered. */
    public RMSprop(List<Tensor> params, double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        this(params, new Options().lr(lr).alpha(alpha).eps(eps).weightDecay(weightDecay).momentum(momentum).centered(centered));
    }

    public RMSprop(List<Tensor> params, Options options) { super(params, options.toMap()); }

    @Override
    protected void checkOption(String option, double value) {
        super.checkOption(option, value);
        switch (option) {
            case "alpha" -> checkRange(option, value, 0, 1, false);
            case "eps", "weight_decay", "l1", "momentum" -> checkRange(option, value, 0, Double.POSITIVE_INFINITY, false);
            default -> { }
        }
    }

    @Override
    protected List<String> stateNames() { return List.of("square_avg", "grad_avg", "momentum_buffer"); }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState state) {
        double lr = group.lr(), alpha = group.get("alpha"), eps = group.get("eps"), mom = group.get("momentum");
        double wd = group.get("weight_decay"), l1 = group.get("l1");
        Tensor sT = state.getOrFill("square_avg", param, 0);
        Tensor aT = group.flag("centered") ? state.getOrFill("grad_avg", param, 0) : null;
        Tensor bT = mom > 0 ? state.getOrFill("momentum_buffer", param, 0) : null;
        int n = (int) param.numel(), wo = param.storageOffset(), go = grad.storageOffset();
        if (param.dtype() == DType.FLOAT32) {
            float[] w = param.storageFloats(), g = grad.storageFloats(), sq = sT.storageFloats();
            float[] av = aT == null ? null : aT.storageFloats(), b = bT == null ? null : bT.storageFloats();
            float flr = (float) lr, fa = (float) alpha, fa1 = (float) (1 - alpha), feps = (float) eps, fmom = (float) mom;
            float fwd = (float) wd, fl1 = (float) l1;
            forRange(n, (s, e) -> {
                int i = VECTOR ? VectorUpdates.rmsprop(w, wo, g, go, sq, av, b, s, e, flr, fa, fa1, feps, fmom, fwd, fl1) : s;
                for (; i < e; i++) {
                    float w0 = w[wo + i], gi = g[go + i];
                    if (fwd != 0) gi = gi + w0 * fwd;
                    if (fl1 != 0) gi = gi + sign(w0) * fl1;
                    float si = sq[i] * fa + gi * gi * fa1;
                    sq[i] = si;
                    float var = si;
                    if (av != null) {
                        float ai = av[i] * fa + gi * fa1;
                        av[i] = ai;
                        var = si - ai * ai;
                    }
                    float q = gi / ((float) Math.sqrt(var) + feps);
                    if (b != null) {
                        q = b[i] * fmom + q;
                        b[i] = q;
                    }
                    w[wo + i] = w0 - q * flr;
                }
            });
        } else {
            double[] w = param.storageDoubles(), g = grad.storageDoubles(), sq = sT.storageDoubles();
            double[] av = aT == null ? null : aT.storageDoubles(), b = bT == null ? null : bT.storageDoubles();
            double alpha1 = 1 - alpha;
            forRange(n, (s, e) -> {
                for (int i = s; i < e; i++) {
                    double w0 = w[wo + i], gi = g[go + i];
                    if (wd != 0) gi = gi + w0 * wd;
                    if (l1 != 0) gi = gi + sign(w0) * l1;
                    double si = sq[i] * alpha + gi * gi * alpha1;
                    sq[i] = si;
                    double var = si;
                    if (av != null) {
                        double ai = av[i] * alpha + gi * alpha1;
                        av[i] = ai;
                        var = si - ai * ai;
                    }
                    double q = gi / (Math.sqrt(var) + eps);
                    if (b != null) {
                        q = b[i] * mom + q;
                        b[i] = q;
                    }
                    w[wo + i] = w0 - q * lr;
                }
            });
        }
    }
}
