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
            float fb1 = (float) b1, c1 = (float) (1 - b1), fb2 = (float) b2, c2 = (float) (1 - b2), ss = (float) stepSize;
            float bc = (float) bc2Sqrt, feps = (float) eps, fdecay = (float) decay, fl2 = (float) l2, fl1 = (float) l1;
            Optimizer.forRange(n, (s, e) -> {
                int i = Optimizer.VECTOR
                        ? VectorUpdates.adam(w, wo, g, go, m, v, vmax, s, e, fb1, c1, fb2, c2, ss, bc, feps, fdecay, fl2, fl1) : s;
                for (; i < e; i++) {
                    float w0 = w[wo + i], gi = g[go + i];
                    if (fl2 != 0) gi = gi + w0 * fl2;
                    if (fl1 != 0) gi = gi + Optimizer.sign(w0) * fl1;
                    float mi = m[i] * fb1 + gi * c1;
                    float vi = v[i] * fb2 + gi * gi * c2;
                    m[i] = mi;
                    v[i] = vi;
                    if (vmax != null) {
                        vi = Math.max(vmax[i], vi);
                        vmax[i] = vi;
                    }
                    float denom = (float) Math.sqrt(vi) / bc + feps;
                    if (fdecay != 1) w0 = w0 * fdecay;
                    w[wo + i] = w0 - mi / denom * ss;
                }
            });
        } else {
            double[] w = param.storageDoubles(), g = grad.storageDoubles(), m = mT.storageDoubles(), v = vT.storageDoubles();
            double[] vmax = vmaxT == null ? null : vmaxT.storageDoubles();
            double c1 = 1 - b1, c2 = 1 - b2;
            Optimizer.forRange(n, (s, e) -> {
                for (int i = s; i < e; i++) {
                    double w0 = w[wo + i], gi = g[go + i];
                    if (l2 != 0) gi = gi + w0 * l2;
                    if (l1 != 0) gi = gi + Optimizer.sign(w0) * l1;
                    double mi = m[i] * b1 + gi * c1;
                    double vi = v[i] * b2 + gi * gi * c2;
                    m[i] = mi;
                    v[i] = vi;
                    if (vmax != null) {
                        vi = Math.max(vmax[i], vi);
                        vmax[i] = vi;
                    }
                    double denom = Math.sqrt(vi) / bc2Sqrt + eps;
                    if (decay != 1) w0 = w0 * decay;
                    w[wo + i] = w0 - mi / denom * stepSize;
                }
            });
        }
    }
}
