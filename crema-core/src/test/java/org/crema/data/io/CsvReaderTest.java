package org.crema.data.io;

import static org.crema.data.io.TestData.write;
import static org.junit.jupiter.api.Assertions.*;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crema.data.io.CsvOptions.LabelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir Path dir;

    private static final CsvOptions DEF = CsvOptions.defaults();

    private static CsvTable read(String text, CsvOptions o) throws CremaDataException {
        return CsvReader.read(new StringReader(text), "t.csv", o);
    }

    private static CremaDataException fails(String text, CsvOptions o, String... parts) {
        CremaDataException e = assertThrows(CremaDataException.class, () -> read(text, o));
        assertTrue(e.getMessage().startsWith("CSV file t.csv: "), e.getMessage());
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' lacks '" + p + "'");
        return e;
    }

    @Test
    void headerFeaturesAndStringClasses() throws Exception {
        String iris = "sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,6.0,virginica\n4.9,1.4,setosa\n";
        CsvTable t = read(iris, DEF.withLabel("species"));
        assertEquals(List.of("sepal", "petal"), t.featureNames());
        assertEquals(4, t.rows());
        assertEquals(2, t.cols());
        assertArrayEquals(new int[] {4, 2}, t.shape());
        assertArrayEquals(new float[] {5.1f, 1.4f, 7.0f, 4.7f, 6.3f, 6.0f, 4.9f, 1.4f}, t.features());
        assertEquals("species", t.labelName());
        assertEquals(List.of("setosa", "versicolor", "virginica"), t.classes());
        assertArrayEquals(new long[] {0, 1, 2, 0}, t.labels());
        assertNull(t.targets());
    }

    @Test
    void classesAreSortedSoSplitsAgree() throws Exception {
        CsvTable a = read("x,y\n1,b\n2,a\n", DEF.withLabel("y"));
        assertEquals(List.of("a", "b"), a.classes());
        assertArrayEquals(new long[] {1, 0}, a.labels());
        // Numeric class names sort numerically, not as text.
        CsvTable n = read("x,y\n1,10\n2,9\n3,2\n", DEF.withLabel(1));
        assertEquals(List.of("2", "9", "10"), n.classes());
        assertArrayEquals(new long[] {2, 1, 0}, n.labels());
    }

    @Test
    void fixedClassList() throws Exception {
        CsvOptions o = DEF.withLabel("y").withClasses(List.of("dog", "cat"));
        assertArrayEquals(new long[] {1, 0}, read("x,y\n1,cat\n2,dog\n", o).labels());
        assertEquals(List.of("dog", "cat"), read("x,y\n1,cat\n", o).classes());
        fails("x,y\n1,cat\n2,cow\n", o, "line 3, column 2 ('y'): label 'cow' is not one of the classes [dog, cat]");
    }

    @Test
    void numericTargets() throws Exception {
        CsvTable t = read("a,target\n1,0.5\n2,-3e2\n", DEF.withLabel("target").withLabelType(LabelType.NUMERIC));
        assertArrayEquals(new float[] {0.5f, -300f}, t.targets());
        assertNull(t.labels());
        assertTrue(t.classes().isEmpty());
    }

    @Test
    void integerIndexLabelsWithNumClasses() throws Exception {
        CsvOptions o = DEF.withHeader(false).withLabel(0).withNumClasses(3);
        CsvTable t = read("2,0.1,0.2\n0,0.3,0.4\n", o);
        assertArrayEquals(new long[] {2, 0}, t.labels());
        assertEquals(List.of("c1", "c2"), t.featureNames());
        fails("2,0.1,0.2\n3,0.3,0.4\n", o, "line 2, column 1 ('c0'): label 3 is outside [0, 3)");
        fails("-1,0.1,0.2\n", o, "label '-1' is not a non-negative integer");
        fails("1.5,0.1,0.2\n", o, "label '1.5' is not a non-negative integer");
    }

    @Test
    void noLabelAllColumnsAreFeatures() throws Exception {
        CsvTable t = read("a,b\n1,2\n", DEF);
        assertFalse(t.hasLabels());
        assertNull(t.labels());
        assertEquals(List.of("a", "b"), t.featureNames());
    }

    @Test
    void chosenFeatureColumnsByNameAndIndex() throws Exception {
        String text = "a,b,c,d\n1,2,3,x\n5,6,7,y\n";
        CsvTable byName = read(text, DEF.withFeatures("c", "a").withLabel("d"));
        assertEquals(List.of("c", "a"), byName.featureNames());
        assertArrayEquals(new float[] {3, 1, 7, 5}, byName.features());
        CsvTable byIndex = read(text, DEF.withFeatures(1).withLabel(3));
        assertArrayEquals(new float[] {2, 6}, byIndex.features());
        // An unchosen text column need not be numeric.
        assertArrayEquals(new float[] {1, 5}, read("a,note\n1,hello\n5,world\n", DEF.withFeatures("a")).features());
    }

    @Test
    void quotedFieldsPerRfc4180() throws Exception {
        String text = "\"a,1\",\"b \"\"q\"\"\",label\r\n\"1\",2,\"multi\r\nline, with comma\"\r\n 3 ,\" 4\",plain\r\n";
        CsvTable t = read(text, DEF.withLabel(2));
        assertEquals(List.of("a,1", "b \"q\""), t.featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4}, t.features());
        assertEquals(List.of("multi\r\nline, with comma", "plain"), t.classes());
    }

    @Test
    void spacesAroundQuotesAreTolerated() throws Exception {
        assertArrayEquals(new float[] {1, 2}, read("a,b\n  \"1\"  , \"2\"\n", DEF).features());
    }

    @Test
    void blankLinesCommentsBomAndOtherDelimiters() throws Exception {
        String text = "\uFEFF# generated\n\na;b\n\n  \n1;2\n# note\n3;4\n\n";
        CsvTable t = read(text, DEF.withDelimiter(';').withComments(true));
        assertEquals(List.of("a", "b"), t.featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4}, t.features());
        // Without comments enabled the # line is data and fails as a ragged row.
        fails("a,b\n#x\n1,2\n", DEF, "line 2: expected 2 fields (as in the header) but found 1");
        assertArrayEquals(new float[] {1, 2, 3, 4}, read("1\t2\n3\t4", DEF.withHeader(false).withDelimiter('\t')).features());
    }

    @Test
    void specialNumbers() throws Exception {
        float[] v = read("a,b,c,d,e,f\nNaN,-inf,+Infinity,.5,7.,1E-3\n", DEF).features();
        assertTrue(Float.isNaN(v[0]));
        assertEquals(Float.NEGATIVE_INFINITY, v[1]);
        assertEquals(Float.POSITIVE_INFINITY, v[2]);
        assertArrayEquals(new float[] {0.5f, 7f, 0.001f}, java.util.Arrays.copyOfRange(v, 3, 6));
    }

    @Test
    void raggedRowNamesLineAndCounts() {
        fails("a,b,c\n1,2,3\n\n4,5\n", DEF, "line 4: expected 3 fields (as in the header) but found 2");
        fails("1,2\n3,4,5\n", DEF.withHeader(false), "line 2: expected 2 fields (as in the first row) but found 3");
    }

    @Test
    void nonNumericCellNamesLineColumnAndText() {
        fails("a,b\n1,2\n3,abc\n", DEF, "line 3, column 2 ('b'): 'abc' is not a number");
        fails("a,b\n1,\n", DEF, "line 2, column 2 ('b'): empty cell");
        fails("a\n0x10\n", DEF, "'0x10' is not a number");
        fails("a\n1f\n", DEF, "'1f' is not a number");
        fails("a\n1e\n", DEF, "'1e' is not a number");
        fails("a\n1e999\n", DEF, "'1e999' is beyond float range");
    }

    @Test
    void quotingErrors() {
        fails("a,b\n1,\"2\n", DEF, "line 2: quoted field never closed");
        fails("a,b\n1,\"2\"x\n", DEF, "line 2: unexpected character 'x' after the closing quote of field 2");
        fails("a,b\n1,2\"3\n", DEF, "line 2: a quote inside an unquoted field (field 2 starting '2')");
    }

    @Test
    void limitsGuardAgainstRunawayFields() {
        fails("a\n" + "1".repeat(100) + "\n", DEF.withLimits(50, 10), "field 1 is longer than 50 characters");
        fails("1,2,3,4\n", DEF.withHeader(false).withLimits(50, 3), "more than 3 fields in one row");
    }

    @Test
    void emptyOrHeaderOnlyIsAnError() {
        fails("", DEF, "is empty: no header row");
        fails("\n\n  \n", DEF.withHeader(false), "is empty: no data rows");
        fails("a,b\n", DEF, "has a header but no data rows");
    }

    @Test
    void columnChoiceErrors() {
        fails("a,b\n1,2\n", DEF.withLabel("y"), "label column 'y' not in the header [a, b]");
        fails("a,a\n1,2\n", DEF.withFeatures("a"), "feature column 'a' appears more than once");
        fails("a,b\n1,2\n", DEF.withLabel(5), "label column index 5 but the header has only 2 fields");
        assertThrows(IllegalArgumentException.class, () -> read("a,b\n1,2\n", DEF.withLabel("a").withFeatures("a")));
        assertThrows(IllegalArgumentException.class, () -> DEF.withHeader(false).withLabel("a"));
        assertThrows(IllegalArgumentException.class, () -> DEF.withDelimiter('"'));
    }

    @Test
    void readsFilesAndReportsBadUtf8WithTheFileName() throws Exception {
        Path f = write(dir.resolve("d.csv"), "a,b\n1,2\n");
        assertArrayEquals(new float[] {1, 2}, CsvReader.read(f, DEF).features());
        assertEquals(f.toString(), CsvReader.read(f, DEF).source());
        Path bad = dir.resolve("bad.csv");
        Files.write(bad, "a\n1\n\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        CremaDataException e = assertThrows(CremaDataException.class, () -> CsvReader.read(bad, DEF));
        assertTrue(e.getMessage().startsWith("CSV file " + bad + ": not valid UTF-8"), e.getMessage());
        assertThrows(CremaDataException.class, () -> CsvReader.read(dir.resolve("none.csv"), DEF));
        assertThrows(CremaDataException.class, () -> CsvReader.read(dir, DEF));
    }

    @Test
    void manyRowsGrowTheBuffers() throws Exception {
        StringBuilder s = new StringBuilder("x,y\n");
        for (int i = 0; i < 5000; i++) s.append(i).append(',').append(i % 3).append('\n');
        CsvTable t = read(s.toString(), DEF.withLabel("y").withNumClasses(3));
        assertEquals(5000, t.rows());
        assertEquals(4999f, t.features()[4999]);
        assertEquals(4999 % 3, t.labels()[4999]);
    }
}
