package org.crema.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crema.Tensor;

/**
 * What an optimizer remembers about one parameter: the number of updates it made and named buffers of
 * the parameter's shape and dtype (Adam's {@code exp_avg}, SGD's {@code momentum_buffer}, ...).
 * Created at the parameter's first update, as in PyTorch.
 */
public final class ParamState {
    private long step;
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();

    ParamState() {}

    /** Updates applied to this parameter so far. */
    public long step() { return step; }

    void setStep(long step) { this.step = step; }

    /** The buffer of that name, or null if this optimizer has not created it (yet). */
    public Tensor get(String name) { return buffers.get(name); }

    public boolean has(String name) { return buffers.containsKey(name); }

    /** All buffers by name (read-only). */
    public Map<String, Tensor> buffers() { return Collections.unmodifiableMap(buffers); }

    void put(String name, Tensor buffer) { buffers.put(name, buffer); }

    /** The buffer, created filled with value in the parameter's shape and dtype on first use. */
    Tensor getOrFill(String name, Tensor param, double value) {
        Tensor b = buffers.get(name);
        if (b == null) {
            b = Tensor.fullLike(param, value);
            buffers.put(name, b);
        }
        return b;
    }
}
