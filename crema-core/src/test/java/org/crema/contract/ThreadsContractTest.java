package org.crema.contract;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.crema.backend.Parallel;
import org.junit.jupiter.api.Test;

/**
 * The system property {@code crema.threads} (part of the foundation issue's contract) sets the size of the
 * shared pool. The pool is sized once per JVM, so this starts fresh JVMs with the property set.
 */
class ThreadsContractTest {

    /** Child: prints the pool size and how many distinct threads ran one forRange at the same time. */
    public static void main(String[] args) throws Exception {
        int n = Parallel.threads();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        // each range waits (up to 20 s) until n distinct threads are inside forRange: that many must be running
        Parallel.forRange(4 * n, 1, (a, b) -> {
            seen.add(Thread.currentThread());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.size() < n && System.nanoTime() < end) Thread.onSpinWait();
        });
        System.out.println("threads=" + n + " concurrent=" + seen.size());
    }

    private static String child(String threads) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", cp));
        if (threads != null) cmd.add("-Dcrema.threads=" + threads);
        cmd.add(ThreadsContractTest.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void cremaThreadsSetsThePoolSize() throws Exception {
        assertEquals("threads=3 concurrent=3", child("3"));
        assertEquals("threads=1 concurrent=1", child("1"));
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals("threads=" + cores + " concurrent=" + cores, child(null), "unset: one thread per core");
        assertTrue(child("zero").contains("crema.threads must be a positive integer, got 'zero'"));
    }
}
