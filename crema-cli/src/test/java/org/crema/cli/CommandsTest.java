package org.crema.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each command in-process: exit codes, the one-line reasons, and what it writes. */
class CommandsTest {
    @TempDir
    static Path dir;

    static Path model;

    /** One small model for the commands that read one: an MLP on 300 generated images. */
    @BeforeAll
    static void trainOnce() {
        model = dir.resolve("mlp/model.crema");
        Cli r = Cli.run("train", "--model", "mlp", "--data", "synthetic", "--limit", "300", "--test-limit", "200",
                "--epochs", "2", "--batch-size", "32", "-q", "--output", model.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Test accuracy: "), r.toString());
        assertTrue(r.out().contains("Model:  " + model), r.toString());
    }

    @Test
    void trainWritesTheModelTheReportAndTheCharts() {
        Path d = model.getParent();
        for (String f : List.of("model.crema", "report.txt", "confusion-matrix.png", "roc.png", "precision-recall.png", "training-curves.png")) {
            assertTrue(Files.isRegularFile(d.resolve(f)), f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "predict", "summary", "demo"})
    void everyCommandHasHelp(String command) {
        Cli r = Cli.run(command, "--help");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("Usage: crema " + command), r.toString());
    }

    @Test
    void helpListsTheCommands() {
        String out = Cli.run("--help").out();
        for (String c : List.of("demo", "train", "evaluate", "predict", "summary")) assertTrue(out.contains("  " + c + " "), out);
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli r = Cli.run("fly");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.reason().contains("fly"), r.toString());
    }

    @Test
    void trainWithoutModelNamesTheMissingOption() {
        Cli r = Cli.run("train");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.reason().startsWith("crema train: Missing required option: '--model"), r.toString());
        assertTrue(r.err().contains("Usage: crema train"), r.toString());
    }

    @Test
    void unknownRecipeIsAUsageError() {
        Cli r = Cli.run("train", "--model", "resnet");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.reason().contains("'resnet' is neither a recipe (mlp, cnn, lenet, linear)"), r.toString());
    }

    @Test
    void badNumbersAreUsageErrors() {
        assertEquals(2, Cli.run("train", "--model", "mlp", "--epochs", "0").code());
        assertEquals(2, Cli.run("train", "--model", "mlp", "--epochs", "many").code());
        assertEquals(2, Cli.run("train", "--model", "mlp", "--lr", "-1").code());
        assertEquals(2, Cli.run("train", "--model", "mlp", "--optimizer", "lbfgs").code());
        assertEquals(2, Cli.run("train", "--model", "mlp", "--threads", "0").code());
        Cli r = Cli.run("train", "--model", "mlp", "--batch-size", "-3");
        assertEquals("crema train: --batch-size must be at least 1, got -3", r.reason(), r.toString());
        Cli sched = Cli.run("train", "--model", "mlp", "--schedule", "step");
        assertEquals(2, sched.code(), sched.toString());
        assertEquals("crema train: --schedule 'step' is not one of none, linear, cosine", sched.reason(), sched.toString());
    }

    @Test
    void theCnnRecipeDefaultsToBatch32AndADecayingRateAndSaysSo() {
        Path out = dir.resolve("cnn/model.crema");
        Cli r = Cli.run("train", "--model", "cnn", "--data", "synthetic", "--limit", "96", "--test-limit", "50", "-q",
                "--output", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("1 epoch, batch 32, adam lr 0.002 (linear decay to 0 over the run)"), r.toString());
        Cli flags = Cli.run("train", "--model", "cnn", "--data", "synthetic", "--limit", "64", "--test-limit", "50", "-q",
                "--batch-size", "64", "--lr", "0.001", "--schedule", "none", "--output", out.toString());
        assertEquals(0, flags.code(), flags.toString());
        assertTrue(flags.out().contains("1 epoch, batch 64, adam lr 0.001 (constant)"), flags.toString());
    }

    @Test
    void missingDatasetIsOneLineAndExitOne() {
        Cli r = Cli.run("train", "--model", "mlp", "--data", dir.resolve("no-such-data").toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.reason().contains("no-such-data") && r.reason().contains("neither a known name"), r.toString());
    }

    @Test
    void cnnOnTabularDataSaysWhy() throws Exception {
        StringBuilder sb = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 20; i++) sb.append(i).append(',').append(i % 3).append(',').append(i % 2).append('\n');
        Path csv = Files.writeString(dir.resolve("tab.csv"), sb.toString());
        Cli r = Cli.run("train", "--model", "cnn", "--data", csv.toString(), "-q");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.reason().contains("recipe cnn needs images"), r.toString());
    }

    @Test
    void evaluateWritesTheReportBesideTheCharts() throws Exception {
        Path out = dir.resolve("eval");
        Cli r = Cli.run("evaluate", model.toString(), "--limit", "100", "--output", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("Accuracy: "), r.toString());
        String report = Files.readString(out.resolve("report.txt"));
        assertTrue(report.contains("accuracy:") && report.contains("Per-class report:") && report.contains("Confusion matrix"), report);
        assertTrue(Files.size(out.resolve("confusion-matrix.png")) > 1000);
    }

    @Test
    void evaluateOfAMissingModelIsOneLine() {
        Cli r = Cli.run("evaluate", dir.resolve("missing.crema").toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.reason().contains("missing.crema"), r.toString());
    }

    @Test
    void evaluateOfACorruptModelIsOneLine() throws Exception {
        Path bad = Files.write(dir.resolve("corrupt.crema"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
        Cli r = Cli.run("evaluate", bad.toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.reason().contains("corrupt.crema"), r.toString());
    }

    @Test
    void evaluateWithoutModelIsAUsageError() {
        Cli r = Cli.run("evaluate");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.reason().contains("MODEL"), r.toString());
    }

    @Test
    void predictWritesOneCsvRowPerExample() throws Exception {
        Path csv = dir.resolve("pred.csv");
        Cli r = Cli.run("predict", model.toString(), "synthetic", "--limit", "7", "--output", csv.toString());
        assertEquals(0, r.code(), r.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(8, lines.size());
        assertTrue(lines.get(0).startsWith("index,predicted,predicted_name,probability,label,p_0,"), lines.get(0));
        assertEquals(5 + 10, lines.get(1).split(",").length, lines.get(1));
    }

    @Test
    void predictReadsAFeatureCsv() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < 3; row++) {
            for (int i = 0; i < 784; i++) sb.append(i == 0 ? "" : ",").append((row * 31 + i) % 7 / 7.0);
            sb.append('\n');
        }
        Path in = Files.writeString(dir.resolve("features.csv"), sb.toString());
        Cli r = Cli.run("predict", model.toString(), in.toString(), "--output", "-");
        assertEquals(0, r.code(), r.toString());
        assertEquals(4, r.out().lines().count(), r.out());
        assertTrue(r.out().startsWith("index,predicted,predicted_name,probability,p_0"), r.out());
    }

    @Test
    void predictRefusesACsvOfTheWrongWidth() throws Exception {
        Path in = Files.writeString(dir.resolve("narrow.csv"), "1,2,3\n4,5,6\n");
        Cli r = Cli.run("predict", model.toString(), in.toString(), "--output", "-");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.reason().contains("has 3 columns but the model takes 784 input values"), r.toString());
    }

    @Test
    void summaryOfARecipeCountsTheParameters() {
        Cli r = Cli.run("summary", "cnn");
        assertEquals(0, r.code(), r.toString());
        // conv 320 + conv 18,496 + fc 401,536 + fc 1,290
        assertTrue(r.out().contains("421,642"), r.toString());
    }

    @Test
    void summaryOfASavedModel() {
        Cli r = Cli.run("summary", model.toString());
        assertEquals(0, r.code(), r.toString());
        // 784*256+256 + 256*128+128 + 128*10+10
        assertTrue(r.out().contains("235,146"), r.toString());
    }

    @Test
    void summaryOfNothingKnownIsAUsageError() {
        Cli r = Cli.run("summary", "no-such-thing");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.reason().contains("neither a model file, a recipe"), r.toString());
    }

    @Test
    void demoRunsEndToEndOnASubset() {
        Path out = dir.resolve("demo");
        Cli r = Cli.run("demo", "--limit", "200", "--test-limit", "100", "-q", "--output", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Test accuracy: "), r.toString());
        assertTrue(r.out().contains("Model:  " + out.resolve("model.crema")), r.toString());
        assertTrue(Files.isRegularFile(out.resolve("report.txt")));
    }

    static final String SMALL_MLP_JSON = """
            {"type": "Sequential", "layers": [
              {"type": "Flatten"},
              {"type": "Linear", "in_features": 784, "out_features": 32},
              {"type": "ReLU"},
              {"type": "Linear", "in_features": 32, "out_features": 10}
            ]}
            """;

    @Test
    void trainsAJsonModelDescription() throws Exception {
        Path json = Files.writeString(dir.resolve("small.json"), SMALL_MLP_JSON);
        Path out = dir.resolve("json/model.crema");
        Cli r = Cli.run("train", "--model", json.toString(), "--data", "synthetic", "--limit", "200", "--test-limit", "100",
                "-q", "--output", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Test accuracy: "), r.toString());
        Cli s = Cli.run("summary", out.toString());
        assertTrue(s.out().contains("25,450"), s.toString());   // 784*32+32 + 32*10+10
        Cli js = Cli.run("summary", json.toString(), "--input-shape", "1,28,28");
        assertEquals(0, js.code(), js.toString());
        assertTrue(js.out().contains("25,450"), js.toString());
    }

    @Test
    void aJsonModelWithTheWrongOutputSizeSaysSo() throws Exception {
        Path json = Files.writeString(dir.resolve("seven.json"), SMALL_MLP_JSON.replace("\"out_features\": 10", "\"out_features\": 7"));
        Cli r = Cli.run("train", "--model", json.toString(), "--data", "synthetic", "--limit", "50", "-q");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.reason().contains("the last layer needs 10 outputs"), r.toString());
    }

    @Test
    void aBrokenJsonModelDescriptionIsOneLine() throws Exception {
        Path json = Files.writeString(dir.resolve("broken.json"), "{\"type\": \"Sequential\", \"layers\": [{\"type\": \"Linaer\"}]}");
        Cli r = Cli.run("train", "--model", json.toString(), "--data", "synthetic", "--limit", "50", "-q");
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.reason().contains("broken.json") && r.reason().contains("Linaer"), r.toString());
    }
}
