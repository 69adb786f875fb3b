package org.crema.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.crema.Tensor;

/**
 * A set of parameters that share hyperparameters, as one entry of torch's {@code optimizer.param_groups}:
 * e.g. a backbone trained with a smaller learning rate than a new head. Every option is a number
 * (flags such as {@code nesterov} are 0 or 1) so that a group saves as flat scalars.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final LinkedHashMap<String, Double> options;
    private final BiConsumer<String, Double> validator;
    private double initialLr = Double.NaN;

    ParamGroup(List<Tensor> params, Map<String, Double> options, BiConsumer<String, Double> validator) {
        this.params = List.copyOf(params);
        this.options = new LinkedHashMap<>(options);
        this.validator = validator;
    }

    public List<Tensor> params() { return params; }

    public double lr() { return get("lr"); }

    public void setLr(double lr) { set("lr", lr); }

    /** The value of an option, e.g. {@code get("momentum")}. */
    public double get(String option) {
        Double v = options.get(option);
        if (v == null) {
            throw new IllegalArgumentException("param group has no option '" + option + "'; it has " + options.keySet());
        }
        return v;
    }

    /** A 0/1 option read as a boolean. */
    public boolean flag(String option) { return get(option) != 0; }

    /** Changes an existing option after checking its value (e.g. a negative lr is refused). */
    public void set(String option, double value) {
        if (!options.containsKey(option)) {
            throw new IllegalArgumentException("param group has no option '" + option + "'; it has " + options.keySet());
        }
        validator.accept(option, value);
        options.put(option, value);
    }

    /** All options in a fixed order (read-only). */
    public Map<String, Double> options() { return Collections.unmodifiableMap(options); }

    /**
     * The learning rate schedules start from (torch's {@code initial_lr}): NaN until the first scheduler is
     * attached, which records the lr of that moment so that later schedulers share the same base.
     */
    public double initialLr() { return initialLr; }

    public void setInitialLr(double lr) { this.initialLr = lr; }

    @Override
    public String toString() { return "ParamGroup(" + params.size() + " params, " + options + ")"; }
}
