package org.crema.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crema.DType;
import org.crema.io.Architecture;
import org.crema.io.CremaFormatException;

/**
 * How {@link Dense} is written in a model file's architecture JSON ({@code org.crema.io.ModelFile}):
 * {@code {"type":"Dense","units":10,"activation":"relu","use_bias":true,"in_features":4}}, with
 * in_features -1 for a layer not built yet. Registered by Dense itself, because io sits below train and
 * must not know its classes.
 */
final class DenseArchitecture {
    private DenseArchitecture() {}

    static void register() {
        Architecture.register("Dense", Dense.class, DenseArchitecture::fields, c -> {
            int units = c.getInt("units");
            if (units <= 0) throw new CremaFormatException(c.path() + " (Dense): units must be positive, got " + units);
            Activation act;
            try {
                act = Activation.of(c.getString("activation", "linear"));
            } catch (IllegalArgumentException e) {
                throw new CremaFormatException(c.path() + " (Dense): " + e.getMessage(), e);
            }
            Dense d = new Dense(units, act, c.getBoolean("use_bias", true));
            int in = c.getInt("in_features", -1);
            if (in > 0) {
                d.build(in, DType.FLOAT32);
            } else if (in != -1) {
                throw new CremaFormatException(c.path() + " (Dense): in_features must be positive or -1 (not built), got " + in);
            }
            return d;
        }, c -> {
            int in = c.getInt("in_features", -1);
            if (in <= 0) return Map.of();
            int units = c.getInt("units");
            Map<String, int[]> shapes = new LinkedHashMap<>();
            shapes.put("weight", new int[] {units, in});
            if (c.getBoolean("use_bias", true)) shapes.put("bias", new int[] {units});
            return shapes;
        });
    }

    private static Map<String, Object> fields(Dense d) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("units", d.units());
        f.put("activation", d.activation().kerasName());
        f.put("use_bias", d.useBias());
        f.put("in_features", d.inFeatures());
        return f;
    }
}
