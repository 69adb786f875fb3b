package org.crema.data.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a delimited text file (UTF-8) into a numeric feature table plus optional labels; see
 * {@link CsvOptions} for the choices and {@link CsvTokenizer} for the quoting rules.
 *
 * <p>Every row must have as many fields as the header (or, without a header, the first row); a
 * ragged row is an error naming the line and both counts. Every feature cell must be a number:
 * optional sign, digits with an optional point, optional exponent, or {@code NaN}/{@code Inf}/
 * {@code Infinity} in any case; surrounding spaces are ignored, and an empty cell, text, or a
 * finite number beyond float range is an error naming line, column and text. A file with no data
 * rows is an error, not an empty table. All errors are {@link CremaDataException}s.
 */
public final class CsvReader {
    static final String KIND = "CSV file";

    private CsvReader() {}

    /** Reads a UTF-8 file. */
    public static CsvTable read(Path file, CsvOptions options) throws CremaDataException {
        String src = file.toString();
        if (Files.isDirectory(file)) throw new CremaDataException(KIND, src, "is a directory, expected a file");
        try (Reader r = new BufferedReader(new InputStreamReader(Streams.open(file, KIND),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
            return read(r, src, options);
        } catch (CremaDataException e) {
            throw e;
        } catch (IOException e) {
            throw new CremaDataException(KIND, src, "cannot read: " + e, e);
        }
    }

    /** Reads CSV text from {@code in} (not closed); {@code sourceName} names it in messages. */
    public static CsvTable read(Reader in, String sourceName, CsvOptions options) throws CremaDataException {
        CsvTokenizer tok = new CsvTokenizer(in, sourceName, options);
        try {
            return new Parse(tok, sourceName, options).run();
        } catch (CharacterCodingException e) {
            throw new CremaDataException(KIND, sourceName, "not valid UTF-8 text (after line " + tok.recordLine() + ")", e);
        } catch (CremaDataException e) {
            throw e;
        } catch (IOException e) {
            throw new CremaDataException(KIND, sourceName, "cannot read: " + e, e);
        }
    }

    /** State of one read: column choice from the first row, then growing output buffers. */
    private static final class Parse {
        final CsvTokenizer tok;
        final String src;
        final CsvOptions o;
        List<String> names;
        int width;
        int[] featureCols;
        int labelCol = -1;
        float[] features = new float[1024];
        long cells;
        int rows;
        float[] targets;
        long[] labels;
        final Map<String, Integer> seen = new HashMap<>();
        final List<String> seenOrder = new ArrayList<>();

        Parse(CsvTokenizer tok, String src, CsvOptions o) {
            this.tok = tok;
            this.src = src;
            this.o = o;
        }

        CsvTable run() throws IOException {
            List<String> rec = tok.next();
            if (rec == null) throw err("is empty: no " + (o.header() ? "header row" : "data rows"));
            width = rec.size();
            if (o.header()) {
                names = rec.stream().map(String::strip).toList();
                rec = tok.next();
                if (rec == null) throw err("has a header but no data rows");
            } else {
                List<String> n = new ArrayList<>();
                for (int i = 0; i < width; i++) n.add("c" + i);
                names = n;
            }
            chooseColumns();
            if (o.hasLabel()) {
                if (o.labelType() == CsvOptions.LabelType.NUMERIC) targets = new float[64];
                else labels = new long[64];
            }
            for (; rec != null; rec = tok.next()) row(rec);
            return finish();
        }

        void chooseColumns() throws CremaDataException {
            String layout = o.header() ? "the header" : "the first row";
            if (o.labelName() != null) labelCol = byName(o.labelName(), "label");
            else if (o.labelIndex() >= 0) labelCol = byIndex(o.labelIndex(), "label", layout);
            int[] cols;
            if (o.featureNames() != null) {
                cols = new int[o.featureNames().size()];
                for (int i = 0; i < cols.length; i++) cols[i] = byName(o.featureNames().get(i), "feature");
            } else if (o.featureIndices() != null) {
                cols = o.featureIndices().clone();
                for (int c : cols) byIndex(c, "feature", layout);
            } else {
                cols = java.util.stream.IntStream.range(0, width).filter(c -> c != labelCol).toArray();
            }
            if (labelCol >= 0 && Arrays.stream(cols).anyMatch(c -> c == labelCol)) {
                throw new IllegalArgumentException("CsvReader: label column " + names.get(labelCol) + " is also chosen as a feature");
            }
            if (Arrays.stream(cols).distinct().count() != cols.length) {
                throw new IllegalArgumentException("CsvReader: a feature column is chosen twice: " + Arrays.toString(cols));
            }
            featureCols = cols;
        }

        int byName(String name, String role) throws CremaDataException {
            int at = names.indexOf(name);
            if (at < 0) throw err(role + " column '" + name + "' not in the header " + names);
            if (names.lastIndexOf(name) != at) throw err(role + " column '" + name + "' appears more than once in the header");
            return at;
        }

        int byIndex(int index, String role, String layout) throws CremaDataException {
            if (index >= width) {
                throw err(role + " column index " + index + " but " + layout + " has only " + width + " fields");
            }
            return index;
        }

        void row(List<String> rec) throws CremaDataException {
            long line = tok.recordLine();
            if (rec.size() != width) {
                throw err("line " + line + ": expected " + width + " fields (as in " + (o.header() ? "the header" : "the first row")
                        + ") but found " + rec.size());
            }
            if (cells + featureCols.length > Streams.MAX_ARRAY) {
                throw err("line " + line + ": more than " + Streams.MAX_ARRAY + " feature cells, too many for one array");
            }
            if (cells + featureCols.length > features.length) {
                features = Arrays.copyOf(features, (int) Math.min(Streams.MAX_ARRAY,
                        Math.max(cells + featureCols.length, 2L * features.length)));
            }
            for (int c : featureCols) features[(int) cells++] = number(rec.get(c), line, c);
            if (labelCol >= 0) label(rec.get(labelCol), line);
            rows++;
        }

        void label(String cell, long line) throws CremaDataException {
            if (targets != null) {
                if (rows == targets.length) targets = Arrays.copyOf(targets, grow(rows));
                targets[rows] = number(cell, line, labelCol);
                return;
            }
            if (rows == labels.length) labels = Arrays.copyOf(labels, grow(rows));
            String s = cell.strip();
            if (o.labelType() == CsvOptions.LabelType.INDEX) {
                long v = index(s, line);
                if (o.numClasses() > 0 && v >= o.numClasses()) {
                    throw err(at(line, labelCol) + "label " + v + " is outside [0, " + o.numClasses() + ")");
                }
                labels[rows] = v;
            } else if (o.classes() != null) {
                int k = o.classes().indexOf(s);
                if (k < 0) throw err(at(line, labelCol) + "label '" + s + "' is not one of the classes " + o.classes());
                labels[rows] = k;
            } else {
                if (s.isEmpty()) throw err(at(line, labelCol) + "empty label");
                Integer k = seen.get(s);
                if (k == null) {
                    k = seenOrder.size();
                    seen.put(s, k);
                    seenOrder.add(s);
                }
                labels[rows] = k;
            }
        }

        int grow(int n) throws CremaDataException {
            if (n >= Streams.MAX_ARRAY) throw err("more than " + Streams.MAX_ARRAY + " rows");
            return (int) Math.min(Streams.MAX_ARRAY, 2L * n);
        }

        CsvTable finish() {
            float[] x = Arrays.copyOf(features, (int) cells);
            List<String> classes = List.of();
            long[] y = labels == null ? null : Arrays.copyOf(labels, rows);
            if (y != null && o.labelType() == CsvOptions.LabelType.CLASS) {
                if (o.classes() != null) {
                    classes = o.classes();
                } else {
                    // Sorted, not first-seen, so a train and a test file with the same classes agree.
                    List<String> sorted = new ArrayList<>(seenOrder);
                    boolean numeric = sorted.stream().allMatch(s -> parseFloat(s) != null);
                    sorted.sort(numeric ? Comparator.comparingDouble((String s) -> parseFloat(s)).thenComparing(s -> s)
                            : Comparator.naturalOrder());
                    long[] remap = new long[sorted.size()];
                    for (int i = 0; i < sorted.size(); i++) remap[seen.get(sorted.get(i))] = i;
                    for (int i = 0; i < y.length; i++) y[i] = remap[(int) y[i]];
                    classes = sorted;
                }
            }
            List<String> fnames = Arrays.stream(featureCols).mapToObj(names::get).toList();
            return new CsvTable(src, fnames, x, rows, labelCol < 0 ? null : names.get(labelCol),
                    targets == null ? null : Arrays.copyOf(targets, rows), y, classes);
        }

        float number(String cell, long line, int col) throws CremaDataException {
            String s = cell.strip();
            if (s.isEmpty()) throw err(at(line, col) + "empty cell, expected a number");
            Float v = parseFloat(s);
            if (v == null) throw err(at(line, col) + "'" + preview(s) + "' is not a number");
            if (Float.isInfinite(v) && !isInfinityWord(s)) {
                throw err(at(line, col) + "'" + preview(s) + "' is beyond float range");
            }
            return v;
        }

        long index(String s, long line) throws CremaDataException {
            if (s.isEmpty()) throw err(at(line, labelCol) + "empty label, expected a class index");
            int i = s.charAt(0) == '+' ? 1 : 0;
            if (i == s.length() || s.length() - i > 18 || !s.substring(i).chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw err(at(line, labelCol) + "label '" + preview(s) + "' is not a non-negative integer class index");
            }
            return Long.parseLong(s.substring(i));
        }

        String at(long line, int col) {
            return "line " + line + ", column " + (col + 1) + " ('" + preview(names.get(col)) + "'): ";
        }

        CremaDataException err(String what) {
            return new CremaDataException(KIND, src, what);
        }
    }

    /** Strict decimal float, or NaN/Inf/Infinity in any case; null if {@code s} is anything else. */
    static Float parseFloat(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        String rest = s.substring(i);
        if (rest.equalsIgnoreCase("nan")) return Float.NaN;
        if (isInfinityWord(rest)) return s.charAt(0) == '-' ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') { i++; digits++; }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') { i++; digits++; }
        }
        if (digits == 0) return null;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exp = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') { i++; exp++; }
            if (exp == 0) return null;
        }
        return i == n ? Float.parseFloat(s) : null;
    }

    private static boolean isInfinityWord(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    private static String preview(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
