package org.crema.optim;

import org.crema.DType;
import org.crema.Tensor;

/** The fused update shared by {@link Adam} (L2 penalty added to the gradient) and {@link AdamW} (decoupled decay). */
final class AdamKernel {
    private AdamKernel() {}

    static void update(ParamGroup group, Tensor param, Tensor grad, ParamState state, boolean decoupled) {
        double lr = group.lr(), b1 = group.get("beta1"), b2 = group.get("beta2"), eps = group.get("eps");
        double wd = group.get("weight_decay"), l1 = group.get("l1");
        boolean amsgrad = group.flag("amsgrad");
        long step = state.step();
        // bias corrections of Kingma & Ba: the moments start at zero and are biased towards it early on
        double stepSize = lr / (1 - Math.pow(b1, step));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, step));
        double decay = decoupled ? 1 - lr * wd : 1, l2 = decoupled ? 0 : wd;
        Tensor mT = state.getOrFill("exp_avg", param, 0), vT = state.getOrFill("exp_avg_sq", param, 0);
        Tensor vmaxT = amsgrad ? state.getOrFill("max_exp_avg_sq", param, 0) : null;
        int n = (int) param.numel(), wo = param.storageOffset(), go = grad.storageOffset();
        if (param.dtype() == DType.FLOAT32) {
            float[] w = param.storageFloats(), g = grad.storageFloats(), m = mT.storageFloats(), v = vT.storageFloats();
            float[] vmax = vmaxT == null ? null : vmaxT.storageFloats();
            boolean vector = vmax == null && l1 == 0 && VectorUpdates.enabled();
            Optimizer.forRange(n, (s, e) -> {
                int start = !vector ? s : VectorUpdates.adam(w, wo, g, go, m, v, s, e, (float) b1, (float) b2,
                        (float) stepSize, (float) bc2Sqrt, (float) eps, (float) decay, (float) l2);
                for (int i = start; i < e; i++) {
                    double w0 = w[wo + i];
                    double gi = g[go + i] + l2 * w0 + l1 * Math.signum(w0);
                    float mi = (float) (b1 * m[i] + (1 - b1) * gi);
                    float vi = (float) (b2 * v[i] + (1 - b2) * gi * gi);
                    m[i] = mi;
                    v[i] = vi;
                    if (vmax != null) {
                        vi = Math.max(vmax[i], vi);
                        vmax[i] = vi;
                    }
                    w[wo + i] = (float) (w0 * decay - stepSize * mi / (Math.sqrt(vi) / bc2Sqrt + eps));
                }
            });
        } else {
            double[] w = param.storageDoubles(), g = grad.storageDoubles(), m = mT.storageDoubles(), v = vT.storageDoubles();
            double[] vmax = vmaxT == null ? null : vmaxT.storageDoubles();
            Optimizer.forRange(n, (s, e) -> {
                for (int i = s; i < e; i++) {
                    double w0 = w[wo + i];
                    double gi = g[go + i] + l2 * w0 + l1 * Math.signum(w0);
                    double mi = b1 * m[i] + (1 - b1) * gi;
                    double vi = b2 * v[i] + (1 - b2) * gi * gi;
                    m[i] = mi;
                    v[i] = vi;
                    if (vmax != null) {
                        vi = Math.max(vmax[i], vi);
                        vmax[i] = vi;
                    }
                    w[wo + i] = w0 * decay - stepSize * mi / (Math.sqrt(vi) / bc2Sqrt + eps);
                }
            });
        }
    }
}
