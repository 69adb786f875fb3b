package org.crema.backend;

/**
 * The warm-up threads' stop rule ({@link VectorWarmup}, {@code nn.ConvWarmup}) and its clock: CPU time of the
 * calling thread. The rule compares a round of kernel calls with the first, interpreted one, and in wall time
 * both include the waits for a core: on two cores the warm-ups share them with the main thread and both JIT
 * compilers, and on a loaded machine the first round read up to 5x its CPU time, so the rule ended the warm-up
 * while C1 code (vectors boxed, ~10x slower than C2's) still ran. Falls back to wall time where the JVM does
 * not measure thread CPU time.
 */
public final class WarmupClock {
    private final java.lang.management.ThreadMXBean threads;

    private WarmupClock(java.lang.management.ThreadMXBean threads) { this.threads = threads; }

    /**
     * Runs round until one takes under 1/30 of the first round's time on this thread's clock (interpreted
     * vector code is two orders of magnitude slower than compiled code), but at least 11 rounds, or until
     * deadline ({@link System#nanoTime}) has passed.
     */
    public static void repeatUntilCompiled(long deadline, Runnable round) {
        WarmupClock clock = forCurrentThread();
        long first = -1;
        for (int r = 0; System.nanoTime() < deadline; r++) {
            long t0 = clock.nanos();
            round.run();
            long t = clock.nanos() - t0;
            if (first < 0) first = t;
            else if (r >= 10 && t * 30 < first) return;
        }
    }

    /** A clock for the calling thread (loads java.management's thread bean: ~25 ms, once, in the warm-up thread). */
    private static WarmupClock forCurrentThread() {
        try {
            var bean = java.lang.management.ManagementFactory.getThreadMXBean();
            if (bean.isCurrentThreadCpuTimeSupported() && bean.getCurrentThreadCpuTime() >= 0) return new WarmupClock(bean);
        } catch (RuntimeException | LinkageError e) {
            // no java.management in a trimmed runtime, or CPU time switched off: wall time
        }
        return new WarmupClock(null);
    }

    /** Nanoseconds, only for differences within the thread that made the clock. */
    private long nanos() {
        return threads != null ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
