package org.crema.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.crema.Tensor;
import org.crema.backend.Parallel;

/**
 * FLOAT32 weight and bias gradients of a layer with exactly one vector of output channels (16 with
 * AVX-512: LeNet's 6->16 5x5 layer) with the output channels in the lanes: dW[:, t] = sum over pixels q of
 * dY[:, q] * x[q + off(t)], one broadcast input value per FMA, the output gradient of each image
 * transposed once to [p][oc] so that dY[:, q] is one vector load. Nothing is unfolded and nothing is summed
 * over lanes: every lane is one weight's own sum, and all lanes are useful (the pixel-lane kernel of
 * {@link DirectConv} leaves a 10x10 plane's last vector three-quarters empty and sums 16 lanes per weight
 * and run). A block of {@link #TB} taps keeps its accumulators in registers over one image's pixels; for
 * 5-wide kernels {@link #accumulate5} shares each broadcast between up to four pixels (LeNet's layer, 64
 * images, 1 thread, CPU time, load 6.5: 0.51 -> 0.44 ms with the transposes, same bits), and
 * {@link #accumulate5x5} between up to five where rows are a multiple of five pixels (0.46 -> 0.37 ms).
 *
 * <p>Each weight's gradient is one FMA chain over the images of a run in order and their pixels in
 * order; runs (fixed by the batch size and pool size only) are added in run order: the same bits however
 * the pool hands out work, interpreted or compiled. Stride 1, dilation 1, one group. Loaded only when the
 * Vector API is enabled.
 */
final class LaneWeightGrad {
    private LaneWeightGrad() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Taps per block: ten accumulators, each dY vector loaded once per ten FMAs. */
    static final int TB = 10;

    /** Whether the geometry suits this kernel: one vector of output channels, small outputs. */
    static boolean applies(ConvGeometry g) {
        return g.unitStride() && g.oc() == L && g.p() <= 1024 && (long) g.c() * g.hp() * g.wp() <= 1 << 14;
    }

    /** Taps rounded up to whole blocks (the partial sums' rows). */
    static int partTaps(int k) { return (k + TB - 1) / TB * TB; }

    /** [gw, gb] of the layer (gb null unless needB), from the contiguous input x and output gradient gy. */
    static Tensor[] weightGrad(ConvGeometry g, Tensor x, Tensor wt, Tensor b, Tensor gy, boolean needB) {
        int n = g.n(), oc = g.oc(), k = g.kdim(), p = g.p(), chw = g.c() * g.hw();
        float[] xf = x.storageFloats(), gf = gy.storageFloats();
        int xo = x.storageOffset(), go = gy.storageOffset();
        boolean padded = g.ph() > 0 || g.pw() > 0;
        int wp = padded ? g.wp() : g.w(), plane = padded ? g.hp() * wp : g.hw();
        int[] taps = DirectConv.tapOffsets(g, wp, plane);
        int threads = Parallel.threads(), runs = Math.min(n, Math.min(4 * threads, Math.max(threads, (n + 7) / 8)));
        float[][] dwParts = new float[runs][], dbParts = new float[runs][];
        Parallel.forRange(runs, 1, (rs, re) -> {
            float[] in = padded ? new float[g.c() * plane] : null;   // borders stay zero
            float[] gt = new float[p * L];
            for (int run = rs; run < re; run++) {
                int first = (int) ((long) n * run / runs), end = (int) ((long) n * (run + 1) / runs);
                float[] part = new float[partTaps(k) * L], bpart = needB ? new float[L] : null;
                for (int img = first; img < end; img++) {
                    float[] src = xf;
                    int io = xo + img * chw;
                    if (padded) {
                        DirectConv.pad(xf, io, g, in);
                        src = in;
                        io = 0;
                    }
                    transpose(gf, go + img * oc * p, p, gt);
                    if (g.kw() == 5 && g.ow() % 5 == 0) accumulate5x5(src, io, wp, plane, g, gt, part);
                    else if (g.kw() == 5) accumulate5(src, io, wp, plane, g, gt, part);
                    else accumulate(src, io, wp, taps, g, gt, part);
                    if (needB) biasSum(gt, p, bpart);
                }
                float[] dw = new float[oc * k];
                for (int t = 0; t < k; t++) {
                    for (int o = 0; o < oc; o++) dw[o * k + t] = part[t * L + o];
                }
                dwParts[run] = dw;
                dbParts[run] = bpart;
            }
        });
        for (int r = 1; r < runs; r++) {
            for (int i = 0; i < oc * k; i++) dwParts[0][i] += dwParts[r][i];
            if (needB) for (int o = 0; o < oc; o++) dbParts[0][o] += dbParts[r][o];
        }
        Tensor gw = Tensor.wrap(dwParts[0], wt.shape());
        Tensor gb = needB ? Tensor.wrap(java.util.Arrays.copyOf(dbParts[0], oc), b.shape()) : null;
        return new Tensor[] {gw, gb};
    }

    /** gt[q * L + o] = gy[go + o * p + q]: one image's output gradient [L, p] as [p, L]. */
    static void transpose(float[] gy, int go, int p, float[] gt) {
        for (int o = 0; o < L; o++) {
            int src = go + o * p;
            for (int q = 0; q < p; q++) gt[q * L + o] = gy[src + q];
        }
    }

    /** bpart[o] += gt[q * L + o] over q in order. */
    static void biasSum(float[] gt, int p, float[] bpart) {
        FloatVector s = FloatVector.fromArray(S, bpart, 0);
        for (int q = 0; q < p; q++) s = s.add(FloatVector.fromArray(S, gt, q * L));
        s.intoArray(bpart, 0);
    }

    /**
     * part[t * L + o] += sum over output pixels (y, x) in order of gt[(y * ow + x) * L + o] * in[io + y * wp
     * + x + taps[t]]: one image. A block short of taps repeats tap k - 1; its copies land in part's padded rows.
     */
    static void accumulate(float[] in, int io, int wp, int[] taps, ConvGeometry g, float[] gt, float[] part) {
        int k = g.kdim(), oh = g.oh(), ow = g.ow();
        for (int t = 0; t < k; t += TB) {
            int o0 = taps[t], o1 = taps[Math.min(t + 1, k - 1)], o2 = taps[Math.min(t + 2, k - 1)];
            int o3 = taps[Math.min(t + 3, k - 1)], o4 = taps[Math.min(t + 4, k - 1)], o5 = taps[Math.min(t + 5, k - 1)];
            int o6 = taps[Math.min(t + 6, k - 1)], o7 = taps[Math.min(t + 7, k - 1)], o8 = taps[Math.min(t + 8, k - 1)];
            int o9 = taps[Math.min(t + 9, k - 1)];
            int d = t * L;
            FloatVector a0 = FloatVector.fromArray(S, part, d), a1 = FloatVector.fromArray(S, part, d + L);
            FloatVector a2 = FloatVector.fromArray(S, part, d + 2 * L), a3 = FloatVector.fromArray(S, part, d + 3 * L);
            FloatVector a4 = FloatVector.fromArray(S, part, d + 4 * L), a5 = FloatVector.fromArray(S, part, d + 5 * L);
            FloatVector a6 = FloatVector.fromArray(S, part, d + 6 * L), a7 = FloatVector.fromArray(S, part, d + 7 * L);
            FloatVector a8 = FloatVector.fromArray(S, part, d + 8 * L), a9 = FloatVector.fromArray(S, part, d + 9 * L);
            for (int y = 0, gq = 0; y < oh; y++) {
                for (int x = 0, r = io + y * wp; x < ow; x++, r++, gq += L) {
                    FloatVector e = FloatVector.fromArray(S, gt, gq);
                    a0 = e.fma(FloatVector.broadcast(S, in[r + o0]), a0);
                    a1 = e.fma(FloatVector.broadcast(S, in[r + o1]), a1);
                    a2 = e.fma(FloatVector.broadcast(S, in[r + o2]), a2);
                    a3 = e.fma(FloatVector.broadcast(S, in[r + o3]), a3);
                    a4 = e.fma(FloatVector.broadcast(S, in[r + o4]), a4);
                    a5 = e.fma(FloatVector.broadcast(S, in[r + o5]), a5);
                    a6 = e.fma(FloatVector.broadcast(S, in[r + o6]), a6);
                    a7 = e.fma(FloatVector.broadcast(S, in[r + o7]), a7);
                    a8 = e.fma(FloatVector.broadcast(S, in[r + o8]), a8);
                    a9 = e.fma(FloatVector.broadcast(S, in[r + o9]), a9);
                }
            }
            a0.intoArray(part, d);
            a1.intoArray(part, d + L);
            a2.intoArray(part, d + 2 * L);
            a3.intoArray(part, d + 3 * L);
            a4.intoArray(part, d + 4 * L);
            a5.intoArray(part, d + 5 * L);
            a6.intoArray(part, d + 6 * L);
            a7.intoArray(part, d + 7 * L);
            a8.intoArray(part, d + 8 * L);
            a9.intoArray(part, d + 9 * L);
        }
    }
    /**
     * {@link #accumulate} for 5-wide kernels, two kernel rows (ten taps) at a time, four pixels of an output
     * row per step: the eight inputs of a row those pixels' taps read are broadcast once each and used up to
     * four times (pixel x + j, tap kj reads column x + j + kj), so a step takes 4 gradient loads and 16
     * broadcasts for 40 FMAs instead of 44 loads. Each accumulator still takes its pixels in order. Rows
     * (c, ki) are paired in order; an odd last row is paired with itself, its copy landing in part's padded
     * rows (partTaps rounds k = 5 * rows up to a multiple of 10).
     */
    static void accumulate5(float[] in, int io, int wp, int plane, ConvGeometry g, float[] gt, float[] part) {
        int rows = g.c() * g.kh(), kh = g.kh(), oh = g.oh(), ow = g.ow(), whole = ow - ow % 4;
        for (int row = 0; row < rows; row += 2) {
            int rowB = Math.min(row + 1, rows - 1);
            int offA = io + (row / kh) * plane + (row % kh) * wp, offB = io + (rowB / kh) * plane + (rowB % kh) * wp;
            int d = row * 5 * L;
            FloatVector a0 = FloatVector.fromArray(S, part, d), a1 = FloatVector.fromArray(S, part, d + L);
            FloatVector a2 = FloatVector.fromArray(S, part, d + 2 * L), a3 = FloatVector.fromArray(S, part, d + 3 * L);
            FloatVector a4 = FloatVector.fromArray(S, part, d + 4 * L), b0 = FloatVector.fromArray(S, part, d + 5 * L);
            FloatVector b1 = FloatVector.fromArray(S, part, d + 6 * L), b2 = FloatVector.fromArray(S, part, d + 7 * L);
            FloatVector b3 = FloatVector.fromArray(S, part, d + 8 * L), b4 = FloatVector.fromArray(S, part, d + 9 * L);
            for (int y = 0, gy0 = 0; y < oh; y++, gy0 += ow * L) {
                int x = 0;
                for (; x < whole; x += 4) {
                    int gq = gy0 + x * L, ra = offA + y * wp + x, rb = offB + y * wp + x;
                    FloatVector e0 = FloatVector.fromArray(S, gt, gq), e1 = FloatVector.fromArray(S, gt, gq + L);
                    FloatVector e2 = FloatVector.fromArray(S, gt, gq + 2 * L), e3 = FloatVector.fromArray(S, gt, gq + 3 * L);
                    FloatVector v;
                    v = FloatVector.broadcast(S, in[ra]);
                    a0 = e0.fma(v, a0);
                    v = FloatVector.broadcast(S, in[ra + 1]);
                    a1 = e0.fma(v, a1); a0 = e1.fma(v, a0);
                    v = FloatVector.broadcast(S, in[ra + 2]);
                    a2 = e0.fma(v, a2); a1 = e1.fma(v, a1); a0 = e2.fma(v, a0);
                    v = FloatVector.broadcast(S, in[ra + 3]);
                    a3 = e0.fma(v, a3); a2 = e1.fma(v, a2); a1 = e2.fma(v, a1); a0 = e3.fma(v, a0);
                    v = FloatVector.broadcast(S, in[ra + 4]);
                    a4 = e0.fma(v, a4); a3 = e1.fma(v, a3); a2 = e2.fma(v, a2); a1 = e3.fma(v, a1);
                    v = FloatVector.broadcast(S, in[ra + 5]);
                    a4 = e1.fma(v, a4); a3 = e2.fma(v, a3); a2 = e3.fma(v, a2);
                    v = FloatVector.broadcast(S, in[ra + 6]);
                    a4 = e2.fma(v, a4); a3 = e3.fma(v, a3);
                    v = FloatVector.broadcast(S, in[ra + 7]);
                    a4 = e3.fma(v, a4);
                    v = FloatVector.broadcast(S, in[rb]);
                    b0 = e0.fma(v, b0);
                    v = FloatVector.broadcast(S, in[rb + 1]);
                    b1 = e0.fma(v, b1); b0 = e1.fma(v, b0);
                    v = FloatVector.broadcast(S, in[rb + 2]);
                    b2 = e0.fma(v, b2); b1 = e1.fma(v, b1); b0 = e2.fma(v, b0);
                    v = FloatVector.broadcast(S, in[rb + 3]);
                    b3 = e0.fma(v, b3); b2 = e1.fma(v, b2); b1 = e2.fma(v, b1); b0 = e3.fma(v, b0);
                    v = FloatVector.broadcast(S, in[rb + 4]);
                    b4 = e0.fma(v, b4); b3 = e1.fma(v, b3); b2 = e2.fma(v, b2); b1 = e3.fma(v, b1);
                    v = FloatVector.broadcast(S, in[rb + 5]);
                    b4 = e1.fma(v, b4); b3 = e2.fma(v, b3); b2 = e3.fma(v, b2);
                    v = FloatVector.broadcast(S, in[rb + 6]);
                    b4 = e2.fma(v, b4); b3 = e3.fma(v, b3);
                    v = FloatVector.broadcast(S, in[rb + 7]);
                    b4 = e3.fma(v, b4);
                }
                for (; x < ow; x++) {
                    int gq = gy0 + x * L, ra = offA + y * wp + x, rb = offB + y * wp + x;
                    FloatVector e0 = FloatVector.fromArray(S, gt, gq);
                    a0 = e0.fma(FloatVector.broadcast(S, in[ra + 0]), a0);
                    a1 = e0.fma(FloatVector.broadcast(S, in[ra + 1]), a1);
                    a2 = e0.fma(FloatVector.broadcast(S, in[ra + 2]), a2);
                    a3 = e0.fma(FloatVector.broadcast(S, in[ra + 3]), a3);
                    a4 = e0.fma(FloatVector.broadcast(S, in[ra + 4]), a4);
                    b0 = e0.fma(FloatVector.broadcast(S, in[rb + 0]), b0);
                    b1 = e0.fma(FloatVector.broadcast(S, in[rb + 1]), b1);
                    b2 = e0.fma(FloatVector.broadcast(S, in[rb + 2]), b2);
                    b3 = e0.fma(FloatVector.broadcast(S, in[rb + 3]), b3);
                    b4 = e0.fma(FloatVector.broadcast(S, in[rb + 4]), b4);
                }
            }
            a0.intoArray(part, d);
            a1.intoArray(part, d + L);
            a2.intoArray(part, d + 2 * L);
            a3.intoArray(part, d + 3 * L);
            a4.intoArray(part, d + 4 * L);
            b0.intoArray(part, d + 5 * L);
            b1.intoArray(part, d + 6 * L);
            b2.intoArray(part, d + 7 * L);
            b3.intoArray(part, d + 8 * L);
            b4.intoArray(part, d + 9 * L);
        }
    }

    /**
     * {@link #accumulate5} for output rows of a multiple of 5 pixels (LeNet's 10), five pixels per step: the
     * nine inputs those pixels' taps read are broadcast once each and used up to five times, 5 gradient
     * loads and 18 broadcasts per 50 FMAs, and no single-pixel tail (a fifth of LeNet's products went
     * through accumulate5's, at 11 loads per 10 FMAs). Each accumulator takes its pixels in order: the same
     * bits as {@link #accumulate}.
     */
    static void accumulate5x5(float[] in, int io, int wp, int plane, ConvGeometry g, float[] gt, float[] part) {
        int rows = g.c() * g.kh(), kh = g.kh(), oh = g.oh(), ow = g.ow();
        for (int row = 0; row < rows; row += 2) {
            int rowB = Math.min(row + 1, rows - 1);
            int offA = io + (row / kh) * plane + (row % kh) * wp, offB = io + (rowB / kh) * plane + (rowB % kh) * wp;
            int d = row * 5 * L;
            FloatVector a0 = FloatVector.fromArray(S, part, d), a1 = FloatVector.fromArray(S, part, d + L);
            FloatVector a2 = FloatVector.fromArray(S, part, d + 2 * L), a3 = FloatVector.fromArray(S, part, d + 3 * L);
            FloatVector a4 = FloatVector.fromArray(S, part, d + 4 * L), b0 = FloatVector.fromArray(S, part, d + 5 * L);
            FloatVector b1 = FloatVector.fromArray(S, part, d + 6 * L), b2 = FloatVector.fromArray(S, part, d + 7 * L);
            FloatVector b3 = FloatVector.fromArray(S, part, d + 8 * L), b4 = FloatVector.fromArray(S, part, d + 9 * L);
            for (int y = 0, gy0 = 0; y < oh; y++, gy0 += ow * L) {
                for (int x = 0; x < ow; x += 5) {
                    int gq = gy0 + x * L, ra = offA + y * wp + x, rb = offB + y * wp + x;
                    FloatVector e0 = FloatVector.fromArray(S, gt, gq), e1 = FloatVector.fromArray(S, gt, gq + L);
                    FloatVector e2 = FloatVector.fromArray(S, gt, gq + 2 * L), e3 = FloatVector.fromArray(S, gt, gq + 3 * L);
                    FloatVector e4 = FloatVector.fromArray(S, gt, gq + 4 * L);
                    FloatVector v;
                    v = FloatVector.broadcast(S, in[ra]);
                    a0 = e0.fma(v, a0);
                    v = FloatVector.broadcast(S, in[ra + 1]);
                    a1 = e0.fma(v, a1); a0 = e1.fma(v, a0);
                    v = FloatVector.broadcast(S, in[ra + 2]);
                    a2 = e0.fma(v, a2); a1 = e1.fma(v, a1); a0 = e2.fma(v, a0);
                    v = FloatVector.broadcast(S, in[ra + 3]);
                    a3 = e0.fma(v, a3); a2 = e1.fma(v, a2); a1 = e2.fma(v, a1); a0 = e3.fma(v, a0);
                    v = FloatVector.broadcast(S, in[ra + 4]);
                    a4 = e0.fma(v, a4); a3 = e1.fma(v, a3); a2 = e2.fma(v, a2); a1 = e3.fma(v, a1); a0 = e4.fma(v, a0);
                    v = FloatVector.broadcast(S, in[ra + 5]);
                    a4 = e1.fma(v, a4); a3 = e2.fma(v, a3); a2 = e3.fma(v, a2); a1 = e4.fma(v, a1);
                    v = FloatVector.broadcast(S, in[ra + 6]);
                    a4 = e2.fma(v, a4); a3 = e3.fma(v, a3); a2 = e4.fma(v, a2);
                    v = FloatVector.broadcast(S, in[ra + 7]);
                    a4 = e3.fma(v, a4); a3 = e4.fma(v, a3);
                    v = FloatVector.broadcast(S, in[ra + 8]);
                    a4 = e4.fma(v, a4);
                    v = FloatVector.broadcast(S, in[rb]);
                    b0 = e0.fma(v, b0);
                    v = FloatVector.broadcast(S, in[rb + 1]);
                    b1 = e0.fma(v, b1); b0 = e1.fma(v, b0);
                    v = FloatVector.broadcast(S, in[rb + 2]);
                    b2 = e0.fma(v, b2); b1 = e1.fma(v, b1); b0 = e2.fma(v, b0);
                    v = FloatVector.broadcast(S, in[rb + 3]);
                    b3 = e0.fma(v, b3); b2 = e1.fma(v, b2); b1 = e2.fma(v, b1); b0 = e3.fma(v, b0);
                    v = FloatVector.broadcast(S, in[rb + 4]);
                    b4 = e0.fma(v, b4); b3 = e1.fma(v, b3); b2 = e2.fma(v, b2); b1 = e3.fma(v, b1); b0 = e4.fma(v, b0);
                    v = FloatVector.broadcast(S, in[rb + 5]);
                    b4 = e1.fma(v, b4); b3 = e2.fma(v, b3); b2 = e3.fma(v, b2); b1 = e4.fma(v, b1);
                    v = FloatVector.broadcast(S, in[rb + 6]);
                    b4 = e2.fma(v, b4); b3 = e3.fma(v, b3); b2 = e4.fma(v, b2);
                    v = FloatVector.broadcast(S, in[rb + 7]);
                    b4 = e3.fma(v, b4); b3 = e4.fma(v, b3);
                    v = FloatVector.broadcast(S, in[rb + 8]);
                    b4 = e4.fma(v, b4);
                }
            }
            a0.intoArray(part, d);
            a1.intoArray(part, d + L);
            a2.intoArray(part, d + 2 * L);
            a3.intoArray(part, d + 3 * L);
            a4.intoArray(part, d + 4 * L);
            b0.intoArray(part, d + 5 * L);
            b1.intoArray(part, d + 6 * L);
            b2.intoArray(part, d + 7 * L);
            b3.intoArray(part, d + 8 * L);
            b4.intoArray(part, d + 9 * L);
        }
    }
}
