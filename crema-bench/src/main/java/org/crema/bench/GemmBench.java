package org.crema.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.crema.backend.Backend;
import org.crema.backend.Gemm;
import org.crema.backend.Parallel;

/**
 * A quick SGEMM check without JMH: {@code crema-bench.jar gemm [MxNxK:NN ...]} prints the median of
 * 7 timed windows per shape after a warm-up (default shapes: N = 256..2048 square). bench/gemm.sh uses
 * JMH instead; this is for a fast look while tuning.
 */
public final class GemmBench {
    private GemmBench() {}

    public static void main(String[] args) {
        List<String> shapes = new ArrayList<>(Arrays.asList(args));
        if (shapes.isEmpty()) shapes.addAll(List.of("256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN", "2048x2048x2048:NN"));
        Backend.current().awaitWarm();
        System.out.println("backend=" + Backend.current().name() + " threads=" + Parallel.threads());
        for (String s : shapes) {
            String[] p = s.split("[x:]");
            int m = Integer.parseInt(p[0]), n = Integer.parseInt(p[1]), k = Integer.parseInt(p[2]);
            boolean ta = p.length > 3 && p[3].charAt(0) == 'T', tb = p.length > 3 && p[3].charAt(1) == 'T';
            SplittableRandom r = new SplittableRandom(1);
            float[] a = GemmBenchmark.random(r, m * k), b = GemmBenchmark.random(r, k * n), c = new float[m * n];
            double flops = 2.0 * m * n * k;
            Runnable call = () -> Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
            long until = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < until) call.run();
            double[] g = new double[7];
            for (int w = 0; w < g.length; w++) {
                long t0 = System.nanoTime(), calls = 0;
                do { call.run(); calls++; } while (System.nanoTime() - t0 < 300_000_000L);
                g[w] = flops * calls / (System.nanoTime() - t0);
            }
            Arrays.sort(g);
            System.out.printf("%-22s %8.1f GFLOP/s (median; min %.1f, max %.1f)%n", s, g[3], g[0], g[6]);
        }
    }
}
