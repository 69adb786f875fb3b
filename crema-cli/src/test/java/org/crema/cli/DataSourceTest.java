package org.crema.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crema.data.Labeled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourceTest {
    @TempDir
    Path dir;

    @Test
    void aMissingDatasetIsOneClearLine() {
        CliException e = assertThrows(CliException.class, () -> DataSource.load(dir.resolve("nope").toString(), 1));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertTrue(e.getMessage().contains("neither a known name"), e.getMessage());
    }

    @Test
    void aCsvFileIsSplitEightyTwentyWithTheSeed() throws Exception {
        StringBuilder sb = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 50; i++) sb.append(i).append(',').append(i * 2).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        Path csv = Files.writeString(dir.resolve("t.csv"), sb.toString());
        DataSource d = DataSource.load(csv.toString(), 3);
        assertEquals(40, d.train().size());
        assertEquals(10, d.test().size());
        assertEquals(2, d.train().numClasses());
        Labeled again = DataSource.loadTest(csv.toString(), 3);
        assertEquals(d.test().x().toString(), again.x().toString());
    }

    @Test
    void limitTakesTheFirstExamples() {
        Labeled s = DataSource.load("synthetic", 1).train();
        assertEquals(100, DataSource.limit(s, 100).size());
        assertEquals(s.size(), DataSource.limit(s, 0).size());
    }
}
