package org.crema.optim;

import java.util.List;
import org.crema.Tensor;

/**
 * Adam (Kingma &amp; Ba, 2015) as torch.optim.Adam, with bias correction. With g = grad + weightDecay * w + l1 * sign(w)
 * and t the step count of the parameter:
 * <pre>
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * v' = amsgrad ? vmax = max(vmax, v) : v
 * w = w - lr / (1 - beta1^t) * m / (sqrt(v') / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay.
 */
public final class Adam extends Optimizer {

    public Adam(List<Tensor> params) { this(params, new AdamOptions()); }

    public Adam(List<Tensor> params, double lr) { this(params, new AdamOptions().lr(lr)); }

    /** PyTorch's positional order: lr, betas, eps, weight_decay. */
    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(params, new AdamOptions().lr(lr).betas(beta1, beta2).eps(eps).weightDecay(weightDecay));
    }

    public Adam(List<Tensor> params, AdamOptions options) { super(params, options.toMap(0)); }

    @Override
    protected void checkOption(String option, double value) {
        super.checkOption(option, value);
        AdamOptions.check(this, option, value);
    }

    @Override
    protected List<String> stateNames() { return List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"); }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState state) {
        AdamKernel.update(group, param, grad, state, false);
    }
}
