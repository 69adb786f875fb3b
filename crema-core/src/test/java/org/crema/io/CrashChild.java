package org.crema.io;

import java.nio.file.Path;
import java.util.Map;

/**
 * The process {@link CheckpointCrashTest} kills: resumes from the latest checkpoint in the directory
 * (or starts fresh), prints "ready STEP", then trains and checkpoints after every step until killed;
 * after its first new checkpoint it prints "wrote STEP", so the parent can kill it mid-training.
 */
public final class CrashChild {
    static final String PREFIX = "crash";
    static final int MAX_STEPS = 100_000;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        CheckpointRotation rotation = new CheckpointRotation(dir, PREFIX, 3, CheckpointRotation.Mode.MIN);
        TrainingRun run = new TrainingRun();
        long step = 0;
        var latest = rotation.latest();
        if (latest.isPresent()) {
            Checkpoint ck = Checkpoint.load(latest.get());
            run.restore(ck);
            step = ck.step();
        }
        System.out.println("ready " + step);
        System.out.flush();
        boolean announced = false;
        while (step < MAX_STEPS) {
            double loss = run.step();
            step++;
            rotation.save(run.checkpoint(step, Map.of("loss", Double.toString(loss))), loss);
            if (!announced) {
                System.out.println("wrote " + step);
                System.out.flush();
                announced = true;
            }
        }
    }
}
