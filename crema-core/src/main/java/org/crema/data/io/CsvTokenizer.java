package org.crema.data.io;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records per RFC 4180, strictly: quoted fields may hold delimiters, line
 * breaks and doubled quotes; a quote inside an unquoted field, text after a closing quote, or an
 * unterminated quote is an error (a lenient reader would silently merge or split rows). Spaces
 * before an opening quote and after a closing quote are tolerated. CRLF, LF and lone CR all end a
 * record. Blank lines (nothing but spaces and tabs, and no delimiter) are skipped, as are, if asked,
 * lines whose first character is {@code #}. A leading UTF-8 byte-order mark is dropped.
 */
final class CsvTokenizer {
    private static final int EOF = -1;

    private final Reader in;
    private final String src;
    private final char delim;
    private final boolean comments;
    private final int maxFieldChars;
    private final int maxColumns;

    private final char[] buf = new char[1 << 14];
    private int pos;
    private int len;
    private int pushedBack = -2;
    private long line = 1;
    private long recordLine;
    private boolean first = true;

    CsvTokenizer(Reader in, String src, CsvOptions o) {
        this.in = in;
        this.src = src;
        this.delim = o.delimiter();
        this.comments = o.comments();
        this.maxFieldChars = o.maxFieldChars();
        this.maxColumns = o.maxColumns();
    }

    /** Physical line (1-based) on which the last returned record started. */
    long recordLine() {
        return recordLine;
    }

    /** The next non-blank, non-comment record, or null at end of input. */
    List<String> next() throws IOException {
        while (true) {
            int c = read();
            if (first) {
                first = false;
                if (c == '\uFEFF') c = read();
            }
            if (c == EOF) return null;
            recordLine = line;
            if (comments && c == '#') {
                skipLine();
                continue;
            }
            unread(c);
            List<String> rec = new ArrayList<>();
            boolean anyQuoted = readRecord(rec);
            if (!anyQuoted && rec.size() == 1 && rec.getFirst().isBlank()) continue;
            return rec;
        }
    }

    /** Reads one record's fields into {@code out}; returns whether any field was quoted. */
    private boolean readRecord(List<String> out) throws IOException {
        StringBuilder f = new StringBuilder();
        boolean anyQuoted = false;
        while (true) {
            f.setLength(0);
            int c = read();
            boolean quoted = false;
            // Unquoted part; a quote after nothing but spaces starts a quoted field.
            while (c != EOF && c != delim && c != '\n' && c != '\r') {
                if (c == '"') {
                    if (!f.toString().isBlank()) {
                        throw error("a quote inside an unquoted field (field " + (out.size() + 1)
                                + " starting '" + preview(f) + "'); quote the whole field and double inner quotes");
                    }
                    quoted = true;
                    break;
                }
                append(f, c, out.size());
                c = read();
            }
            if (quoted) {
                anyQuoted = true;
                f.setLength(0);
                long openLine = line;
                while (true) {
                    c = read();
                    if (c == EOF) {
                        throw new CremaDataException(CsvReader.KIND, src, "line " + openLine
                                + ": quoted field never closed (reached end of input)");
                    }
                    if (c == '"') {
                        c = read();
                        if (c != '"') break;
                    } else if (c == '\n' || (c == '\r' && peekNotLf())) {
                        line++;
                    }
                    append(f, c, out.size());
                }
                while (c == ' ' || c == '\t') c = read();
                if (c != EOF && c != delim && c != '\n' && c != '\r') {
                    throw error("unexpected character '" + printable(c) + "' after the closing quote of field "
                            + (out.size() + 1) + "; expected the delimiter or end of line");
                }
            }
            out.add(f.toString());
            if (out.size() > maxColumns) throw error("more than " + maxColumns + " fields in one row");
            if (c == delim) continue;
            endLine(c);
            return anyQuoted;
        }
    }

    private void endLine(int c) throws IOException {
        if (c == '\r') {
            int d = read();
            if (d != '\n') unread(d);
        }
        if (c != EOF) line++;
    }

    private void skipLine() throws IOException {
        int c;
        do c = read(); while (c != EOF && c != '\n' && c != '\r');
        endLine(c);
    }

    /** For a CR inside a quoted field: true unless an LF follows (then the LF counts the line). */
    private boolean peekNotLf() throws IOException {
        int d = read();
        unread(d);
        return d != '\n';
    }

    private void append(StringBuilder f, int c, int fieldIndex) throws CremaDataException {
        if (f.length() >= maxFieldChars) {
            throw error("field " + (fieldIndex + 1) + " is longer than " + maxFieldChars
                    + " characters (missing line breaks or an unbalanced quote?)");
        }
        f.append((char) c);
    }

    private CremaDataException error(String what) {
        return new CremaDataException(CsvReader.KIND, src, "line " + line + ": " + what);
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return EOF;
            }
        }
        return buf[pos++];
    }

    private void unread(int c) {
        pushedBack = c;
    }

    private static String preview(CharSequence s) {
        return s.length() <= 20 ? s.toString() : s.subSequence(0, 20) + "...";
    }

    static String printable(int c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c);
    }
}
