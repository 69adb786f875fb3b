package org.crema.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;

/**
 * Base class of every layer and model, as torch.nn.Module: registered parameters, buffers and child
 * modules (in registration order), train/eval mode, and PyTorch-compatible state-dict names
 * ({@code 0.weight}, {@code features.1.bias}, {@code running_mean}).
 *
 * <p>Subclasses read their tensors through {@link #param} and {@link #buffer} on every forward instead
 * of caching them in fields, so that {@link #to(DType)} and {@link #loadStateDict} can replace them.
 */
public abstract class Module {
    // the backend's kernel warm-up (see VectorBackend) starts when the first module is built rather than at the
    // first op that reaches the backend: a LeNet's first forward ran its convolutions for ~0.9 s before that
    static { org.crema.backend.Backend.current(); }

    private final LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The layer's computation. */
    public abstract Tensor forward(Tensor input);

    // ------------------------------------------------------------------ registration

    /** Registers t as a parameter (it becomes a leaf that requires grad) and returns it. */
    protected Tensor registerParameter(String name, Tensor t) {
        checkName(name);
        Tensor p = t.isLeaf() ? t : t.detach();
        p.requiresGrad(true);
        params.put(name, p);
        return p;
    }

    /** Registers a tensor that is state but not trained (e.g. batch-norm running statistics). */
    protected Tensor registerBuffer(String name, Tensor t) {
        checkName(name);
        buffers.put(name, t);
        return t;
    }

    protected <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid member name '" + name + "' (non-empty, no dots)");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": member '" + name + "' is already registered");
        }
    }

    /** This module's own parameter of that name (null if it has none, e.g. a Linear without bias). */
    protected Tensor param(String name) { return params.get(name); }

    protected Tensor buffer(String name) { return buffers.get(name); }

    /** Replaces a registered buffer's tensor (e.g. when running statistics are updated out of place). */
    protected void setBuffer(String name, Tensor t) {
        if (!buffers.containsKey(name)) throw new IllegalArgumentException(getClass().getSimpleName() + ": no buffer '" + name + "'");
        buffers.put(name, t);
    }

    // ------------------------------------------------------------------ traversal

    public Map<String, Module> namedChildren() { return Collections.unmodifiableMap(children); }

    public List<Module> children() { return new ArrayList<>(children.values()); }

    /** All parameters, recursively, in registration order. */
    public List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Parameters by their dotted PyTorch names. */
    public Map<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false);
        return out;
    }

    public Map<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> all = new LinkedHashMap<>();
        collectBuffers("", all);
        return all;
    }

    /** Parameters and buffers by name: what a checkpoint stores. */
    public Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean withBuffers) {
        params.forEach((k, v) -> out.put(prefix + k, v));
        if (withBuffers) buffers.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collect(prefix + k + ".", out, withBuffers));
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out) {
        buffers.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collectBuffers(prefix + k + ".", out));
    }

    /**
     * Copies values into this module's parameters and buffers by name. Every name must match and
     * every shape must agree; nothing is changed unless all do.
     */
    public void loadStateDict(Map<String, Tensor> state) { loadStateDict(state, true); }

    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> mine = stateDict();
        List<String> problems = new ArrayList<>();
        for (var e : mine.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                if (strict) problems.add("missing key '" + e.getKey() + "'");
            } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                problems.add("size mismatch for '" + e.getKey() + "': checkpoint has shape " + Arrays.toString(src.shape())
                        + ", the model has " + Arrays.toString(e.getValue().shape()));
            }
        }
        if (strict) {
            for (String k : state.keySet()) if (!mine.containsKey(k)) problems.add("unexpected key '" + k + "'");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict into " + getClass().getSimpleName() + ": " + String.join("; ", problems));
        }
        try (var g = Tensor.noGrad()) {
            for (var e : mine.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) e.getValue().copy_(src);
            }
        }
    }

    /** Converts every parameter and buffer to dtype (floating buffers only), in place; returns this. */
    public Module to(DType dtype) {
        params.replaceAll((k, v) -> v.dtype() == dtype ? v : v.detach().to(dtype).requiresGrad(true));
        buffers.replaceAll((k, v) -> v.dtype().isFloatingPoint() && v.dtype() != dtype ? v.to(dtype) : v);
        children.values().forEach(c -> c.to(dtype));
        return this;
    }

    // ------------------------------------------------------------------ modes and gradients

    public Module train() { return train(true); }

    public Module train(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.train(mode));
        return this;
    }

    public Module eval() { return train(false); }

    public boolean isTraining() { return training; }

    /** Clears every parameter's gradient (PyTorch's zero_grad(set_to_none=True)). */
    public void zeroGrad() {
        for (Tensor p : parameters()) p.setGrad(null);
    }

    public long numParameters() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    // ------------------------------------------------------------------ printing

    /** The part inside the parentheses of this module's line, e.g. "in_features=3, out_features=2, bias=true". */
    public String extraRepr() { return ""; }

    @Override
    public String toString() {
        String name = getClass().getSimpleName();
        if (children.isEmpty()) return name + "(" + extraRepr() + ")";
        StringBuilder sb = new StringBuilder(name).append("(");
        String extra = extraRepr();
        if (!extra.isEmpty()) sb.append("\n  ").append(extra);
        children.forEach((k, m) -> sb.append("\n  (").append(k).append("): ").append(m.toString().replace("\n", "\n  ")));
        return sb.append("\n)").toString();
    }

    /** Shape errors name the layer, what it expects and what it got. */
    protected IllegalArgumentException shapeError(String expected, Tensor got) {
        return new IllegalArgumentException(getClass().getSimpleName() + "(" + extraRepr() + "): expected input " + expected
                + ", got shape " + Arrays.toString(got.shape()));
    }
}
