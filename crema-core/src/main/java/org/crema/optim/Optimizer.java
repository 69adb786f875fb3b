package org.crema.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.backend.Parallel;
import org.crema.backend.VectorSupport;

/**
 * Base of the optimizers, as torch.optim.Optimizer: parameter groups with their own options, per-parameter
 * state created at the first update, {@link #zeroGrad()}, {@link #step()}, and a state dict of flat names
 * and tensors only ({@code state.0.exp_avg}, {@code state.0.step}, {@code param_groups.0.lr}) that a
 * safetensors file can hold.
 *
 * <p>Updates run outside autograd on the raw arrays, in place, one fused pass per parameter (split across
 * threads for large parameters), in the parameter's dtype as PyTorch does; FLOAT32 updates use the Vector API
 * when it is available, with the same result bit for bit. Parameters whose gradient is null are skipped.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(model.parameters(), 0.1, 0.9);
 * for (Batch b : loader) {
 *     opt.zeroGrad();
 *     lossFn.forward(model.forward(b.x()), b.y()).backward();
 *     opt.step();
 * }
 * }</pre>
 */
public abstract class Optimizer {
    /** Parameters with fewer elements are updated on the calling thread. */
    static final int PARALLEL_THRESHOLD = 1 << 15;
    private static final int GRAIN = 1 << 13;
    /** Whether FLOAT32 updates use {@link VectorUpdates}; tests switch it off to compare with the scalar loops. */
    static boolean VECTOR = VectorSupport.enabled();

    private final LinkedHashMap<String, Double> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final IdentityHashMap<Tensor, ParamState> state = new IdentityHashMap<>();

    /**
     * @param defaults every option this optimizer knows with its default value; groups may override any
     *     of them, and no other option is accepted
     */
    protected Optimizer(List<Tensor> params, Map<String, Double> defaults) {
        this.defaults = new LinkedHashMap<>(defaults);
        this.defaults.forEach(this::checkOption);
        addParamGroup(params);
    }

    private String name() { return getClass().getSimpleName(); }

    // ------------------------------------------------------------------ groups

    /** Adds parameters that use this optimizer's default options. */
    public final void addParamGroup(List<Tensor> params) { addParamGroup(params, Map.of()); }

    /**
     * Adds parameters with some options different from the defaults, e.g.
     * {@code addParamGroup(head.parameters(), Map.of("lr", 0.01))}.
     */
    public final void addParamGroup(List<Tensor> params, Map<String, Double> options) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(name() + ": got an empty parameter list");
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) throw new IllegalArgumentException(name() + ": parameter " + i + " is null");
            if (!p.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(name() + ": parameter " + i + " has dtype " + p.dtype()
                        + "; only FLOAT32 and FLOAT64 tensors can be optimized");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(name() + ": parameter " + i + " of shape " + Arrays.toString(p.shape())
                        + " is not a leaf tensor (it is the output of " + p.gradFn() + "); optimize the tensors it was computed from");
            }
            for (int j = 0; j < i; j++) {
                if (params.get(j) == p) throw new IllegalArgumentException(name() + ": parameter " + i + " appears twice in the list (also at " + j + ")");
            }
            for (int g = 0; g < groups.size(); g++) {
                if (groups.get(g).params().stream().anyMatch(q -> q == p)) {
                    throw new IllegalArgumentException(name() + ": parameter " + i + " of the new group is already in param group " + g);
                }
            }
        }
        LinkedHashMap<String, Double> merged = new LinkedHashMap<>(defaults);
        options.forEach((k, v) -> {
            if (!defaults.containsKey(k)) {
                throw new IllegalArgumentException(name() + ": unknown option '" + k + "'; known options are " + defaults.keySet());
            }
            checkOption(k, v);
            merged.put(k, v);
        });
        groups.add(new ParamGroup(params, merged, this::checkOption));
    }

    public final List<ParamGroup> paramGroups() { return Collections.unmodifiableList(groups); }

    /** The default options new groups start from. */
    public final Map<String, Double> defaults() { return Collections.unmodifiableMap(defaults); }

    /**
     * Refuses an invalid option value with a message naming it; subclasses add their own rules and call
     * this one. Runs on the defaults, on group overrides and on every {@link ParamGroup#set}.
     */
    protected void checkOption(String option, double value) {
        if (Double.isNaN(value)) throw new IllegalArgumentException(name() + ": " + option + " is NaN");
        if (option.equals("lr") && !(value >= 0)) {
            throw new IllegalArgumentException(name() + ": invalid learning rate " + value + " (must be >= 0)");
        }
    }

    /** Throws unless lo <= value <= hi (hiOpen: value < hi). */
    protected final void checkRange(String option, double value, double lo, double hi, boolean hiOpen) {
        if (value < lo || value > hi || (hiOpen && value == hi)) {
            throw new IllegalArgumentException(name() + ": invalid " + option + " " + value + " (must be in ["
                    + lo + ", " + hi + (hiOpen ? ")" : "]") + ")");
        }
    }

    // ------------------------------------------------------------------ learning rate

    /** The learning rate of the first group (all groups share it unless set per group). */
    public double getLr() { return groups.get(0).lr(); }

    /** Sets the learning rate of every group. */
    public void setLr(double lr) {
        checkOption("lr", lr);
        for (ParamGroup g : groups) g.setLr(lr);
    }

    public double getLr(int group) { return group(group).lr(); }

    public void setLr(int group, double lr) { group(group).setLr(lr); }

    private ParamGroup group(int i) {
        if (i < 0 || i >= groups.size()) {
            throw new IndexOutOfBoundsException(name() + ": param group " + i + " does not exist (" + groups.size() + " groups)");
        }
        return groups.get(i);
    }

    // ------------------------------------------------------------------ gradients and updates

    /** Clears every parameter's gradient (PyTorch's default {@code set_to_none=True}). */
    public void zeroGrad() { zeroGrad(true); }

    /** setToNone false keeps the gradient tensors and fills them with zeros instead. */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                if (setToNone) {
                    p.setGrad(null);
                } else {
                    try (var ng = Tensor.noGrad()) {
                        grad.zero_();
                    }
                }
            }
        }
    }

    /** Updates every parameter that has a gradient, once. */
    public void step() {
        try (var ng = Tensor.noGrad()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    ParamState s = state.computeIfAbsent(p, k -> new ParamState());
                    s.setStep(s.step() + 1);
                    Tensor work = p.isContiguous() ? p : contiguousCopy(p, p.dtype());
                    Tensor gr = grad.dtype() == p.dtype() && grad.isContiguous() ? grad : contiguousCopy(grad, p.dtype());
                    update(g, work, gr, s);
                    if (work != p) p.copy_(work);
                }
            }
        }
    }

    /** Re-evaluates the loss with closure (which should zero the gradients and call backward), then steps; returns that loss. */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss = closure.get();
        step();
        return loss;
    }

    /**
     * Applies one update to a contiguous parameter, in place, from its gradient (contiguous, same dtype);
     * {@code state.step()} already counts this update. Implementations read and write the raw arrays.
     */
    protected abstract void update(ParamGroup group, Tensor param, Tensor grad, ParamState state);

    /** The names of the buffers {@link #update} keeps per parameter, for checking a loaded state dict. */
    protected abstract List<String> stateNames();

    /** Runs body over [0, n), on several threads when n is large. Element-wise bodies give identical results either way. */
    protected static void forRange(int n, Parallel.RangeBody body) {
        if (n < PARALLEL_THRESHOLD) {
            if (n > 0) body.run(0, n);
        } else {
            Parallel.forRange(n, GRAIN, body);
        }
    }

    /** sign(w) as 1, -1 or 0 (0 for NaN), the same in the scalar and vector loops. */
    static float sign(float w) { return w > 0 ? 1f : w < 0 ? -1f : 0f; }

    static double sign(double w) { return w > 0 ? 1 : w < 0 ? -1 : 0; }

    /** The state of a parameter, or null before its first update. */
    public ParamState state(Tensor param) { return state.get(param); }

    // ------------------------------------------------------------------ state dict

    /** Parameters in the order of their groups: the index used in {@code state.<i>.*} keys. */
    private List<Tensor> allParams() {
        List<Tensor> all = new ArrayList<>();
        for (ParamGroup g : groups) all.addAll(g.params());
        return all;
    }

    /**
     * A copy of the optimizer's state as flat names and tensors: {@code state.<i>.step} (FLOAT64 scalar) and
     * {@code state.<i>.<buffer>} (the parameter's shape and dtype) for each parameter that has been updated,
     * with i counting parameters across groups in order; {@code param_groups.<g>.<option>} (FLOAT64 scalars),
     * {@code param_groups.<g>.params} (INT64 indices) and {@code param_groups.<g>.initial_lr} once a scheduler set it.
     */
    public Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        List<Tensor> all = allParams();
        for (int i = 0; i < all.size(); i++) {
            ParamState s = state.get(all.get(i));
            if (s == null) continue;
            out.put("state." + i + ".step", Tensor.scalar(s.step(), DType.FLOAT64));
            for (var e : s.buffers().entrySet()) out.put("state." + i + "." + e.getKey(), contiguousCopy(e.getValue(), e.getValue().dtype()));
        }
        int first = 0;
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup group = groups.get(g);
            String prefix = "param_groups." + g + ".";
            for (var e : group.options().entrySet()) out.put(prefix + e.getKey(), Tensor.scalar(e.getValue(), DType.FLOAT64));
            if (!Double.isNaN(group.initialLr())) out.put(prefix + "initial_lr", Tensor.scalar(group.initialLr(), DType.FLOAT64));
            long[] idx = new long[group.params().size()];
            for (int k = 0; k < idx.length; k++) idx[k] = first + k;
            out.put(prefix + "params", Tensor.of(idx, idx.length));
            first += idx.length;
        }
        return out;
    }

    /**
     * Restores a state dict made by {@link #stateDict()} of an optimizer of the same kind over parameters of
     * the same shapes, so that the following steps are exactly those of an uninterrupted run. Every problem
     * (unknown, missing or mis-shaped key) is reported at once, and nothing changes unless all keys fit.
     */
    public void loadStateDict(Map<String, Tensor> dict) {
        List<Tensor> all = allParams();
        List<String> problems = new ArrayList<>();
        TreeMap<Integer, LinkedHashMap<String, Tensor>> newState = new TreeMap<>();
        List<Map<String, Double>> newOptions = new ArrayList<>();
        double[] newInitial = new double[groups.size()];
        Arrays.fill(newInitial, Double.NaN);
        for (ParamGroup g : groups) newOptions.add(new LinkedHashMap<>());
        for (var e : dict.entrySet()) {
            String key = e.getKey();
            Tensor v = e.getValue();
            String[] parts = key.split("\\.", 3);
            int index = parts.length == 3 ? parseIndex(parts[1]) : -1;
            if (parts.length != 3 || index < 0 || !(parts[0].equals("state") || parts[0].equals("param_groups"))) {
                problems.add("unexpected key '" + key + "'");
            } else if (v == null) {
                problems.add("key '" + key + "' has no tensor");
            } else if (parts[0].equals("state")) {
                if (index >= all.size()) {
                    problems.add("unexpected key '" + key + "': the optimizer has " + all.size() + " parameters");
                } else if (parts[2].equals("step")) {
                    if (v.numel() != 1) problems.add("'" + key + "' must be a scalar, got shape " + Arrays.toString(v.shape()));
                    else newState.computeIfAbsent(index, k -> new LinkedHashMap<>()).put("step", v);
                } else if (!stateNames().contains(parts[2])) {
                    problems.add("unexpected key '" + key + "': " + name() + " keeps " + stateNames() + " per parameter");
                } else if (!Arrays.equals(v.shape(), all.get(index).shape())) {
                    problems.add("size mismatch for '" + key + "': the state dict has shape " + Arrays.toString(v.shape())
                            + ", parameter " + index + " has " + Arrays.toString(all.get(index).shape()));
                } else {
                    newState.computeIfAbsent(index, k -> new LinkedHashMap<>()).put(parts[2], v);
                }
            } else {
                if (index >= groups.size()) {
                    problems.add("unexpected key '" + key + "': the optimizer has " + groups.size() + " param groups");
                    continue;
                }
                ParamGroup g = groups.get(index);
                String opt = parts[2];
                if (opt.equals("params")) {
                    if (v.numel() != g.params().size()) {
                        problems.add("'" + key + "' lists " + v.numel() + " parameters, param group " + index + " has " + g.params().size());
                    }
                } else if (v.numel() != 1) {
                    problems.add("'" + key + "' must be a scalar, got shape " + Arrays.toString(v.shape()));
                } else if (opt.equals("initial_lr")) {
                    newInitial[index] = v.item();
                } else if (!g.options().containsKey(opt)) {
                    problems.add("unexpected key '" + key + "': " + name() + " options are " + g.options().keySet());
                } else {
                    try {
                        checkOption(opt, v.item());
                        newOptions.get(index).put(opt, v.item());
                    } catch (IllegalArgumentException ex) {
                        problems.add("'" + key + "': " + ex.getMessage());
                    }
                }
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            for (String opt : groups.get(g).options().keySet()) {
                if (!newOptions.get(g).containsKey(opt)) {
                    problems.add("missing key 'param_groups." + g + "." + opt + "'");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(name() + ".loadStateDict: " + String.join("; ", problems));
        }
        state.clear();
        for (var e : newState.entrySet()) {
            Tensor p = all.get(e.getKey());
            ParamState s = new ParamState();
            for (var b : e.getValue().entrySet()) {
                if (b.getKey().equals("step")) s.setStep(Math.round(b.getValue().item()));
                else s.put(b.getKey(), contiguousCopy(b.getValue(), p.dtype()));
            }
            state.put(p, s);
        }
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup group = groups.get(g);
            newOptions.get(g).forEach(group::set);
            if (!Double.isNaN(newInitial[g])) group.setInitialLr(newInitial[g]);
        }
    }

    private static int parseIndex(String s) {
        if (s.isEmpty() || s.length() > 9) return -1;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return -1;
        return Integer.parseInt(s);
    }

    /** A fresh contiguous copy of t in dtype, outside any graph. */
    static Tensor contiguousCopy(Tensor t, DType dtype) {
        int[] shape = t.shape();
        return dtype == DType.FLOAT32 ? Tensor.of(t.toFloatArray(), shape) : Tensor.of(t.toDoubleArray(), shape);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name()).append(" (");
        for (int g = 0; g < groups.size(); g++) {
            sb.append("\nParameter Group ").append(g);
            groups.get(g).options().forEach((k, v) -> sb.append("\n    ").append(k).append(": ").append(v));
        }
        return sb.append("\n)").toString();
    }
}
