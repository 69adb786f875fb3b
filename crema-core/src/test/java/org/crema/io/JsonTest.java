package org.crema.io;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null], \"b\": {\"c\": \"x\\n\\u00e9\\\"\"}, \"big\": 12345678901234567890} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1L, -2L, 3.5, 1000.0, true, false), ((List<?>) m.get("a")).subList(0, 6));
        assertNull(((List<?>) m.get("a")).get(6));
        assertEquals("x\né\"", ((Map<?, ?>) m.get("b")).get("c"));
        assertEquals(1.2345678901234567e19, m.get("big"), "an integer beyond long becomes a double");
        assertEquals(List.of("a", "b", "big"), List.copyOf(m.keySet()), "insertion order is kept");
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "quote\" backslash\\ tab\t ctrl\u0001 emoji\uD83D\uDE00 lone\uD800");
        m.put("ints", new int[] {1, -2});
        m.put("longs", List.of(Long.MAX_VALUE, Long.MIN_VALUE));
        m.put("d", 0.1);
        m.put("f", 1e-5f);
        m.put("nested", Map.of("k", List.of()));
        m.put("n", null);
        String text = Json.write(m);
        Map<?, ?> back = (Map<?, ?>) Json.parse(text);
        assertEquals(m.get("s"), back.get("s"));
        assertEquals(List.of(1L, -2L), back.get("ints"));
        assertEquals(m.get("longs"), back.get("longs"));
        assertEquals(0.1, back.get("d"));
        assertEquals(1e-5f, (float) (double) (Double) back.get("f"));
        assertEquals(Json.write(back), text, "writing is stable");
    }

    @Test
    void errorsNameTheOffset() {
        assertError("{\"a\" 1}", "offset 5", "expected ':'");
        assertError("[1, 2", "offset 5", "expected ',' or ']'");
        assertError("{\"a\":1,\"a\":2}", "offset 7", "duplicate key \"a\"");
        assertError("\"abc", "offset 0", "unterminated string");
        assertError("[1] x", "offset 4", "after the JSON value");
        assertError("01", "offset 1", "after the JSON value");
        assertError("1e999", "offset 0", "out of range");
        assertError("\"\\x\"", "offset 2", "invalid escape");
        assertError("\"a\u0001\"", "offset 2", "control character");
        assertError("tru", "offset 0", "expected 'true'");
        assertError("", "offset 0", "unexpected end");
        assertError("-", "offset 1", "expected a digit");
    }

    @Test
    void depthAndSizeLimits() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertError(deep, "offset 64", "nesting deeper than the limit of 64");
        assertEquals(List.of(List.of()), Json.parse("[[]]", 2, 100));
        var e = assertThrows(CremaFormatException.class, () -> Json.parse("[1, 2, 3]", 8, 5));
        assertTrue(e.getMessage().contains("exceeds the limit of 5"), e.getMessage());
    }

    @Test
    void invalidUtf8IsAnError() {
        var e = assertThrows(CremaFormatException.class, () -> Json.parse(new byte[] {'"', (byte) 0xC3, '"'}));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void writerRefusesWhatTheReaderWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }

    private static void assertError(String text, String... parts) {
        var e = assertThrows(CremaFormatException.class, () -> Json.parse(text));
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
    }
}
