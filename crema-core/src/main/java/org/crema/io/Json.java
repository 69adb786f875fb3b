package org.crema.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and writer for file headers and architectures.
 *
 * <p>Values map to Java as: object -> {@code Map<String, Object>} (insertion-ordered, unmodifiable),
 * array -> {@code List<Object>} (unmodifiable), string -> {@link String}, number -> {@link Long} when it
 * is written without fraction or exponent and fits, else {@link Double}, {@code true/false} ->
 * {@link Boolean}, {@code null} -> null.
 *
 * <p>Hardened for untrusted input: nesting deeper than {@code maxDepth} and text longer than
 * {@code maxChars} are refused before they can exhaust the stack or memory, duplicate object keys are
 * refused (readers disagree on which one wins), and numbers must be finite. Every error is a
 * {@link CremaFormatException} naming the byte-or-char offset and what was expected.
 */
public final class Json {
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** The safetensors format caps its JSON header at 100 MB; nothing Crema reads is larger. */
    public static final int DEFAULT_MAX_CHARS = 100_000_000;
    private static final int MAX_NUMBER_CHARS = 512;

    private final String s;
    private final int maxDepth;
    private int pos;

    private Json(String s, int maxDepth) {
        this.s = s;
        this.maxDepth = maxDepth;
    }

    /** Parses one JSON value (surrounded by optional whitespace) with the default limits. */
    public static Object parse(String text) {
        return parse(text, DEFAULT_MAX_DEPTH, DEFAULT_MAX_CHARS);
    }

    public static Object parse(String text, int maxDepth, int maxChars) {
        if (text == null) throw new CremaFormatException("JSON: no text (null)");
        if (text.length() > maxChars) {
            throw new CremaFormatException("JSON: text of " + text.length() + " chars exceeds the limit of " + maxChars);
        }
        Json p = new Json(text, maxDepth);
        p.skipWs();
        Object v = p.value(0);
        p.skipWs();
        if (p.pos != text.length()) throw p.error("unexpected " + p.describe() + " after the JSON value");
        return v;
    }

    /** Parses UTF-8 bytes; malformed UTF-8 is an error, not silently replaced. */
    public static Object parse(byte[] utf8) {
        return parse(decodeUtf8(utf8, "JSON"), DEFAULT_MAX_DEPTH, DEFAULT_MAX_CHARS);
    }

    static String decodeUtf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CremaFormatException(what + ": not valid UTF-8 (" + e + ")");
        }
    }

    // ------------------------------------------------------------------ reading

    private Object value(int depth) {
        if (pos >= s.length()) throw error("unexpected end of text, expected a value");
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("expected a value, got " + describe());
            }
        };
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) throw error("nesting deeper than the limit of " + maxDepth);
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        pos++; // '{'
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        skipWs();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(m);
        }
        while (true) {
            skipWs();
            if (peek() != '"') throw error("expected a string key, got " + describe());
            int keyAt = pos;
            String key = string();
            skipWs();
            if (peek() != ':') throw error("expected ':' after key \"" + abbreviate(key) + "\", got " + describe());
            pos++;
            skipWs();
            Object v = value(depth);
            if (m.containsKey(key)) throw errorAt(keyAt, "duplicate key \"" + abbreviate(key) + "\"");
            m.put(key, v);
            skipWs();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return Collections.unmodifiableMap(m);
            } else {
                throw error("expected ',' or '}' in an object, got " + describe());
            }
        }
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        pos++; // '['
        ArrayList<Object> list = new ArrayList<>();
        skipWs();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWs();
            list.add(value(depth));
            skipWs();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            } else {
                throw error("expected ',' or ']' in an array, got " + describe());
            }
        }
    }

    private String string() {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= s.length()) throw errorAt(start, "unterminated string");
            char c = s.charAt(pos);
            if (c == '"') {
                String out = sb == null ? s.substring(runStart, pos) : sb.append(s, runStart, pos).toString();
                pos++;
                return out;
            }
            if (c < 0x20) throw error("control character 0x" + Integer.toHexString(c) + " inside a string (must be escaped)");
            if (c != '\\') {
                pos++;
                continue;
            }
            if (sb == null) sb = new StringBuilder();
            sb.append(s, runStart, pos);
            pos++;
            if (pos >= s.length()) throw errorAt(start, "unterminated string");
            char e = s.charAt(pos++);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(hex4());
                default -> throw errorAt(pos - 1, "invalid escape '\\" + printable(e) + "'");
            }
            runStart = pos;
        }
    }

    private char hex4() {
        if (pos + 4 > s.length()) throw error("truncated \\u escape");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) throw errorAt(pos + i, "invalid hex digit '" + printable(s.charAt(pos + i)) + "' in a \\u escape");
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Object number() {
        int start = pos;
        boolean integral = true;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) pos++;
        } else {
            throw error("expected a digit, got " + describe());
        }
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) throw error("expected a digit after '.', got " + describe());
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw error("expected a digit in the exponent, got " + describe());
            while (isDigit(peek())) pos++;
        }
        if (pos - start > MAX_NUMBER_CHARS) throw errorAt(start, "number longer than " + MAX_NUMBER_CHARS + " chars");
        String text = s.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                // falls through to a double, which an integer field then refuses by name
            }
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) throw errorAt(start, "number " + abbreviate(text) + " is out of range");
        return d;
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, pos)) throw error("expected '" + word + "', got " + describe());
        pos += word.length();
        return v;
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private char peek() { return pos < s.length() ? s.charAt(pos) : '\0'; }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private String describe() {
        return pos >= s.length() ? "end of text" : "'" + printable(s.charAt(pos)) + "'";
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    private static String abbreviate(String t) {
        return t.length() <= 60 ? t : t.substring(0, 57) + "...";
    }

    private CremaFormatException error(String msg) { return errorAt(pos, msg); }

    private CremaFormatException errorAt(int at, String msg) {
        return new CremaFormatException("JSON error at offset " + at + ": " + msg);
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes a value built from maps (string keys), lists/collections, arrays, strings, numbers,
     * booleans and null as compact JSON. Non-finite numbers and other types are an
     * {@link IllegalArgumentException}: the writer never produces text the reader would refuse.
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int depth) {
        if (depth > DEFAULT_MAX_DEPTH) throw new IllegalArgumentException("Json.write: nesting deeper than " + DEFAULT_MAX_DEPTH + " (a cycle?)");
        switch (v) {
            case null -> sb.append("null");
            case String str -> quote(sb, str);
            case Boolean b -> sb.append(b);
            case Long l -> sb.append(l);
            case Integer i -> sb.append(i);
            case Short i -> sb.append(i);
            case Byte i -> sb.append(i);
            case Double d -> sb.append(finite(d));
            case Float f -> {
                if (!Float.isFinite(f)) throw new IllegalArgumentException("Json.write: non-finite number " + f);
                sb.append(Float.toString(f));
            }
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    if (!(e.getKey() instanceof String k)) throw new IllegalArgumentException("Json.write: object keys must be strings, got " + e.getKey());
                    if (!first) sb.append(',');
                    first = false;
                    quote(sb, k);
                    sb.append(':');
                    write(sb, e.getValue(), depth + 1);
                }
                sb.append('}');
            }
            case Collection<?> c -> {
                sb.append('[');
                boolean first = true;
                for (Object o : c) {
                    if (!first) sb.append(',');
                    first = false;
                    write(sb, o, depth + 1);
                }
                sb.append(']');
            }
            case int[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : ",").append(a[i]);
                sb.append(']');
            }
            case long[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : ",").append(a[i]);
                sb.append(']');
            }
            case double[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : ",").append(finite(a[i]));
                sb.append(']');
            }
            case Object[] a -> write(sb, java.util.Arrays.asList(a), depth);
            default -> throw new IllegalArgumentException("Json.write: cannot write a " + v.getClass().getName());
        }
    }

    private static String finite(double d) {
        if (!Double.isFinite(d)) throw new IllegalArgumentException("Json.write: non-finite number " + d);
        return Double.toString(d);
    }

    private static void quote(StringBuilder sb, String str) {
        sb.append('"');
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    // control characters and lone surrogates (which UTF-8 cannot carry) are escaped
                    boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < str.length() && Character.isLowSurrogate(str.charAt(i + 1));
                    boolean pairedLow = Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(str.charAt(i - 1));
                    if (c < 0x20 || (Character.isSurrogate(c) && !pairedHigh && !pairedLow)) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
