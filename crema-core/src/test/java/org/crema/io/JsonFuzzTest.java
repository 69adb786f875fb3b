package org.crema.io;

import static org.crema.io.FuzzCase.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Malformed JSON, 6000 cases in all: only {@link CremaFormatException} may escape, no stack overflow
 * at any nesting, no hang; whatever is accepted must write back to text that parses to the same value.
 */
class JsonFuzzTest {
    private static final String TOKENS = "{}[]\",:\\/ \n\t0123456789-+.eEtrufalsn\u00e9\u0000";

    @Property(tries = 1500, seed = "31")
    void randomBytes1500(@ForAll @Size(max = 200) byte[] bytes) {
        check(outcome(() -> Json.parse(bytes)));
    }

    @Property(tries = 1500, seed = "32")
    void randomTokenSoup1500(@ForAll long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(120);
        for (int i = 0; i < n; i++) sb.append(TOKENS.charAt(r.nextInt(TOKENS.length())));
        check(outcome(() -> Json.parse(sb.toString())));
    }

    @Property(tries = 2500, seed = "33")
    void mutatedValidDocuments2500(@ForAll long seed) {
        Random r = new Random(seed);
        String valid = Json.write(randomValue(r, 0));
        assertEquals(valid, Json.write(Json.parse(valid)), "a valid document must parse and round-trip");
        byte[] bytes = mutate(r, valid.getBytes(StandardCharsets.UTF_8), 1 + r.nextInt(4));
        check(outcome(() -> Json.parse(bytes)));
    }

    /** Nesting far past the limit, unbalanced, in objects and arrays: an error, never a StackOverflowError. */
    @Property(tries = 500, seed = "34")
    void deepNesting500(@ForAll long seed) {
        Random r = new Random(seed);
        int depth = 1 + r.nextInt(r.nextBoolean() ? 100 : 50_000);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) sb.append(r.nextBoolean() ? "[" : "{\"k\":");
        if (r.nextBoolean()) sb.append("1");
        Object out = outcome(() -> Json.parse(sb.toString()));
        assertNull(out, "an unclosed document must be refused");
        Statistics.label("depth").collect(depth > Json.DEFAULT_MAX_DEPTH ? "past the limit" : "within");
    }

    private static void check(Object parsed) {
        Statistics.label("outcome").collect(parsed == null ? "rejected" : "accepted");
        if (parsed == null) return;
        String again = Json.write(parsed);
        assertEquals(again, Json.write(Json.parse(again)), "accepted values round-trip");
    }

    static Object randomValue(Random r, int depth) {
        int kind = r.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> r.nextLong() >> r.nextInt(64);
            case 1 -> r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10);
            case 2 -> r.nextBoolean();
            case 3 -> randomString(r);
            case 4 -> null;
            case 5 -> {
                List<Object> l = new ArrayList<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) l.add(randomValue(r, depth + 1));
                yield l;
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) m.put(randomString(r) + i, randomValue(r, depth + 1));
                yield m;
            }
        };
    }

    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) sb.append((char) (r.nextInt(4) == 0 ? r.nextInt(0x3000) : 'a' + r.nextInt(26)));
        return sb.toString();
    }
}
