package org.crema.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real training process ({@code destroyForcibly}, SIGKILL on Unix) at random moments while it
 * trains and writes a checkpoint after every step, 30 times. After each kill the latest checkpoint must
 * load, hold exactly the state an uninterrupted in-process run has after that many steps, and continue
 * from there bit for bit; temporary files of interrupted writes must never be taken for checkpoints.
 * The next child resumes from what the last one left, so the 30 lives form one training run.
 */
class CheckpointCrashTest {
    private static final int KILLS = 30;

    @TempDir
    Path dir;

    @Test
    void killNineDuringCheckpointWritesNeverLosesTheLatestCheckpoint() throws Exception {
        Random r = new Random(2026);
        TrainingRun reference = new TrainingRun();
        List<String> refDigests = new ArrayList<>(List.of(reference.digest()));
        CheckpointRotation rot = new CheckpointRotation(dir, CrashChild.PREFIX, 3, CheckpointRotation.Mode.MIN);
        long lastStep = 0;
        int tempsSeen = 0, killsWithProgress = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process p = startChild();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long resumedAt = Long.parseLong(awaitLine(p, out, "ready "));
            assertEquals(lastStep, resumedAt, "the child resumes from the latest checkpoint");
            // a third of the kills land anywhere after the resume (even in the first, slow step); the rest
            // after the child's first new checkpoint, in its steady loop of training and writing
            long wrote = -1;
            if (kill % 3 == 0) {
                Thread.sleep(r.nextInt(300));
            } else {
                wrote = Long.parseLong(awaitLine(p, out, "wrote "));
                Thread.sleep(r.nextInt(60));
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "killed child did not exit");

            List<Path> temps;
            try (var files = Files.list(dir)) {
                temps = files.filter(AtomicFiles::isTempFile).toList();
            }
            tempsSeen += temps.size();
            Optional<Path> latest = rot.latest();
            if (latest.isEmpty()) {
                assertEquals(0, lastStep, "a checkpoint once written must never disappear");
                continue;
            }
            assertFalse(temps.contains(latest.get()));
            Checkpoint ck = Checkpoint.load(latest.get());
            assertTrue(ck.step() >= lastStep, "the latest checkpoint never goes back: " + ck.step() + " < " + lastStep);
            assertTrue(ck.step() >= wrote, "a checkpoint reported written survives the kill");
            if (ck.step() > lastStep) killsWithProgress++;
            lastStep = ck.step();
            while (refDigests.size() <= lastStep + 1) {
                reference.step();
                refDigests.add(reference.digest());
            }
            TrainingRun resumed = new TrainingRun();
            resumed.restore(ck);
            assertEquals(refDigests.get((int) lastStep), resumed.digest(), "state after step " + lastStep + " equals the uninterrupted run's");
            resumed.step();
            assertEquals(refDigests.get((int) lastStep + 1), resumed.digest(), "one more step from the checkpoint continues bit for bit");
            for (Path c : rot.checkpoints()) Checkpoint.load(c); // every complete file loads
            rot.deleteStaleTemps();
        }
        System.out.printf("CheckpointCrashTest: %d kills, %d advanced the run to step %d, %d temporary files of interrupted writes found and ignored%n",
                KILLS, killsWithProgress, lastStep, tempsSeen);
        assertTrue(lastStep > 0, "the children made progress");
    }

    private Process startChild() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx256m", "-XX:+UseSerialGC",
                "-Xshare:auto", "-cp", cp));
        // the same kernels and thread count as this JVM (crema.threads, crema.vector), so results are bit-identical
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("crema.")) cmd.add("-D" + k + "=" + System.getProperty(k));
        }
        cmd.add(CrashChild.class.getName());
        cmd.add(dir.toString());
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child-stderr.log").toFile())).start();
    }

    /** Waits for the child's line starting with {@code prefix}; returns the rest. */
    private String awaitLine(Process p, BufferedReader in, String prefix) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return in.readLine();
            } catch (IOException e) {
                return "error " + e;
            }
        });
        String s;
        try {
            s = line.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new AssertionError("child did not print '" + prefix + "...'");
        }
        if (s == null || !s.startsWith(prefix)) {
            p.destroyForcibly();
            throw new AssertionError("child failed to start or resume: " + s + "\n" + Files.readString(dir.resolve("child-stderr.log")));
        }
        return s.substring(prefix.length()).trim();
    }
}
