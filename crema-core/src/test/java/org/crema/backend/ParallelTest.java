package org.crema.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void poolSizeComesFromCremaThreads() {
        String p = System.getProperty("crema.threads");
        int expected = p == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(p.trim());
        assertEquals(expected, Parallel.threads());
    }

    @Test
    void threadsPropertyIsParsedStrictly() {
        assertEquals(3, Parallel.parseThreads("3", 8));
        assertEquals(8, Parallel.parseThreads(null, 8));
        assertEquals(8, Parallel.parseThreads(" ", 8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.parseThreads("0", 8));
        assertTrue(e.getMessage().contains("crema.threads") && e.getMessage().contains("'0'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parallel.parseThreads("two", 8));
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        int[][] shapes = {{0, 1}, {1, 1}, {7, 1}, {1000, 1}, {1000, 64}, {1000, 999}, {1000, 1000}, {100_003, 4096}, {5, Integer.MAX_VALUE}};
        for (int[] s : shapes) {
            int n = s[0], grain = s[1];
            AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
            Parallel.forRange(n, grain, (a, b) -> {
                assertTrue(a < b, "empty range " + a + ".." + b);
                assertTrue(b - a >= Math.min(grain, n), "range " + a + ".." + b + " shorter than grain " + grain);
                for (int i = a; i < b; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "n=" + n + " grain=" + grain + " index " + i);
        }
    }

    @Test
    void usesTheConfiguredNumberOfThreadsAtMost() {
        ConcurrentHashMap<Thread, Boolean> seen = new ConcurrentHashMap<>();
        for (int rep = 0; rep < 50; rep++) {
            Parallel.forRange(64, 1, (a, b) -> {
                seen.put(Thread.currentThread(), true);
                double x = 0;
                for (int i = 0; i < 20_000; i++) x += Math.sqrt(i);
                if (x < 0) fail();
            });
        }
        assertTrue(seen.size() <= Parallel.threads(), seen.size() + " threads for a pool of " + Parallel.threads());
    }

    @Test
    void nestedCallsRunInlineWithoutDeadlock() {
        AtomicInteger total = new AtomicInteger();
        Parallel.forRange(8, 1, (a, b) -> {
            for (int i = a; i < b; i++) {
                Thread outer = Thread.currentThread();
                Parallel.forRange(100, 1, (c, d) -> {
                    assertSame(outer, Thread.currentThread(), "a nested range left its thread");
                    total.addAndGet(d - c);
                });
            }
        });
        assertEquals(800, total.get());
    }

    @Test
    void exceptionsReachTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        for (int rep = 0; rep < 20; rep++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(16, 1, (a, b) -> {
                if (a <= 11 && 11 < b) throw boom;
            }));
            assertSame(boom, e);
        }
        assertThrows(AssertionError.class, () -> Parallel.forRange(4, 1, (a, b) -> { throw new AssertionError("x"); }));
        // the pool still works afterwards
        AtomicInteger sum = new AtomicInteger();
        Parallel.forRange(1000, 10, (a, b) -> sum.addAndGet(b - a));
        assertEquals(1000, sum.get());
    }

    @Test
    void concurrentCallersAllComplete() throws Exception {
        int callers = 4;
        AtomicInteger total = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[callers];
        Throwable[] errors = new Throwable[callers];
        for (int t = 0; t < callers; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                try {
                    start.await();
                    for (int rep = 0; rep < 200; rep++) Parallel.forRange(100, 1, (a, b) -> total.addAndGet(b - a));
                } catch (Throwable e) {
                    errors[id] = e;
                }
            });
            ts[t].start();
        }
        start.countDown();
        for (Thread t : ts) t.join(60_000);
        for (Throwable e : errors) assertNull(e);
        assertEquals(callers * 200 * 100, total.get());
    }
}
