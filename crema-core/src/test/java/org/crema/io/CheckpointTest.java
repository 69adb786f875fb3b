package org.crema.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crema.Generator;
import org.crema.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    /** N steps straight vs k steps, save, fresh objects, restore, N - k steps: same losses and weights, bit for bit. */
    @Test
    void resumedTrainingIsBitIdentical() throws IOException {
        int n = 40, k = 17;
        TrainingRun straight = new TrainingRun();
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) expected.add(straight.step());

        TrainingRun first = new TrainingRun();
        List<Double> got = new ArrayList<>();
        for (int i = 0; i < k; i++) got.add(first.step());
        Path f = dir.resolve("ck.safetensors");
        first.checkpoint(k, Map.of("note", "half way")).save(f);
        for (int i = 0; i < 5; i++) first.step(); // the original goes on; the file must not change with it

        Generator.global().manualSeed(999); // a resumed process starts with some other RNG state
        TrainingRun resumed = new TrainingRun();
        Checkpoint ck = Checkpoint.load(f);
        assertEquals(k, ck.step());
        assertEquals(Map.of("note", "half way"), ck.metadata());
        resumed.restore(ck);
        for (int i = k; i < n; i++) got.add(resumed.step());

        assertEquals(expected, got, "losses bit for bit (Double.equals compares bits)");
        assertEquals(straight.digest(), resumed.digest(), "weights, optimizer state and RNG state");
    }

    /** SGD with momentum under a StepLR schedule, resumed mid-epoch: same losses, weights and learning rate. */
    @Test
    void resumedTrainingWithASchedulerIsBitIdentical() throws IOException {
        List<Double> straight = new ArrayList<>();
        Object[] a = schedRun(20, straight, null, -1);
        List<Double> resumed = new ArrayList<>();
        Path f = dir.resolve("sched.safetensors");
        schedRun(9, resumed, f, 9); // stops after writing the checkpoint at step 9
        Generator.global().manualSeed(4242);
        Object[] b = schedRun(20, resumed, f, -1);
        assertEquals(straight, resumed);
        assertEquals(a[0], b[0], "learning rate");
        assertEquals(a[1], b[1], "weights");
    }

    /** Runs to {@code steps}; resumes from {@code file} when it exists and no save step is given. */
    private static Object[] schedRun(int steps, List<Double> losses, Path file, int saveAt) throws IOException {
        Tensor.manualSeed(77);
        TinyNet model = new TinyNet(3, 5, 2);
        var opt = new org.crema.optim.SGD(model.parameters(), 0.1, 0.9);
        var sched = new org.crema.optim.lr.StepLR(opt, 2, 0.5);
        Tensor x = Tensor.randn(new Generator(1), 12, 3), y = Tensor.randn(new Generator(2), 12, 2);
        int start = 0;
        if (file != null && saveAt < 0) {
            Checkpoint ck = Checkpoint.load(file);
            ck.restore(model, opt, sched);
            start = (int) ck.step();
        }
        for (int s = start; s < steps; s++) {
            int i = Generator.global().nextInt(12);
            Tensor loss = org.crema.nn.Functional.mseLoss(model.forward(x.narrow(0, i, 1)), y.narrow(0, i, 1));
            opt.zeroGrad();
            loss.backward();
            opt.step();
            losses.add(loss.item());
            if ((s + 1) % 4 == 0) sched.step(); // an "epoch" of 4 steps
            if (s + 1 == saveAt) {
                Checkpoint.capture(model, opt, sched, (s + 1) / 4, s + 1, Map.of()).save(file);
                return null;
            }
        }
        return new Object[] {opt.getLr(), SafeTensors.toBytes(model.stateDict(), Map.of()).length + java.util.Arrays.toString(model.parameters().get(0).toFloatArray())};
    }

    @Test
    void roundTripKeepsEverySection() throws IOException {
        TrainingRun run = new TrainingRun();
        run.step();
        Map<String, Tensor> sched = Map.of("last_epoch", Tensor.scalar(3, org.crema.DType.INT64), "base_lrs", Tensor.of(new double[] {0.1}));
        Checkpoint ck = Checkpoint.capture(run.model, run.opt, sched, 2, 11, Map.of("a", "b"));
        Path f = dir.resolve("c.safetensors");
        ck.save(f);
        Checkpoint back = Checkpoint.load(f);
        assertEquals(2, back.epoch());
        assertEquals(11, back.step());
        assertArrayEquals(ck.rngState(), back.rngState());
        assertEquals(ck.model().keySet(), back.model().keySet());
        assertEquals(ck.optimizer().keySet(), back.optimizer().keySet());
        assertEquals(sched.keySet(), back.scheduler().keySet());
        assertEquals(3, back.scheduler().get("last_epoch").item());
        Map<String, String> meta = SafeTensors.metadata(f);
        assertEquals("checkpoint", meta.get(CremaMetadata.FORMAT));
        assertNotNull(meta.get(CremaMetadata.CREATED));
        assertEquals(CremaVersion.VERSION, meta.get(CremaMetadata.VERSION));
    }

    @Test
    void restoreNamesMismatchesAndChangesNothing() throws IOException {
        TrainingRun run = new TrainingRun();
        Checkpoint ck = run.checkpoint(0, Map.of());
        TinyNet other = new TinyNet(16, 50, 4);
        String before = SafeTensors.toBytes(other.stateDict(), Map.of()).length + "";
        var e = assertThrows(CremaFormatException.class, () -> ck.restore(other, null));
        assertTrue(e.getMessage().contains("'w1': the checkpoint has shape [48, 16], the model has [50, 16]"), e.getMessage());
        assertEquals(before, SafeTensors.toBytes(other.stateDict(), Map.of()).length + "");
    }

    @Test
    void refusesFilesThatAreNotCheckpoints() throws IOException {
        Path f = dir.resolve("w.safetensors");
        SafeTensors.save(Map.of("model.x", Tensor.ones(1)), f);
        var e = assertThrows(CremaFormatException.class, () -> Checkpoint.load(f));
        assertTrue(e.getMessage().contains("not a Crema checkpoint"), e.getMessage());
        SafeTensors.save(Map.of("model.x", Tensor.ones(1)), f, Map.of("crema.format", "checkpoint", "crema.epoch", "1", "crema.step", "-3",
                "crema.rng_state", "[1,2,3,4,5,6]"));
        e = assertThrows(CremaFormatException.class, () -> Checkpoint.load(f));
        assertTrue(e.getMessage().contains("crema.step must be a non-negative integer, got '-3'"), e.getMessage());
        SafeTensors.save(Map.of("stray", Tensor.ones(1)), f, Map.of("crema.format", "checkpoint", "crema.epoch", "1", "crema.step", "3",
                "crema.rng_state", "[1,2,3,4,5,6]"));
        e = assertThrows(CremaFormatException.class, () -> Checkpoint.load(f));
        assertTrue(e.getMessage().contains("'stray' belongs to no section"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(Map.of(), Map.of(), Map.of(), 0, 0, new long[6], Map.of("crema.x", "y")));
    }

    @Test
    void rotationKeepsLastNAndTheBest() throws IOException {
        CheckpointRotation rot = new CheckpointRotation(dir, "run", 2, CheckpointRotation.Mode.MIN);
        double[] losses = {5, 3, 1, 4, 6, 2, 7};
        for (int s = 1; s <= losses.length; s++) {
            int step = s;
            rot.save(step, losses[s - 1], out -> out.write(new byte[] {(byte) step}));
        }
        assertEquals(List.of(3L, 6L, 7L), rot.steps(), "last two (6, 7) and the best (3, loss 1)");
        assertEquals(rot.pathFor(7), rot.latest().orElseThrow());
        assertEquals(rot.pathFor(3), rot.best().orElseThrow());
        assertEquals(1.0, rot.bestMetric());

        // a stale temp file and foreign files are never taken for checkpoints
        Files.write(dir.resolve(".run-000000000099.safetensors.123.tmp"), new byte[] {1});
        Files.write(dir.resolve("run-99.safetensors"), new byte[] {1});
        Files.write(dir.resolve("other-000000000100.safetensors"), new byte[] {1});
        assertEquals(rot.pathFor(7), rot.latest().orElseThrow());
        assertEquals(1, rot.deleteStaleTemps());

        // a new process sees the same best; a better metric replaces it
        CheckpointRotation again = new CheckpointRotation(dir, "run", 2, CheckpointRotation.Mode.MIN);
        again.save(8, 0.5, out -> out.write(8));
        assertEquals(List.of(7L, 8L), again.steps());
        assertEquals(again.pathFor(8), again.best().orElseThrow());
    }

    @Test
    void rotationNeverDeletesWhatItJustWrote() throws IOException {
        CheckpointRotation rot = new CheckpointRotation(dir, "r", 1);
        rot.save(10, Double.NaN, out -> out.write(1));
        rot.save(5, Double.NaN, out -> out.write(2)); // e.g. resumed from an older checkpoint
        assertEquals(List.of(5L, 10L), rot.steps());
        rot.save(11, Double.NaN, out -> out.write(3));
        assertEquals(List.of(11L), rot.steps());
    }
}
