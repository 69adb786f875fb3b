package org.crema.optim;

import java.util.List;
import org.crema.Tensor;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter, 2019) as torch.optim.AdamW: the weights shrink by
 * {@code w = w * (1 - lr * weightDecay)} before the {@link Adam} update, instead of the decay being added to
 * the gradient where the adaptive scaling would weaken it. Default weight decay 1e-2.
 */
public final class AdamW extends Optimizer {

    public AdamW(List<Tensor> params) { this(params, new AdamOptions()); }

    public AdamW(List<Tensor> params, double lr) { this(params, new AdamOptions().lr(lr)); }

    public AdamW(List<Tensor> params, double lr, double weightDecay) { this(params, new AdamOptions().lr(lr).weightDecay(weightDecay)); }

    public AdamW(List<Tensor> params, AdamOptions options) { super(params, options.toMap(1e-2)); }

    @Override
    protected void checkOption(String option, double value) {
        super.checkOption(option, value);
        AdamOptions.check(this, option, value);
    }

    @Override
    protected List<String> stateNames() { return List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"); }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState state) {
        AdamKernel.update(group, param, grad, state, true);
    }
}
