package org.crema.nn;

import java.util.Arrays;
import java.util.Locale;
import org.crema.Tensor;
import org.crema.backend.Gemm;
import org.crema.backend.Parallel;

/**
 * Throughput of conv2d forward and backward (GFLOP/s) on the benchmark networks' layer shapes, next to
 * the GEMM alone on the same products, so the im2col/col2im and orchestration overhead shows as a ratio.
 * Where the direct first-layer kernels apply, a second line gives the op through im2col + GEMM, the forward
 * kernel alone and the backward node alone ({@link ConvParts#honest}); {@link ConvParts} breaks such an op
 * into its parts. Not a test: run by hand (see bench/conv_bench.py for PyTorch's figures on the same shapes):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dcrema.threads=1 \
 *     -cp crema-core/target/classes:crema-core/target/test-classes org.crema.nn.ConvBenchmark [seconds per case [case-name filter [ab|abwg|abwide|abchunk|ab3x3|ab3x4|ab6]]]
 * </pre>
 */
public final class ConvBenchmark {
    private ConvBenchmark() {}

    /** name, n, c, h, w, oc, k, pad, inputNeedsGrad */
    record Case(String name, int n, int c, int h, int w, int oc, int k, int pad, boolean inputGrad) {
        int oh() { return h + 2 * pad - k + 1; }
        int ow() { return w + 2 * pad - k + 1; }
        long fwdFlops() { return 2L * n * oc * oh() * ow() * c * k * k; }
        long bwdFlops() { return fwdFlops() * (inputGrad ? 2 : 1); }
    }

    static final Case[] CASES = {
            new Case("cnn conv1 1->32 3x3 p1 28x28 b64", 64, 1, 28, 28, 32, 3, 1, false),
            new Case("cnn conv2 32->64 3x3 p1 14x14 b64", 64, 32, 14, 14, 64, 3, 1, true),
            new Case("lenet conv1 3->6 5x5 32x32 b4", 4, 3, 32, 32, 6, 5, 0, false),
            new Case("lenet conv2 6->16 5x5 14x14 b4", 4, 6, 14, 14, 16, 5, 0, true),
            new Case("lenet conv1 3->6 5x5 32x32 b64", 64, 3, 32, 32, 6, 5, 0, false),
            new Case("lenet conv2 6->16 5x5 14x14 b64", 64, 6, 14, 14, 16, 5, 0, true),
    };

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        System.out.printf(Locale.ROOT, "threads %d, %.1f s per measurement (median of 5 windows; CPU time with 1 thread, else wall)%n", Parallel.threads(), seconds);
        System.out.printf(Locale.ROOT, "%-36s %9s %9s %9s %9s %9s %9s%n", "case", "fwd GF/s", "gemm", "ratio",
                "bwd GF/s", "gemm", "ratio");
        String only = args.length > 1 ? args[1] : "";
        // one short silent pass first: the first case measured otherwise ran before C2 had compiled
        // the kernels (forward and GEMM figures 10-100x low)
        // silent passes until a whole pass spends < 20 ms in the JIT (at most 6): the newer direct kernels
        // reached C2 only after several passes, and one 0.2 s pass left them (and the never-warmed pooling)
        // running C1 code in the measured windows (cnn conv2 backward 0.6x instead of ~1.1x, max-pool 50x)
        quiet = true;
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        for (int pass = 0; pass < 6; pass++) {
            long jit0 = jit.getTotalCompilationTime();
            for (Case c : CASES) if (c.name.contains(only)) run(c, 0.2);
            if (only.isEmpty()) {
                poolCase("", new int[] {64, 32, 28, 28}, 0.2);
                poolCase("", new int[] {64, 64, 14, 14}, 0.2);
            }
            if (pass > 0 && jit.getTotalCompilationTime() - jit0 < 20) break;
        }
        quiet = false;
        if (args.length > 2 && args[2].equals("ab")) {
            // A/B of the im2col path and the direct kernels, interleaved in one process (JIT warm for both)
            boolean on = Convolution.direct;
            for (int round = 0; round < 3; round++) {
                for (boolean d : new boolean[] {false, on}) {
                    Convolution.direct = d;
                    System.out.println(d ? "direct" : "im2col");
                    for (Case c : CASES) if (c.name.contains(only)) run(c, seconds);
                }
            }
            return;
        }
        if (args.length > 2 && (args[2].equals("ab3x3") || args[2].equals("ab3x4") || args[2].equals("ab6"))) {
            // A/B of DirectConv's one-channel 3x3 forward, its six-channel forward blocks or its 3 x 4
            // weight-gradient blocks, each against
            // the general kernel
            boolean fwd = args[2].equals("ab3x3");
            for (int round = 0; round < 3; round++) {
                for (boolean on : new boolean[] {false, true}) {
                    if (args[2].equals("ab6")) DirectConv.blocks6 = on;
                    else if (fwd) DirectConv.kernel3x3 = on;
                    else DirectWeightGrad.blocks3x4 = on;
                    System.out.println((on ? "new " : "general ") + args[2]);
                    for (Case c : CASES) if (c.name.contains(only)) run(c, seconds);
                }
            }
            return;
        }
        if (args.length > 2 && args[2].equals("abwg")) {
            // A/B of the weight gradient through im2col + GEMM and through DirectConv's kernel
            int max = DirectWeightGrad.maxWeightGradTaps;
            for (int round = 0; round < 3; round++) {
                for (int m : new int[] {0, 1 << 20}) {
                    DirectWeightGrad.maxWeightGradTaps = m;
                    System.out.println(m == 0 ? "weight gradient im2col" : "weight gradient direct");
                    for (Case c : CASES) if (c.name.contains(only)) run(c, seconds);
                }
            }
            DirectWeightGrad.maxWeightGradTaps = max;
            return;
        }
        if (args.length > 2 && args[2].equals("abwide")) {
            // A/B of the deep layers' weight gradient through im2col + GEMM and through WideWeightGrad
            for (int round = 0; round < 3; round++) {
                for (boolean on : new boolean[] {false, true}) {
                    WideWeightGrad.enabled = on;
                    System.out.println(on ? "weight gradient wide" : "weight gradient im2col");
                    for (Case c : CASES) if (c.name.contains(only)) run(c, seconds);
                }
            }
            return;
        }
        if (args.length > 2 && args[2].equals("abchunk")) {
            // A/B of the forward's chunk bound for small outputs (the old 256 KB against the current one)
            int chunk = Convolution.fwdChunkElems;
            for (int round = 0; round < 3; round++) {
                for (int kc : new int[] {1 << 16, chunk}) {
                    Convolution.fwdChunkElems = kc;
                    System.out.println("fwd chunk " + kc);
                    for (Case c : CASES) if (c.name.contains(only)) run(c, seconds);
                }
            }
            Convolution.fwdChunkElems = chunk;
            return;
        }
        for (Case c : CASES) if (c.name.contains(only)) run(c, seconds);
        if (!only.isEmpty()) return;
        poolCase("maxpool 2x2 [64, 32, 28, 28]", new int[] {64, 32, 28, 28}, seconds);
        poolCase("maxpool 2x2 [64, 64, 14, 14]", new int[] {64, 64, 14, 14}, seconds);
    }

    private static boolean quiet;

    static void run(Case c, double seconds) {
        Tensor.manualSeed(1);
        Tensor x = Tensor.randn(c.n, c.c, c.h, c.w), w = Tensor.randn(c.oc, c.c, c.k, c.k).requiresGrad(true);
        Tensor b = Tensor.randn(c.oc).requiresGrad(true);
        if (c.inputGrad) x.requiresGrad(true);
        Tensor gy = Tensor.randn(c.n, c.oc, c.oh(), c.ow());
        double fwd = time(() -> {
            try (var g = Tensor.noGrad()) {
                Functional.conv2d(x, w, b, 1, c.pad);
            }
        }, seconds);
        double both = time(() -> {
            w.setGrad(null);
            b.setGrad(null);
            x.setGrad(null);
            Functional.conv2d(x, w, b, 1, c.pad).backward(gy);
        }, seconds);
        double bwd = Math.max(both - fwd, 1e-9);

        // The same products through the GEMM alone: forward per image, backward per whole batch.
        int k = c.c * c.k * c.k, p = c.oh() * c.ow();
        float[] wa = new float[c.oc * k], col = new float[k * p], out = new float[c.n * c.oc * p];
        float[] colAll = new float[k * c.n * p], gAll = new float[c.oc * c.n * p], dw = new float[c.oc * k];
        Arrays.fill(wa, 0.5f);
        Arrays.fill(col, 0.25f);
        Arrays.fill(colAll, 0.25f);
        Arrays.fill(gAll, 0.5f);
        double gFwd = time(() -> {
            // each image's product lands in its own part of a batch-sized output, as the convolution's does
            for (int i = 0; i < c.n; i++) Gemm.sgemm(false, false, c.oc, p, k, 1f, wa, 0, k, col, 0, p, 0f, out, i * c.oc * p, p);
        }, seconds);
        double gBwd = time(() -> {
            Gemm.sgemm(false, true, c.oc, k, c.n * p, 1f, gAll, 0, c.n * p, colAll, 0, c.n * p, 0f, dw, 0, k);
            if (c.inputGrad) Gemm.sgemm(true, false, k, c.n * p, c.oc, 1f, wa, 0, k, gAll, 0, c.n * p, 0f, colAll, 0, c.n * p);
        }, seconds);
        double f = c.fwdFlops() / fwd / 1e9, gf = c.fwdFlops() / gFwd / 1e9;
        double bb = c.bwdFlops() / bwd / 1e9, gb = c.bwdFlops() / gBwd / 1e9;
        if (!quiet) System.out.printf(Locale.ROOT, "%-36s %9.1f %9.1f %9.2f %9.1f %9.1f %9.2f   (fwd %.3f ms, bwd %.3f ms)%n",
                c.name, f, gf, f / gf, bb, gb, bb / gb, fwd * 1e3, bwd * 1e3);
        // first layers: the op through im2col (fresh output too) and the kernels alone, see ConvParts
        String direct = quiet || !Convolution.direct ? null : ConvParts.honest(c, seconds);
        if (direct != null) System.out.println(direct);
    }

    static void poolCase(String name, int[] shape, double seconds) {
        Tensor x = Tensor.randn(shape).requiresGrad(true);
        int[] os = {shape[0], shape[1], shape[2] / 2, shape[3] / 2};
        Tensor gy = Tensor.randn(os);
        double fwd = time(() -> {
            try (var g = Tensor.noGrad()) {
                Functional.maxPool2d(x, 2);
            }
        }, seconds);
        double both = time(() -> {
            x.setGrad(null);
            Functional.maxPool2d(x, 2).backward(gy);
        }, seconds);
        double bytes = 4.0 * (x.numel() + gy.numel());
        if (!quiet) System.out.printf(Locale.ROOT, "%-36s fwd %.3f ms (%.1f GB/s), fwd+bwd %.3f ms%n", name, fwd * 1e3,
                bytes / fwd / 1e9, both * 1e3);
    }

    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Now in nanoseconds: with one thread, this thread's CPU time, so that other processes sharing the
     * cores do not count; with several, wall time.
     */
    static long now() { return Parallel.threads() == 1 ? MX.getCurrentThreadCpuTime() : System.nanoTime(); }

    /** Seconds per call: warm-up, then the median of 5 windows of about seconds/5 each. */
    static double time(Runnable r, double seconds) {
        long start = now(), end = start + (long) (seconds * 0.5e9);
        int calls = 0;
        while (now() < end || calls < 3) {
            r.run();
            calls++;
        }
        double per = (now() - start) / 1e9 / calls;
        int reps = Math.max(1, (int) (seconds / 5 / per));
        double[] windows = new double[5];
        for (int wi = 0; wi < 5; wi++) {
            long t0 = now();
            for (int i = 0; i < reps; i++) r.run();
            windows[wi] = (now() - t0) / 1e9 / reps;
        }
        Arrays.sort(windows);
        return windows[2];
    }
}
