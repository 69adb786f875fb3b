package org.crema.optim.lr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.Tensor;
import org.crema.optim.Optimizer;
import org.crema.optim.ParamGroup;

/**
 * Runs schedules one after another, switching at the milestone epochs, as torch's SequentialLR: e.g. a
 * {@link LinearLR} warm-up for 5 epochs, then {@link CosineAnnealingLR}. Each schedule restarts its own epoch
 * count at its milestone.
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.1, 1.0, 5);
 * var cosine = new CosineAnnealingLR(opt, 95);
 * var sched = new SequentialLR(opt, List.of(warmup, cosine), new int[] {5});
 * }</pre>
 */
public final class SequentialLR extends LRScheduler {
    private final List<LRScheduler> schedulers;
    private final int[] milestones;

    public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int[] milestones) {
        super(optimizer);
        if (schedulers.isEmpty()) throw new IllegalArgumentException("SequentialLR: expects at least one schedule");
        if (milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("SequentialLR: expects " + (schedulers.size() - 1) + " milestones for " + schedulers.size()
                    + " schedules, got " + milestones.length);
        }
        for (int i = 0; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer != optimizer) {
                throw new IllegalArgumentException("SequentialLR: schedule " + i + " (" + schedulers.get(i).getClass().getSimpleName()
                        + ") belongs to another optimizer");
            }
            if (i > 0 && milestones[i - 1] <= (i > 1 ? milestones[i - 2] : 0)) {
                throw new IllegalArgumentException("SequentialLR: milestones must be positive and increasing, got " + java.util.Arrays.toString(milestones));
            }
        }
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        // as torch: back to the initial rates, undo the children's first steps, then start the first schedule
        for (ParamGroup g : optimizer.paramGroups()) g.setLr(g.initialLr());
        schedulers.get(0).stepTo(0);
        for (int i = 1; i < schedulers.size(); i++) schedulers.get(i).rewind();
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        int e = lastEpoch();
        if (e == 0) return schedulers.get(0).getLastLr();
        int idx = 0;
        while (idx < milestones.length && milestones[idx] <= e) idx++;
        LRScheduler s = schedulers.get(idx);
        if (idx > 0 && milestones[idx - 1] == e) s.stepTo(0);
        else s.step();
        return s.getLastLr();
    }

    @Override
    protected void saveExtra(Map<String, Tensor> out) {
        for (int i = 0; i < schedulers.size(); i++) {
            for (var e : schedulers.get(i).stateDict().entrySet()) out.put("schedulers." + i + "." + e.getKey(), e.getValue());
        }
    }

    @Override
    protected void loadExtra(Map<String, Tensor> state) {
        for (int i = 0; i < schedulers.size(); i++) {
            String prefix = "schedulers." + i + ".";
            Map<String, Tensor> sub = new LinkedHashMap<>();
            state.forEach((k, v) -> {
                if (k.startsWith(prefix)) sub.put(k.substring(prefix.length()), v);
            });
            schedulers.get(i).loadStateDict(sub);
        }
    }
}
