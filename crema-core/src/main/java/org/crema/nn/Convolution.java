package org.crema.nn;

import java.util.Arrays;
import org.crema.Tensor;
import org.crema.autograd.Node;
import org.crema.backend.Parallel;
import org.crema.backend.VectorSupport;

/**
 * 2-D convolution (cross-correlation, as torch's conv2d) through im2col and the GEMM.
 *
 * <p>Forward: per image and group, out[ocg, p] = W[ocg, k] x col[k, p], images spread over threads.
 * Backward works on chunks of images whose columns sit side by side in one matrix [k, chunk*p], so the
 * weight gradient is one GEMM per chunk with a long reduction (instead of one small GEMM per image)
 * and the input gradient is one GEMM per chunk followed by col2im. Each chunk owns a partial weight
 * gradient; the partials are summed at the end, so threads never write the same memory.
 */
final class Convolution {
    private Convolution() {}

    static { ConvWarmup.start(); }

    /**
     * Upper bound on the elements of one backward chunk's column matrix: 256 KB of floats, so that it
     * stays in L2 between im2col, the GEMMs and col2im (measured: 4x larger chunks cost 10-40%).
     */
    private static final int CHUNK_ELEMS = 1 << 16;

    /**
     * Whether FLOAT32 layers with few taps (see {@link DirectConv#applies}) skip im2col for the forward
     * and the weight gradient, and deeper ones with small outputs (see {@link WideConv#applies}) for the
     * forward; tests switch it off to compare with the im2col path.
     */
    static boolean direct = VectorSupport.enabled();


    /**
     * Upper bound on the elements of the forward's column matrix when several small images (outputs under
     * 256 pixels) share one GEMM and one image alone fills half of the backward's 256 KB: 1 MB of floats.
     * With 256 KB the small CNN's 32->64 layer at 14x14 (k*p = 56,448) got one image per GEMM, N = 196;
     * four side by side: forward 7.8 -> 7.0 ms per batch of 64 (in-process A/B, CPU time). LeNet's 6->16
     * layer (k*p = 15,000) keeps 4 images per product: 17 were no faster in training. Benchmarks flip it.
     */
    static int fwdChunkElems = 1 << 18;

    /** Whether the im2col backward on several threads gives each run an equal share of images; benchmarks flip it. */
    static boolean balancedRuns = true;

    static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                         int groups) {
        String op = "conv2d";
        checkPair(op, "stride", stride, 1);
        checkPair(op, "padding", padding, 0);
        checkPair(op, "dilation", dilation, 1);
        if (groups < 1) throw new IllegalArgumentException(op + ": groups must be >= 1, got " + groups);
        if (weight.dim() != 4) {
            throw new IllegalArgumentException(op + ": weight must be 4-D [out_channels, in_channels/groups, kH, kW], got shape "
                    + Arrays.toString(weight.shape()));
        }
        if (input.dim() == 3) {
            return conv2d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
        }
        int[] ws = weight.shape(), xs = input.shape();
        int oc = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
        if (oc % groups != 0) {
            throw new IllegalArgumentException(op + ": out_channels " + oc + " (weight " + Arrays.toString(ws)
                    + ") must be divisible by groups " + groups);
        }
        if (input.dim() != 4 || xs[1] != cg * groups) {
            throw new IllegalArgumentException(op + ": expected input [N, " + cg * groups + ", H, W] (or [" + cg * groups
                    + ", H, W]) for weight " + Arrays.toString(ws) + (groups > 1 ? " and groups " + groups : "")
                    + ", got " + Arrays.toString(xs));
        }
        if (!input.dtype().isFloatingPoint() || input.dtype() != weight.dtype()
                || (bias != null && bias.dtype() != input.dtype())) {
            throw new IllegalArgumentException(op + ": input, weight and bias must share one floating dtype, got input "
                    + input.dtype() + ", weight " + weight.dtype() + (bias == null ? "" : ", bias " + bias.dtype())
                    + "; convert the input with to(...) or the module with module.to(...)");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != oc)) {
            throw new IllegalArgumentException(op + ": bias must have shape [" + oc + "], got " + Arrays.toString(bias.shape()));
        }
        int h = xs[2], w = xs[3];
        int oh = ConvGeometry.outSize(h, kh, stride[0], padding[0], dilation[0]);
        int ow = ConvGeometry.outSize(w, kw, stride[1], padding[1], dilation[1]);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": kernel (" + kh + ", " + kw + ") with dilation "
                    + Arrays.toString(dilation) + " is larger than the padded input (" + (h + 2 * padding[0]) + ", "
                    + (w + 2 * padding[1]) + ") of input " + Arrays.toString(xs) + " with padding " + Arrays.toString(padding));
        }
        ConvGeometry g = new ConvGeometry(xs[0], xs[1], h, w, oc, groups, kh, kw, stride[0], stride[1],
                padding[0], padding[1], dilation[0], dilation[1], oh, ow);
        Tensor x = input.contiguous(), wt = weight.contiguous(), b = bias == null ? null : bias.contiguous();
        ConvPrecision pr = ConvPrecision.of(x.dtype());
        Tensor out = pr.wrap(forward(pr, g, x, wt, b), new int[] {g.n(), oc, oh, ow});
        return Node.record(out, "conv2d", new Tensor[] {x, wt, b}, gy -> backward(pr, g, x, wt, b, gy));
    }

    static void checkPair(String op, String what, int[] v, int min) {
        if (v == null || v.length != 2) {
            throw new IllegalArgumentException(op + ": " + what + " must have 2 values (height, width), got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        if (v[0] < min || v[1] < min) {
            throw new IllegalArgumentException(op + ": " + what + " must be >= " + min + ", got " + Arrays.toString(v));
        }
    }

    private static boolean useDirect(ConvPrecision pr, ConvGeometry g) {
        return direct && pr == ConvPrecision.F32 && DirectConv.applies(g);
    }

    private static Object forward(ConvPrecision pr, ConvGeometry g, Tensor x, Tensor wt, Tensor b) {
        int n = g.n(), oc = g.oc(), ocg = g.ocg(), groups = g.groups(), k = g.kdim(), p = g.p();
        int chw = g.c() * g.hw();
        Object xd = pr.data(x), wd = pr.data(wt), bd = b == null ? null : pr.data(b);
        int xo = x.storageOffset(), wo = wt.storageOffset(), bo = b == null ? 0 : b.storageOffset();
        Object out = pr.alloc(n * oc * p);
        if (useDirect(pr, g)) {
            DirectConv.forwardBatch(g, (float[]) xd, xo, (float[]) wd, wo, (float[]) bd, bo, (float[]) out);
            return out;
        }
        if (direct && pr == ConvPrecision.F32 && WideConv.applies(g)) {
            WideConv.run(g, (float[]) xd, xo, WideConv.packWeights((float[]) wd, wo, oc, k), (float[]) bd, bo, (float[]) out);
            return out;
        }
        // a layer whose one image fills half of the backward's 256 KB or more gets up to fwdChunkElems
        int budget = k * p >= CHUNK_ELEMS / 2 ? fwdChunkElems : CHUNK_ELEMS;
        int per = g.pointwise() || p >= 256 ? 1 : Math.max(1, Math.min(n, budget / Math.max(1, k * p)));
        if (per > 1) {
            // Small outputs: several images side by side in one GEMM (a narrow product wastes much of the
            // micro-kernel's column panels), then each image's rows are copied out with the bias added.
            // Measured: LeNet's 10x10 second layer 21 -> 26 GFLOP/s; for 28x28 outputs the copy costs more.
            int chunks = (n + per - 1) / per;
            Parallel.forRange(chunks, 1, (cs, ce) -> {
                for (int chunk = cs; chunk < ce; chunk++) {
                    int first = chunk * per, count = Math.min(per, n - first), ld = count * p;
                    Object col = pr.workspace(0, k * ld), cm = pr.workspace(1, ocg * ld);
                    for (int grp = 0; grp < groups; grp++) {
                        for (int j = 0; j < count; j++) {
                            pr.im2col(xd, xo + (first + j) * chw + grp * g.cg() * g.hw(), g, col, j * p, ld);
                        }
                        pr.gemm(false, false, ocg, ld, k, wd, wo + grp * ocg * k, k, col, 0, ld, false, cm, 0, ld);
                        for (int j = 0; j < count; j++) {
                            pr.copyRows(cm, j * p, ld, out, ((first + j) * oc + grp * ocg) * p, ocg, p, bd, bo + grp * ocg);
                        }
                    }
                }
            });
            return out;
        }
        Parallel.forRange(n, 1, (s, e) -> {
            Object col = g.pointwise() ? null : pr.workspace(0, k * p);
            for (int img = s; img < e; img++) {
                int outImg = img * oc * p;
                if (bd != null) pr.fillRows(out, outImg, oc, p, bd, bo);
                for (int grp = 0; grp < groups; grp++) {
                    int src = xo + img * chw + grp * g.cg() * g.hw();
                    Object bm = xd;
                    int bOff = src;
                    if (col != null) {
                        pr.im2col(xd, src, g, col, 0, p);
                        bm = col;
                        bOff = 0;
                    }
                    pr.gemm(false, false, ocg, p, k, wd, wo + grp * ocg * k, k, bm, bOff, p, bd != null,
                            out, outImg + grp * ocg * p, p);
                }
            }
        });
        return out;
    }

    private static Tensor[] backward(ConvPrecision pr, ConvGeometry g, Tensor x, Tensor wt, Tensor b, Tensor gy) {
        boolean needX = x.requiresGrad(), needW = wt.requiresGrad(), needB = b != null && b.requiresGrad();
        gy = gy.contiguous();
        // the input gradient as a forward convolution of gy through the wide kernel, where it applies
        boolean f32 = direct && pr == ConvPrecision.F32;
        ConvGeometry t = needX && f32 ? WideConv.transposed(g) : null;
        boolean narrow = needX && f32 && t == null && WideConvNarrow.appliesInputGrad(g);   // 6 or 7 input channels
        float[] wf = f32 ? wt.storageFloats() : null, gyf = f32 ? gy.storageFloats() : null;
        Tensor gxWide = t != null ? Tensor.wrap(WideConv.inputGrad(t, wf, wt.storageOffset(), gyf, gy.storageOffset()), x.shape())
                : narrow ? Tensor.wrap(WideConvNarrow.inputGrad(g, wf, wt.storageOffset(), gyf, gy.storageOffset()), x.shape())
                : null;
        if (gxWide != null) needX = false;
        Tensor[] r;
        boolean lanes = needW && f32 && !DirectWeightGrad.appliesWeightGrad(g) && LaneWeightGrad.applies(g);
        if (needW && f32 && (lanes || DirectWeightGrad.appliesWeightGrad(g))) {
            Tensor[] wb = lanes ? LaneWeightGrad.weightGrad(g, x, wt, b, gy, needB) : directWeightGrad(g, x, wt, b, gy, needB);
            Tensor gx = needX ? backward(pr, g, x, wt, b, gy, true, false, false)[0] : null;
            r = new Tensor[] {gx, wb[0], wb[1]};
        } else if (needW && direct && pr == ConvPrecision.F32 && WideWeightGrad.applies(g)) {
            float[][] wb = WideWeightGrad.weightGrad(g, x.storageFloats(), x.storageOffset(), gy.storageFloats(),
                    gy.storageOffset(), needB);
            Tensor gx = needX ? backward(pr, g, x, wt, b, gy, true, false, false)[0] : null;
            r = new Tensor[] {gx, Tensor.wrap(wb[0], wt.shape()), needB ? Tensor.wrap(wb[1], b.shape()) : null};
        } else {
            r = needX || needW || needB ? backward(pr, g, x, wt, b, gy, needX, needW, needB) : new Tensor[3];
        }
        if (gxWide != null) r[0] = gxWide;
        return r;
    }

    /**
     * Where the direct weight gradient reads one image's output gradient [oc, oh*ow]: an array and an
     * offset, either stored (the op's gradient) or rebuilt per image into a thread's scratch buffer of
     * oc*oh*ow floats (the fused {@link ConvReluPool} backward).
     */
    interface ImageGrad {
        /** The array holding image img's gradient, possibly scratch after filling it. */
        float[] array(int img, float[] scratch);

        /** Where in that array it starts. */
        int offset(int img);

        /** Whether array needs a scratch buffer. */
        default boolean scratch() { return false; }
    }

    private static Tensor[] directWeightGrad(ConvGeometry g, Tensor x, Tensor wt, Tensor b, Tensor gy, boolean needB) {
        float[] gf = gy.storageFloats();
        int go = gy.storageOffset(), ip = g.oc() * g.p();
        return directWeightGrad(g, x, wt, b, needB, new ImageGrad() {
            @Override public float[] array(int img, float[] scratch) { return gf; }
            @Override public int offset(int img) { return go + img * ip; }
        });
    }

    /**
     * Weight and bias gradients through {@link DirectWeightGrad#weightGradShifted}: images are split into a fixed
     * number of runs with a partial gradient each, summed in run order (reproducible, as below). Within a
     * run the kernel adds each image's lane-wise partial sums into one buffer, summed over lanes in a fixed
     * order once at the end of the run.
     */
    static Tensor[] directWeightGrad(ConvGeometry g, Tensor x, Tensor wt, Tensor b, boolean needB, ImageGrad grads) {
        int n = g.n(), oc = g.oc(), k = g.kdim(), p = g.p(), chw = g.c() * g.hw();
        float[] xf = x.storageFloats();
        int xo = x.storageOffset();
        int[] taps = DirectWeightGrad.shiftedTaps(g);
        // each run zeroes and sums over lanes its own partial sums (LeNet's 6->16: 38,400 floats): at least
        // 8 images a run unless that leaves a thread idle
        int threads = Parallel.threads(), runs = Math.min(n, Math.min(4 * threads, Math.max(threads, (n + 7) / 8)));
        float[][] dwParts = new float[runs][], dbParts = new float[runs][];
        Parallel.forRange(runs, 1, (rs, re) -> {
            float[] in = DirectWeightGrad.shiftedBuffer(g);   // borders zero
            float[] scratch = grads.scratch() ? new float[oc * p] : null;
            for (int run = rs; run < re; run++) {
                int first = (int) ((long) n * run / runs), end = (int) ((long) n * (run + 1) / runs);
                float[] part = DirectWeightGrad.partBuffer(DirectWeightGrad.partLength(g), false);
                float[] bpart = needB ? DirectWeightGrad.partBuffer(DirectWeightGrad.biasPartLength(oc), true) : null;
                for (int img = first; img < end; img++) {
                    float[] gf = grads.array(img, scratch);
                    int gOff = grads.offset(img);
                    DirectWeightGrad.shifted(xf, xo + img * chw, g, in);
                    DirectWeightGrad.weightGradShifted(in, taps, g, gf, gOff, part, bpart);
                    DirectWeightGrad.weightGradTail(in, taps, g, gf, gOff, part, bpart);
                }
                float[] dw = new float[oc * k], db = needB ? new float[oc] : null;
                DirectWeightGrad.reduceParts(part, oc, k, DirectWeightGrad.partTaps(g), dw, 0);
                if (needB) DirectWeightGrad.reduceParts(bpart, oc, 1, 1, db, 0);
                dwParts[run] = dw;
                dbParts[run] = db;
            }
        });
        Tensor gw = Tensor.wrap((float[]) sum(ConvPrecision.F32, dwParts, oc * k), wt.shape());
        Tensor gb = needB ? Tensor.wrap((float[]) sum(ConvPrecision.F32, dbParts, oc), b.shape()) : null;
        return new Tensor[] {gw, gb};
    }

    /** The FLOAT32 backward of conv2d for the gradients x, wt and b require, as the op's own graph node runs it. */
    static Tensor[] backward(ConvGeometry g, Tensor x, Tensor wt, Tensor b, Tensor gy) {
        return backward(ConvPrecision.F32, g, x, wt, b, gy);
    }

    /** The im2col path of the backward, for the gradients asked for. */
    private static Tensor[] backward(ConvPrecision pr, ConvGeometry g, Tensor x, Tensor wt, Tensor b, Tensor gy,
                                     boolean needX, boolean needW, boolean needB) {
        int n = g.n(), oc = g.oc(), ocg = g.ocg(), groups = g.groups(), k = g.kdim(), p = g.p();
        int chw = g.c() * g.hw(), cghw = g.cg() * g.hw();
        Object xd = pr.data(x), wd = pr.data(wt), gd = pr.data(gy);
        int xo = x.storageOffset(), wo = wt.storageOffset(), go = gy.storageOffset();

        int perChunk = Math.max(1, Math.min(n, CHUNK_ELEMS / Math.max(1, k * p)));
        if (perChunk == 1 && p < 512) {
            // Deep layers with small outputs: one image gives the weight-gradient GEMM a reduction of a few
            // hundred, too short to amortise its packing; batch at least ~1024 columns even past L2
            // (measured on the small CNN's 32->64 layer at 14x14: 21.5 -> 15.9 ms).
            perChunk = Math.min(n, (1024 + p - 1) / p);
        }
        int chunks = Math.max((n + perChunk - 1) / perChunk, Math.min(n, Parallel.threads()));
        perChunk = (n + chunks - 1) / chunks;
        chunks = (n + perChunk - 1) / perChunk;
        final int per = perChunk;

        Object dx = needX ? pr.alloc(n * chw) : null;
        // Chunks are grouped into a fixed number of runs, each summing into its own partial weight and bias
        // gradient; the partials are added in run order. The grouping depends only on the shapes and the
        // pool size, not on how the pool hands out work, so results are bit-for-bit reproducible.
        // On several threads each run is an equal share of the images, cut into near-equal chunks of at
        // most per images: runs of whole chunks were uneven (the small CNN's 32->64 layer: 11 chunks of 6
        // in 8 runs of 6 or 12 images, so one thread got 34 of the 64 images and the other waited).
        boolean byImages = balancedRuns && Parallel.threads() > 1;
        int runs = byImages ? Math.min(n, 4 * Parallel.threads()) : Math.min(chunks, 4 * Parallel.threads());
        final int nChunks = chunks;
        Object[] dwParts = new Object[runs], dbParts = new Object[runs];
        Parallel.forRange(runs, 1, (rs, re) -> { for (int run = rs; run < re; run++) {
            int cs, ce, rFirst = 0, rLen = 0;
            if (byImages) {
                rFirst = (int) ((long) n * run / runs);
                rLen = (int) ((long) n * (run + 1) / runs) - rFirst;
                cs = 0;
                ce = (rLen + per - 1) / per;
            } else {
                cs = (int) ((long) nChunks * run / runs);
                ce = (int) ((long) nChunks * (run + 1) / runs);
            }
            Object dwPart = needW ? pr.alloc(oc * k) : null, dbPart = needB ? pr.alloc(oc) : null;
            dwParts[run] = dwPart;
            dbParts[run] = dbPart;
            for (int chunk = cs; chunk < ce; chunk++) {
                int first, count;
                if (byImages) {
                    first = rFirst + rLen * chunk / ce;
                    count = rFirst + rLen * (chunk + 1) / ce - first;
                } else {
                    first = chunk * per;
                    count = Math.min(per, n - first);
                }
                int ld = count * p;
                boolean accumulate = chunk > cs;
                // The chunk's output gradient as [oc, count*p]: one image needs no copy.
                Object gm = gd;
                int gOff = go + first * oc * p, gLd = p;
                if (count > 1) {
                    gm = pr.workspace(1, oc * ld);
                    for (int j = 0; j < count; j++) {
                        for (int c = 0; c < oc; c++) {
                            System.arraycopy(gd, go + ((first + j) * oc + c) * p, gm, c * ld + j * p, p);
                        }
                    }
                    gOff = 0;
                    gLd = ld;
                }
                if (needB) pr.addRowSums(gm, gOff, oc, ld, gLd, dbPart, 0);
                if (!needX && !needW) continue;
                Object col = pr.workspace(0, k * ld);
                for (int grp = 0; grp < groups; grp++) {
                    int gRow = gOff + grp * ocg * gLd;
                    if (needW) {
                        for (int j = 0; j < count; j++) {
                            pr.im2col(xd, xo + (first + j) * chw + grp * cghw, g, col, j * p, ld);
                        }
                        pr.gemm(false, true, ocg, k, ld, gm, gRow, gLd, col, 0, ld, accumulate, dwPart, grp * ocg * k, k);
                    }
                    if (needX) {
                        pr.gemm(true, false, k, ld, ocg, wd, wo + grp * ocg * k, k, gm, gRow, gLd, false, col, 0, ld);
                        for (int j = 0; j < count; j++) {
                            pr.col2im(col, j * p, ld, g, dx, (first + j) * chw + grp * cghw);
                        }
                    }
                }
            }
        } });
        Tensor gx = needX ? pr.wrap(dx, x.shape()) : null;
        Tensor gw = needW ? pr.wrap(sum(pr, dwParts, oc * k), wt.shape()) : null;
        Tensor gb = needB ? pr.wrap(sum(pr, dbParts, oc), b.shape()) : null;
        return new Tensor[] {gx, gw, gb};
    }

    private static Object sum(ConvPrecision pr, Object[] parts, int len) {
        Object total = parts[0];
        for (int i = 1; i < parts.length; i++) if (parts[i] != null) pr.addInto(total, parts[i], len);
        return total;
    }
}
