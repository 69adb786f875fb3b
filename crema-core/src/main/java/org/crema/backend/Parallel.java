package org.crema.backend;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The one shared pool every kernel splits its loops over. Its size is {@link #threads()}: the system
 * property {@code crema.threads} (read once, at first use) or else the number of available processors.
 *
 * <p>The calling thread works as one of the threads, so a pool of size T owns T-1 daemon workers.
 * Workers spin briefly before parking: the small products of a batch-4 network are done in
 * microseconds, and a park/unpark round trip per call would cost as much as the work.
 *
 * <p>A call made while the pool is busy (from inside a body, or from a second thread such as a data
 * loader) runs inline on its caller; that keeps nesting deadlock-free. An exception thrown by a body
 * reaches the caller of {@code forRange} once every range has finished or been skipped.
 */
public final class Parallel {
    private Parallel() {}

    @FunctionalInterface
    public interface RangeBody { void run(int start, int end); }

    /** Property that sets the pool size; part of Crema's public contract. */
    public static final String THREADS_PROPERTY = "crema.threads";

    private static final int THREADS = parseThreads(System.getProperty(THREADS_PROPERTY),
            Runtime.getRuntime().availableProcessors());
    /** How long a waiting thread spins before it parks: longer than the gap between two small ops. */
    private static final long SPIN_NANOS = 50_000;

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile Job job;
    private static long lastId; // written only by the thread that holds BUSY
    private static final Worker[] WORKERS = startWorkers();

    /** Threads the pool runs on, the caller included. */
    public static int threads() { return THREADS; }

    /**
     * Runs body over [0, n) in contiguous ranges of at least {@code grain} iterations (at most 4 per
     * thread, claimed dynamically), spread over the pool; returns when all are done. {@code n < 2 * grain}
     * runs inline on the caller.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        grain = Math.max(1, grain);
        int chunks = (int) Math.min(n / grain, 4L * THREADS);
        if (chunks <= 1 || THREADS == 1 || Thread.currentThread() instanceof Worker
                || !BUSY.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            Job j = new Job(body, n, chunks, Thread.currentThread());
            job = j;
            for (Worker w : WORKERS) if (w.parked) LockSupport.unpark(w);
            j.work();
            j.awaitDone();
            job = null;
            j.rethrow();
        } finally {
            BUSY.set(false);
        }
    }

    /** The value of crema.threads, or fallback when unset; anything but a positive integer is refused. */
    static int parseThreads(String value, int fallback) {
        if (value == null || value.isBlank()) return Math.max(1, fallback);
        try {
            int t = Integer.parseInt(value.trim());
            if (t >= 1) return t;
        } catch (NumberFormatException ignored) {
            // reported below with the offending value
        }
        throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, got '" + value + "'");
    }

    private static Worker[] startWorkers() {
        Worker[] ws = new Worker[THREADS - 1];
        for (int i = 0; i < ws.length; i++) {
            ws[i] = new Worker(i + 1);
            ws[i].start();
        }
        return ws;
    }

    /** One forRange call: chunks are claimed from a counter so a descheduled thread delays nobody. */
    private static final class Job {
        final RangeBody body;
        final int n, chunks;
        final Thread caller;
        final long id = ++lastId;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger pending;
        volatile Throwable error;
        volatile boolean callerParked;

        Job(RangeBody body, int n, int chunks, Thread caller) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.caller = caller;
            this.pending = new AtomicInteger(chunks);
        }

        void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    if (error == null) {
                        body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                    }
                } catch (Throwable t) {
                    if (error == null) error = t;
                } finally {
                    if (pending.decrementAndGet() == 0 && callerParked) LockSupport.unpark(caller);
                }
            }
        }

        void awaitDone() {
            long t0 = System.nanoTime();
            for (int s = 1; pending.get() != 0; s++) {
                Thread.onSpinWait();
                if ((s & 63) == 0 && System.nanoTime() - t0 > SPIN_NANOS) break;
            }
            if (pending.get() == 0) return;
            callerParked = true;
            while (pending.get() != 0) LockSupport.park(this);
            callerParked = false;
        }

        void rethrow() {
            Throwable t = error;
            if (t == null) return;
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error e) throw e;
            throw new RuntimeException(t);
        }
    }

    private static final class Worker extends Thread {
        volatile boolean parked;

        Worker(int index) {
            super("crema-worker-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            long last = 0; // the id, not the job: holding the job would keep its arrays alive
            while (true) {
                Job j = job;
                long t0 = System.nanoTime();
                for (int s = 1; j == null || j.id == last; s++) {
                    Thread.onSpinWait();
                    j = job;
                    if ((s & 63) == 0 && System.nanoTime() - t0 > SPIN_NANOS) break;
                }
                if (j == null || j.id == last) {
                    parked = true;
                    j = job;
                    // re-check after announcing: a job published in between would otherwise miss us
                    if (j == null || j.id == last) LockSupport.park(Parallel.class);
                    parked = false;
                    continue;
                }
                last = j.id;
                j.work();
                j = null;
            }
        }
    }
}
