package org.crema.data.io;

import java.util.List;

/**
 * A CSV file read as a numeric table.
 *
 * @param source the file or source name
 * @param featureNames names of the feature columns, in order (header names, or {@code c0, c1, ...}
 *     by column index when there is no header)
 * @param features row-major {@code [rows, featureNames.size()]}
 * @param rows number of data rows
 * @param labelName name of the label column, or null if none was chosen
 * @param targets label values for {@link CsvOptions.LabelType#NUMERIC}, else null
 * @param labels class indices for {@link CsvOptions.LabelType#INDEX} and {@code CLASS}, else null
 * @param classes for {@code CLASS}: the class names, index = label; empty otherwise
 */
public record CsvTable(String source, List<String> featureNames, float[] features, int rows, String labelName,
                       float[] targets, long[] labels, List<String> classes) {

    public CsvTable {
        featureNames = List.copyOf(featureNames);
        classes = List.copyOf(classes);
        if ((long) rows * featureNames.size() != features.length) {
            throw new IllegalArgumentException("CsvTable: " + rows + " rows x " + featureNames.size()
                    + " columns != " + features.length + " values");
        }
        if ((targets != null && targets.length != rows) || (labels != null && labels.length != rows)) {
            throw new IllegalArgumentException("CsvTable: label count differs from row count " + rows);
        }
    }

    /** Number of feature columns. */
    public int cols() {
        return featureNames.size();
    }

    /** {@code [rows, cols]}, the shape of {@link #features()}. */
    public int[] shape() {
        return new int[] {rows, cols()};
    }

    /** True if a label column was read. */
    public boolean hasLabels() {
        return labelName != null;
    }

    @Override
    public String toString() {
        return "CsvTable[" + source + ", " + rows + "x" + cols() + (labelName == null ? "" : ", label " + labelName) + "]";
    }
}
