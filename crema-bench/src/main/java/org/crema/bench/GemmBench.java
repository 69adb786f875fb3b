package org.crema.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.crema.backend.Backend;
import org.crema.backend.Gemm;
import org.crema.backend.PackedSgemm;
import org.crema.backend.Parallel;

/**
 * A quick SGEMM check without JMH: {@code crema-bench.jar gemm [--cpu] [--json] [MxNxK:NN ...]} prints
 * the median of 7 windows per shape after a warm-up (default: square N = 256..2048); a shape ending in P
 * ({@code 64x512x128:NTP}) multiplies by B packed once ({@link PackedSgemm}, A not transposed).
 * {@code --cpu} divides by the calling thread's CPU time instead of wall time: on a machine shared with
 * other work that measures the kernel rather than the scheduler, but only with crema.threads=1.
 * {@code --pcpu} divides by the CPU time of the whole process (every pool thread, spinning included): the
 * figure for several threads on a shared machine, blind to time a thread spends descheduled.
 * bench/gemm.sh uses JMH for its main tables and this for the CPU-time one.
 */
public final class GemmBench {
    private GemmBench() {}

    public static void main(String[] args) {
        boolean cpu = false, pcpu = false, json = false;
        List<String> shapes = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--cpu")) cpu = true;
            else if (a.equals("--pcpu")) pcpu = true;
            else if (a.equals("--json")) json = true;
            else shapes.add(a);
        }
        if (shapes.isEmpty()) shapes.addAll(List.of("256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN", "2048x2048x2048:NN"));
        if (cpu && Parallel.threads() != 1) {
            throw new IllegalArgumentException("--cpu measures one thread's CPU time: run with -Dcrema.threads=1, not " + Parallel.threads());
        }
        Backend.current().awaitWarm();
        if (!json) System.out.println("backend=" + Backend.current().name() + " threads=" + Parallel.threads() + (cpu ? " (CPU time)" : pcpu ? " (process CPU time)" : ""));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (String s : shapes) {
            String[] p = s.split("[x:]");
            int m = Integer.parseInt(p[0]), n = Integer.parseInt(p[1]), k = Integer.parseInt(p[2]);
            boolean ta = p.length > 3 && p[3].charAt(0) == 'T', tb = p.length > 3 && p[3].charAt(1) == 'T';
            SplittableRandom r = new SplittableRandom(1);
            float[] a = GemmBenchmark.random(r, m * k), b = GemmBenchmark.random(r, k * n), c = new float[m * n];
            double flops = 2.0 * m * n * k;
            // a third letter P (e.g. 64x512x128:NTP) multiplies by B packed once, as the LSTM's steps do
            boolean packed = p.length > 3 && p[3].length() > 2 && p[3].charAt(2) == 'P';
            if (packed && ta) throw new IllegalArgumentException(s + ": P (PackedSgemm) reads A in place, untransposed: use NNP or NTP");
            PackedSgemm.PackedB pb = packed ? PackedSgemm.packB(tb, k, n, b, 0, tb ? k : n) : null;
            Runnable call = pb != null
                    ? () -> PackedSgemm.sgemm(m, a, 0, k, pb, 0f, c, 0, n)
                    : () -> Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
            long until = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < until) call.run();
            double[] g = new double[7];
            for (int w = 0; w < g.length; w++) {
                long t0 = System.nanoTime(), c0 = cpu ? mx.getCurrentThreadCpuTime() : pcpu ? os.getProcessCpuTime() : 0, calls = 0;
                do { call.run(); calls++; } while (System.nanoTime() - t0 < 300_000_000L);
                long t = cpu ? mx.getCurrentThreadCpuTime() - c0 : pcpu ? os.getProcessCpuTime() - c0 : System.nanoTime() - t0;
                g[w] = flops * calls / t;
            }
            double[] sorted = g.clone();
            Arrays.sort(sorted);
            if (json) {
                StringBuilder sb = new StringBuilder("{\"shape\": \"" + s + "\", \"gflops\": [");
                for (int w = 0; w < g.length; w++) sb.append(w > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.2f", g[w]));
                System.out.println(sb.append("]}"));
            } else {
                System.out.printf(Locale.ROOT, "%-22s %8.1f GFLOP/s (median; min %.1f, max %.1f)%n", s, sorted[3], sorted[0], sorted[6]);
            }
        }
    }
}
