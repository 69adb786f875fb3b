package org.crema.data.io;

import java.util.List;

/**
 * How {@link CsvReader} reads a file. Start from {@link #defaults()} and change what differs:
 * <pre>{@code
 * CsvOptions.defaults().withLabel("species")                 // iris: string classes -> indices
 * CsvOptions.defaults().withHeader(false).withLabel(0)
 *           .withLabelType(CsvOptions.LabelType.INDEX).withNumClasses(10)
 * CsvOptions.defaults().withDelimiter(';').withComments(true).withFeatures("a", "c")
 * }</pre>
 * Column indices are 0-based and count every field of a row. Defaults: comma, header row, no
 * comments, no label column, every non-label column a feature, labels as class names.
 *
 * @param delimiter field separator; not a quote, CR or LF
 * @param header whether the first non-blank row names the columns
 * @param comments whether lines starting with {@code #} are skipped
 * @param labelName label column by header name, or null
 * @param labelIndex label column by index, or -1
 * @param labelType how label cells are read
 * @param featureNames feature columns by name, or null for "all but the label" (unless indices given)
 * @param featureIndices feature columns by index, or null
 * @param classes for {@link LabelType#CLASS}: the fixed class list (label = position), or null to
 *     collect the classes found, sorted (numerically if all are numbers)
 * @param numClasses for {@link LabelType#INDEX}: labels must be below this, or 0 for no bound
 * @param maxFieldChars longest field accepted; guards against a file with no line breaks
 * @param maxColumns most fields per row accepted
 */
public record CsvOptions(char delimiter, boolean header, boolean comments, String labelName, int labelIndex,
                         LabelType labelType, List<String> featureNames, int[] featureIndices, List<String> classes,
                         int numClasses, int maxFieldChars, int maxColumns) {

    /** How the label column is read. */
    public enum LabelType {
        /** Any number; returned as {@link CsvTable#targets()} (regression targets). */
        NUMERIC,
        /** A non-negative integer class index; returned as {@link CsvTable#labels()}. */
        INDEX,
        /** Any text naming a class; mapped to its index in {@link CsvTable#classes()}. */
        CLASS
    }

    public CsvOptions {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("CsvOptions: delimiter cannot be a quote, CR or LF");
        }
        if (labelName != null && labelIndex >= 0) {
            throw new IllegalArgumentException("CsvOptions: label column given both by name and by index");
        }
        if (labelIndex < -1) throw new IllegalArgumentException("CsvOptions: labelIndex must be >= 0 or -1, got " + labelIndex);
        if (featureNames != null && featureIndices != null) {
            throw new IllegalArgumentException("CsvOptions: feature columns given both by name and by index");
        }
        if (!header && (labelName != null || featureNames != null)) {
            throw new IllegalArgumentException("CsvOptions: columns can be chosen by name only when the file has a header");
        }
        if (labelType == null) throw new IllegalArgumentException("CsvOptions: labelType must be non-null");
        if (numClasses < 0) throw new IllegalArgumentException("CsvOptions: numClasses must be >= 0, got " + numClasses);
        if (maxFieldChars < 1 || maxColumns < 1) {
            throw new IllegalArgumentException("CsvOptions: limits must be >= 1, got maxFieldChars=" + maxFieldChars
                    + " maxColumns=" + maxColumns);
        }
        featureNames = featureNames == null ? null : List.copyOf(featureNames);
        featureIndices = featureIndices == null ? null : featureIndices.clone();
        if (featureIndices != null) {
            for (int i : featureIndices) {
                if (i < 0) throw new IllegalArgumentException("CsvOptions: negative feature column index " + i);
            }
        }
        if (classes != null) {
            classes = List.copyOf(classes);
            if (classes.isEmpty() || classes.stream().distinct().count() != classes.size()) {
                throw new IllegalArgumentException("CsvOptions: classes must be non-empty and distinct, got " + classes);
            }
        }
    }

    /** Comma, header row, no comments, no label column, all columns features. */
    public static CsvOptions defaults() {
        return new CsvOptions(',', true, false, null, -1, LabelType.CLASS, null, null, null, 0, 1 << 20, 1 << 16);
    }

    /** True if a label column is chosen. */
    public boolean hasLabel() {
        return labelName != null || labelIndex >= 0;
    }

    public CsvOptions withDelimiter(char d) {
        return new CsvOptions(d, header, comments, labelName, labelIndex, labelType, featureNames, featureIndices, classes, numClasses, maxFieldChars, maxColumns);
    }

    public CsvOptions withHeader(boolean h) {
        return new CsvOptions(delimiter, h, comments, labelName, labelIndex, labelType, featureNames, featureIndices, classes, numClasses, maxFieldChars, maxColumns);
    }

    public CsvOptions withComments(boolean c) {
        return new CsvOptions(delimiter, header, c, labelName, labelIndex, labelType, featureNames, featureIndices, classes, numClasses, maxFieldChars, maxColumns);
    }

    public CsvOptions withLabel(String name) {
        return new CsvOptions(delimiter, header, comments, name, -1, labelType, featureNames, featureIndices, classes, numClasses, maxFieldChars, maxColumns);
    }

    public CsvOptions withLabel(int index) {
        return new CsvOptions(delimiter, header, comments, null, index, labelType, featureNames, featureIndices, classes, numClasses, maxFieldChars, maxColumns);
    }

    public CsvOptions withoutLabel() {
        return new CsvOptions(delimiter, header, comments, null, -1, labelType, featureNames, featureIndices, classes, numClasses, maxFieldChars, maxColumns);
    }

    public CsvOptions withLabelType(LabelType t) {
        return new CsvOptions(delimiter, header, comments, labelName, labelIndex, t, featureNames, featureIndices, classes, numClasses, maxFieldChars, maxColumns);
    }

    public CsvOptions withFeatures(String... names) {
        return new CsvOptions(delimiter, header, comments, labelName, labelIndex, labelType, List.of(names), null, classes, numClasses, maxFieldChars, maxColumns);
    }

    public CsvOptions withFeatures(int... indices) {
        return new CsvOptions(delimiter, header, comments, labelName, labelIndex, labelType, null, indices, classes, numClasses, maxFieldChars, maxColumns);
    }

    /** Fixes the class list for {@link LabelType#CLASS} (and selects that type). */
    public CsvOptions withClasses(List<String> cls) {
        return new CsvOptions(delimiter, header, comments, labelName, labelIndex, LabelType.CLASS, featureNames, featureIndices, cls, numClasses, maxFieldChars, maxColumns);
    }

    /** Bounds {@link LabelType#INDEX} labels to {@code [0, n)} (and selects that type). */
    public CsvOptions withNumClasses(int n) {
        return new CsvOptions(delimiter, header, comments, labelName, labelIndex, LabelType.INDEX, featureNames, featureIndices, classes, n, maxFieldChars, maxColumns);
    }

    public CsvOptions withLimits(int maxFieldChars, int maxColumns) {
        return new CsvOptions(delimiter, header, comments, labelName, labelIndex, labelType, featureNames, featureIndices, classes, numClasses, maxFieldChars, maxColumns);
    }
}
