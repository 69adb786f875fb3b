package org.crema.io;

import java.util.Map;
import org.crema.Tensor;

/** What a safetensors file holds: its tensors by name (in header order) and its string metadata. */
public record TensorFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
    public TensorFile {
        tensors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tensors));
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }
}
