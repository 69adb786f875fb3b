package org.crema.nn;

import java.util.Arrays;
import java.util.Locale;
import org.crema.Tensor;
import org.crema.backend.Gemm;

/**
 * Where a direct first-layer conv2d op spends its time: the op (direct and through im2col + GEMM, its
 * allocations included), the kernels alone into preallocated arrays, the allocation alone, the GEMM alone.
 * Not a test: run by hand, one thread (CPU time of the thread, as {@link ConvBenchmark}):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dcrema.threads=1 \
 *     -cp crema-core/target/classes:crema-core/target/test-classes org.crema.nn.ConvParts [seconds per part [case-name filter]]
 * </pre>
 */
public final class ConvParts {
    private ConvParts() {}

    /** Keeps allocations alive so that C2 cannot drop them. */
    static volatile Object sink;

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
        String only = args.length > 1 ? args[1] : "conv1";
        for (int pass = 0; pass < 3; pass++) {
            for (ConvBenchmark.Case c : ConvBenchmark.CASES) if (c.name().contains(only)) parts(c, pass < 2 ? 0.1 : seconds, pass == 2);
        }
    }

    /**
     * For {@link ConvBenchmark}: where the direct kernels apply, one line with the op through the direct
     * kernels and through im2col + GEMM (fresh outputs, as a user gets them), the forward kernel alone
     * into a reused output (as the "GEMM alone" column writes) and the backward node alone (the weight
     * gradient without the forward's 6.4 MB output evicting the output gradient from the cache); else null.
     */
    static String honest(ConvBenchmark.Case c, double seconds) {
        ConvGeometry g = geometry(c);
        if (!Convolution.direct || !DirectConv.applies(g)) return null;
        Tensor.manualSeed(1);
        Tensor x = Tensor.randn(c.n(), c.c(), c.h(), c.w()), w = Tensor.randn(c.oc(), c.c(), c.k(), c.k());
        Tensor b = Tensor.randn(c.oc());
        Tensor gy = Tensor.randn(c.n(), c.oc(), c.oh(), c.ow());
        Tensor xg = c.inputGrad() ? x.detach().requiresGrad(true) : x, wg = w.detach().requiresGrad(true);
        Tensor bg = b.detach().requiresGrad(true);
        float[] out = new float[c.n() * c.oc() * g.p()];
        double[] fwd = new double[2], bwd = new double[2];
        for (int i = 0; i < 2; i++) {
            Convolution.direct = i == 0;
            try (var ng = Tensor.noGrad()) {
                fwd[i] = ConvBenchmark.time(() -> sink = Functional.conv2d(x, w, b, 1, c.pad()), seconds);
            }
            bwd[i] = ConvBenchmark.time(() -> sink = Convolution.backward(g, xg, wg, bg, gy), seconds);
        }
        Convolution.direct = true;
        double kernel = ConvBenchmark.time(() -> DirectConv.forwardBatch(g, x.storageFloats(), 0, w.storageFloats(), 0,
                b.storageFloats(), 0, out), seconds);
        double f = c.fwdFlops() / 1e9, bf = c.bwdFlops() / 1e9;
        return String.format(Locale.ROOT, "  %-34s fwd op direct %.1f, op im2col %.1f, kernel alone %.1f GF/s (%.3f / %.3f / %.3f ms);"
                        + " bwd node alone direct %.1f, im2col %.1f GF/s (%.3f / %.3f ms)",
                "", f / fwd[0], f / fwd[1], f / kernel, fwd[0] * 1e3, fwd[1] * 1e3, kernel * 1e3,
                bf / bwd[0], bf / bwd[1], bwd[0] * 1e3, bwd[1] * 1e3);
    }

    static ConvGeometry geometry(ConvBenchmark.Case c) {
        return new ConvGeometry(c.n(), c.c(), c.h(), c.w(), c.oc(), 1, c.k(), c.k(), 1, 1, c.pad(), c.pad(),
                1, 1, c.oh(), c.ow());
    }

    static void parts(ConvBenchmark.Case c, double seconds, boolean print) {
        Tensor.manualSeed(1);
        Tensor x = Tensor.randn(c.n(), c.c(), c.h(), c.w()), w = Tensor.randn(c.oc(), c.c(), c.k(), c.k());
        Tensor b = Tensor.randn(c.oc());
        Tensor gy = Tensor.randn(c.n(), c.oc(), c.oh(), c.ow());
        ConvGeometry g = geometry(c);
        int k = g.kdim(), p = g.p(), len = c.n() * c.oc() * p;
        float[] xf = x.storageFloats(), wf = w.storageFloats(), bf = b.storageFloats(), out = new float[len];
        boolean was = Convolution.direct;
        String[] names = new String[32];
        double[] ms = new double[32];
        int[] i = {0};
        java.util.function.BiConsumer<String, Runnable> t = (name, r) -> {
            names[i[0]] = name;
            ms[i[0]++] = ConvBenchmark.time(r, seconds) * 1e3;
        };
        try (var ng = Tensor.noGrad()) {
            t.accept("fwd op direct", () -> sink = Functional.conv2d(x, w, b, 1, c.pad()));
            Convolution.direct = false;
            t.accept("fwd op im2col+GEMM", () -> sink = Functional.conv2d(x, w, b, 1, c.pad()));
            Convolution.direct = was;
        }
        t.accept("fwd kernel, out reused", () -> DirectConv.forwardBatch(g, xf, 0, wf, 0, bf, 0, out));
        t.accept("fwd new float[] alone", () -> sink = new float[len]);
        t.accept("fwd new float[] + kernel", () -> {
            float[] o = new float[len];
            DirectConv.forwardBatch(g, xf, 0, wf, 0, bf, 0, o);
            sink = o;
        });
        t.accept("fwd fill of reused out", () -> Arrays.fill(out, 1f));
        t.accept("fwd Arrays.copyOf(reused out)", () -> sink = Arrays.copyOf(out, len));
        float[] wa = new float[c.oc() * k], col = new float[k * p];
        Arrays.fill(wa, 0.5f);
        Arrays.fill(col, 0.25f);
        t.accept("fwd GEMM alone, out reused", () -> {
            for (int im = 0; im < c.n(); im++) Gemm.sgemm(false, false, c.oc(), p, k, 1f, wa, 0, k, col, 0, p, 0f, out, im * c.oc() * p, p);
        });
        Tensor xg = c.inputGrad() ? x.detach().requiresGrad(true) : x, wg = w.detach().requiresGrad(true);
        Tensor bg = b.detach().requiresGrad(true);
        for (int r = 0; r < 2; r++) {
            for (boolean v : new boolean[] {false, true}) {
                DirectWeightGrad.vectorRows = v;
                t.accept("bwd node, vector rows " + v, () -> sink = Convolution.backward(g, xg, wg, bg, gy));
            }
        }
        if (Boolean.getBoolean("conv.profile")) {
            long end = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < end) sink = Convolution.backward(g, xg, wg, bg, gy);
        }
        Convolution.direct = false;
        t.accept("bwd op im2col+GEMM (node alone)", () -> sink = Convolution.backward(g, xg, wg, bg, gy));
        Convolution.direct = was;
        t.accept("bwd fwd+graph+bwd - fwd op", () -> {
            wg.setGrad(null);
            bg.setGrad(null);
            xg.setGrad(null);
            Functional.conv2d(xg, wg, bg, 1, c.pad()).backward(gy);
        });
        ms[i[0] - 1] -= ms[0];
        t.accept("bwd fwd op, then node alone", () -> {
            Tensor y;
            try (var ng = Tensor.noGrad()) {
                y = Functional.conv2d(xg, wg, bg, 1, c.pad());
            }
            sink = Convolution.backward(g, xg, wg, bg, gy);
            sink = y;
        });
        ms[i[0] - 1] -= ms[0];
        if (DirectWeightGrad.appliesWeightGrad(g)) {
            int[] taps = DirectWeightGrad.shiftedTaps(g);
            int sl = DirectWeightGrad.shiftedLength(g), chw = g.c() * g.hw();
            float[] shifted = new float[c.n() * sl];
            float[] part = new float[DirectWeightGrad.partLength(g)], bpart = new float[DirectWeightGrad.biasPartLength(c.oc())];
            float[] gf = gy.storageFloats();
            float[] in = new float[sl];
            t.accept("bwd shifted copies alone", () -> {
                for (int im = 0; im < c.n(); im++) DirectWeightGrad.shifted(xf, im * chw, g, in);
            });
            for (int im = 0; im < c.n(); im++) {
                float[] one = new float[sl];
                DirectWeightGrad.shifted(xf, im * chw, g, one);
                System.arraycopy(one, 0, shifted, im * sl, sl);
            }
            float[] one = new float[sl];
            t.accept("bwd weight-grad kernel (+ copy)", () -> {
                for (int im = 0; im < c.n(); im++) {
                    System.arraycopy(shifted, im * sl, one, 0, sl);
                    DirectWeightGrad.weightGradShifted(one, taps, g, gf, im * c.oc() * p, part, bpart);
                    DirectWeightGrad.weightGradTail(one, taps, g, gf, im * c.oc() * p, part, bpart);
                }
            });
            float[] dwr = new float[c.oc() * k], dbr = new float[c.oc()];
            t.accept("bwd lane sums (reduceParts) alone", () -> {
                DirectWeightGrad.reduceParts(part, c.oc(), k, DirectWeightGrad.partTaps(g), dwr, 0);
                DirectWeightGrad.reduceParts(bpart, c.oc(), 1, 1, dbr, 0);
            });
            float[] gAll = new float[c.oc() * c.n() * p], colAll = new float[k * c.n() * p], dw = new float[c.oc() * k];
            Arrays.fill(gAll, 0.5f);
            Arrays.fill(colAll, 0.25f);
            t.accept("bwd GEMM alone (weight grad)", () ->
                    Gemm.sgemm(false, true, c.oc(), k, c.n() * p, 1f, gAll, 0, c.n() * p, colAll, 0, c.n() * p, 0f, dw, 0, k));
        }
        if (!print) return;
        System.out.printf(Locale.ROOT, "%s (fwd %.1f MFLOP, output %.2f MB)%n", c.name(), c.fwdFlops() / 1e6, len * 4 / 1e6);
        for (int j = 0; j < i[0]; j++) {
            System.out.printf(Locale.ROOT, "  %-34s %8.3f ms %7.1f GFLOP/s%n", names[j], ms[j], c.fwdFlops() / ms[j] / 1e6);
        }
    }
}
