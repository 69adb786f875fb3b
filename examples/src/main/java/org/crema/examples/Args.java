package org.crema.examples;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} arguments of the examples, with defaults; unknown names are an error. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] args, String... names) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length || !java.util.List.of(names).contains(a.substring(2))) {
                throw new IllegalArgumentException("unknown or incomplete argument '" + a + "'; arguments: --"
                        + String.join(" VALUE, --", names) + " VALUE");
            }
            values.put(a.substring(2), args[++i]);
        }
    }

    int integer(String name, int def) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : def;
    }

    double real(String name, double def) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : def;
    }

    String string(String name, String def) {
        return values.getOrDefault(name, def);
    }
}
