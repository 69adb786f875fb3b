package org.crema.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.crema.backend.Parallel;

/**
 * Direct FLOAT32 convolution (no im2col) for layers with few input taps, such as a first layer on 1 or
 * 3 channels: there im2col writes C*kH*kW values per output pixel, more memory traffic than the GEMM's
 * arithmetic, and the GEMM's reduction (K = 9 or 75) is too short for its packing to pay.
 *
 * <p>Stride 1, dilation 1, one group. A padded input is copied into a zero-bordered plane first, so every
 * tap of a row of outputs reads one contiguous run of inputs: output row y, columns x0..x0+L-1, tap
 * (c, ki, kj) reads plane c, row y+ki, columns x0+kj... Rows are covered by vectors of L lanes from x0 =
 * 0 in steps of L; the last vector starts at ow - L and overlaps the one before (so ow >= L) and the
 * forward computes those lanes again with the same arithmetic. Four output channels at a time share each
 * input vector. The weight gradient is {@link DirectWeightGrad}. Loaded only when the Vector API is enabled.
 */
final class DirectConv {
    private DirectConv() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Output channels per block: four accumulators, four weights per loaded input vector. */
    static final int OB = 4;

    /** Whether the geometry suits the direct kernels. */
    static boolean applies(ConvGeometry g) {
        return g.unitStride() && g.ow() >= L
                && g.kdim() <= 80;
    }

    /**
     * out[n, oc, oh, ow] = conv(x) + bias for the whole batch, images spread over threads; out is written
     * whole (every element once), so it may hold garbage on entry.
     */
    static void forwardBatch(ConvGeometry g, float[] xf, int xo, float[] wd, int wo, float[] bd, int bo, float[] out) {
        int oc = g.oc(), p = g.p(), chw = g.c() * g.hw();
        float[] wpk = packWeights(wd, wo, oc, g.kdim());
        boolean padded = g.ph() > 0 || g.pw() > 0;
        int wp = g.wp(), plane = g.hp() * wp;
        int[] taps = padded ? tapOffsets(g, wp, plane) : tapOffsets(g, g.w(), g.hw());
        Parallel.forRange(g.n(), 1, (s, e) -> {
            float[] buf = padded ? new float[g.c() * plane] : null;   // borders stay zero
            for (int img = s; img < e; img++) {
                if (padded) {
                    pad(xf, xo + img * chw, g, buf);
                    forward(buf, 0, wp, taps, g, wpk, bd, bo, out, img * oc * p);
                } else {
                    forward(xf, xo + img * chw, g.w(), taps, g, wpk, bd, bo, out, img * oc * p);
                }
            }
        });
    }

    /** Copies one image [c, h, w] into zero-bordered planes [c, hp, wp] (borders already zero in dst). */
    static void pad(float[] x, int xo, ConvGeometry g, float[] dst) {
        int h = g.h(), w = g.w(), wp = g.wp(), plane = g.hp() * wp;
        for (int c = 0; c < g.c(); c++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(x, xo + (c * h + r) * w, dst, c * plane + (r + g.ph()) * wp + g.pw(), w);
            }
        }
    }

    /**
     * The weights regrouped as [oc/OB blocks][k][OB] (zero rows past oc), so the four weights of one
     * tap sit together.
     */
    static float[] packWeights(float[] wt, int wo, int oc, int k) {
        int blocks = (oc + OB - 1) / OB;
        float[] p = new float[blocks * k * OB];
        for (int o = 0; o < oc; o++) {
            for (int t = 0; t < k; t++) p[((o / OB) * k + t) * OB + o % OB] = wt[wo + o * k + t];
        }
        return p;
    }

    /** Offset of each tap (c, ki, kj) from the tap (0, 0, 0) in planes of row width wp and size planeSize. */
    static int[] tapOffsets(ConvGeometry g, int wp, int planeSize) {
        int[] off = new int[g.kdim()];
        int t = 0;
        for (int c = 0; c < g.c(); c++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) off[t++] = c * planeSize + ki * wp + kj;
            }
        }
        return off;
    }

    /**
     * out[oc, oh, ow] of one image = bias + W x, from the padded (or, without padding, the original)
     * planes in at offset io with row width wp; taps from {@link #tapOffsets}. Two vectors of a row and
     * four channels at a time: eight independent FMA chains, enough to hide the FMA latency.
     */
    static void forward(float[] in, int io, int wp, int[] taps, ConvGeometry g, float[] wpk, float[] bias, int bo,
                        float[] out, int oo) {
        if (oneChannel3x3(g)) {
            forward3x3(in, io, wp, g, wpk, bias, bo, out, oo);
            return;
        }
        if (sixChannels(g)) {
            forward6(in, io, wp, taps, g, wpk, bias, bo, out, oo);
            return;
        }
        int oc = g.oc(), oh = g.oh(), ow = g.ow(), k = g.kdim(), p = g.p();
        int chunks = (ow + L - 1) / L;
        for (int ob = 0; ob * OB < oc; ob++) {
            int o0 = ob * OB, nb = Math.min(OB, oc - o0), wb = ob * k * OB;
            float b0 = bias(bias, bo, o0, oc), b1 = bias(bias, bo, o0 + 1, oc);
            float b2 = bias(bias, bo, o0 + 2, oc), b3 = bias(bias, bo, o0 + 3, oc);
            for (int y = 0; y < oh; y++) {
                for (int ch = 0; ch < chunks; ch += 2) {
                    // a single last vector is computed twice (same lanes, same values)
                    int xa = Math.min(ch * L, ow - L), xb = Math.min((ch + 1) * L, ow - L);
                    FloatVector a0 = FloatVector.broadcast(S, b0), a1 = FloatVector.broadcast(S, b1);
                    FloatVector a2 = FloatVector.broadcast(S, b2), a3 = FloatVector.broadcast(S, b3);
                    FloatVector c0 = a0, c1 = a1, c2 = a2, c3 = a3;
                    int ra = io + y * wp + xa, rb = io + y * wp + xb;
                    for (int t = 0; t < k; t++) {
                        FloatVector va = FloatVector.fromArray(S, in, ra + taps[t]);
                        FloatVector vb = FloatVector.fromArray(S, in, rb + taps[t]);
                        int wi = wb + t * OB;
                        FloatVector w0 = FloatVector.broadcast(S, wpk[wi]), w1 = FloatVector.broadcast(S, wpk[wi + 1]);
                        FloatVector w2 = FloatVector.broadcast(S, wpk[wi + 2]), w3 = FloatVector.broadcast(S, wpk[wi + 3]);
                        a0 = va.fma(w0, a0);
                        c0 = vb.fma(w0, c0);
                        a1 = va.fma(w1, a1);
                        c1 = vb.fma(w1, c1);
                        a2 = va.fma(w2, a2);
                        c2 = vb.fma(w2, c2);
                        a3 = va.fma(w3, a3);
                        c3 = vb.fma(w3, c3);
                    }
                    int da = oo + o0 * p + y * ow + xa, db = oo + o0 * p + y * ow + xb;
                    a0.intoArray(out, da);
                    c0.intoArray(out, db);
                    if (nb > 1) { a1.intoArray(out, da + p); c1.intoArray(out, db + p); }
                    if (nb > 2) { a2.intoArray(out, da + 2 * p); c2.intoArray(out, db + 2 * p); }
                    if (nb > 3) { a3.intoArray(out, da + 3 * p); c3.intoArray(out, db + 3 * p); }
                }
            }
        }
    }

    /** Tests and benchmarks switch {@link #forward6} off to compare it with the general kernel. */
    static boolean blocks6 = true;

    /** Whether {@link #forward} takes {@link #forward6}: blocks of six channels pad less than blocks of four (LeNet's 6). */
    static boolean sixChannels(ConvGeometry g) {
        return blocks6 && round(g.oc(), 6) < round(g.oc(), OB);
    }

    /**
     * {@link #forward} in blocks of six output channels (twelve accumulators, two loads and six weight
     * broadcasts per tap) for layers such as LeNet's 3->6, which blocks of four pad to eight channels. The
     * weights come from the same packed [oc/OB][k][OB] layout. Every output is bias, then the taps added
     * by fma in tap order: the same bits as {@link #forward}. Missing channels of a last block repeat
     * channel oc - 1 (the same values stored twice).
     */
    static void forward6(float[] in, int io, int wp, int[] taps, ConvGeometry g, float[] wpk, float[] bias, int bo,
                         float[] out, int oo) {
        int oc = g.oc(), oh = g.oh(), ow = g.ow(), k = g.kdim(), p = g.p();
        int chunks = (ow + L - 1) / L;
        for (int o0 = 0; o0 < oc; o0 += 6) {
            int c0 = o0, c1 = Math.min(o0 + 1, oc - 1), c2 = Math.min(o0 + 2, oc - 1);
            int c3 = Math.min(o0 + 3, oc - 1), c4 = Math.min(o0 + 4, oc - 1), c5 = Math.min(o0 + 5, oc - 1);
            // where channel c's weight of tap 0 sits in the packed layout; tap t adds t * OB
            int w0 = packedAt(c0, k), w1 = packedAt(c1, k), w2 = packedAt(c2, k);
            int w3 = packedAt(c3, k), w4 = packedAt(c4, k), w5 = packedAt(c5, k);
            float b0 = bias(bias, bo, c0, oc), b1 = bias(bias, bo, c1, oc), b2 = bias(bias, bo, c2, oc);
            float b3 = bias(bias, bo, c3, oc), b4 = bias(bias, bo, c4, oc), b5 = bias(bias, bo, c5, oc);
            for (int y = 0; y < oh; y++) {
                for (int ch = 0; ch < chunks; ch += 2) {
                    // a single last vector is computed twice (same lanes, same values)
                    int xa = Math.min(ch * L, ow - L), xb = Math.min((ch + 1) * L, ow - L);
                    FloatVector a0 = FloatVector.broadcast(S, b0), a1 = FloatVector.broadcast(S, b1);
                    FloatVector a2 = FloatVector.broadcast(S, b2), a3 = FloatVector.broadcast(S, b3);
                    FloatVector a4 = FloatVector.broadcast(S, b4), a5 = FloatVector.broadcast(S, b5);
                    FloatVector d0 = a0, d1 = a1, d2 = a2, d3 = a3, d4 = a4, d5 = a5;
                    int ra = io + y * wp + xa, rb = io + y * wp + xb;
                    for (int t = 0; t < k; t++) {
                        FloatVector va = FloatVector.fromArray(S, in, ra + taps[t]);
                        FloatVector vb = FloatVector.fromArray(S, in, rb + taps[t]);
                        int tw = t * OB;
                        FloatVector u = FloatVector.broadcast(S, wpk[w0 + tw]);
                        a0 = va.fma(u, a0);
                        d0 = vb.fma(u, d0);
                        u = FloatVector.broadcast(S, wpk[w1 + tw]);
                        a1 = va.fma(u, a1);
                        d1 = vb.fma(u, d1);
                        u = FloatVector.broadcast(S, wpk[w2 + tw]);
                        a2 = va.fma(u, a2);
                        d2 = vb.fma(u, d2);
                        u = FloatVector.broadcast(S, wpk[w3 + tw]);
                        a3 = va.fma(u, a3);
                        d3 = vb.fma(u, d3);
                        u = FloatVector.broadcast(S, wpk[w4 + tw]);
                        a4 = va.fma(u, a4);
                        d4 = vb.fma(u, d4);
                        u = FloatVector.broadcast(S, wpk[w5 + tw]);
                        a5 = va.fma(u, a5);
                        d5 = vb.fma(u, d5);
                    }
                    int ya = oo + y * ow + xa, yb = oo + y * ow + xb;
                    a0.intoArray(out, ya + c0 * p);
                    d0.intoArray(out, yb + c0 * p);
                    a1.intoArray(out, ya + c1 * p);
                    d1.intoArray(out, yb + c1 * p);
                    a2.intoArray(out, ya + c2 * p);
                    d2.intoArray(out, yb + c2 * p);
                    a3.intoArray(out, ya + c3 * p);
                    d3.intoArray(out, yb + c3 * p);
                    a4.intoArray(out, ya + c4 * p);
                    d4.intoArray(out, yb + c4 * p);
                    a5.intoArray(out, ya + c5 * p);
                    d5.intoArray(out, yb + c5 * p);
                }
            }
        }
    }

    /** Offset of channel o's tap-0 weight in {@link #packWeights}'s layout for k taps. */
    private static int packedAt(int o, int k) { return (o / OB) * k * OB + o % OB; }

    /** Tests and benchmarks switch {@link #forward3x3} off to compare it with the general kernel. */
    static boolean kernel3x3 = true;

    /** Whether {@link #forward} takes {@link #forward3x3}: one input channel, a 3x3 kernel, two output rows or more. */
    static boolean oneChannel3x3(ConvGeometry g) {
        return kernel3x3 && g.c() == 1 && g.kh() == 3 && g.kw() == 3 && g.oh() >= 2;
    }

    /**
     * {@link #forward} for one input channel and a 3x3 kernel (the small CNN's first layer): the nine
     * weights of two output channels stay in registers for a whole plane, and two output rows times two
     * vectors share each input vector loaded (12 loads per 36 FMAs instead of 18 loads and 36 weight
     * broadcasts per 72). The older kernel spent its time on loads, not on FMAs (0.43 against 0.32 ms for
     * the cnn's conv1 on 64 images, 1 thread). Every output is bias, then the taps added by fma in tap
     * order, as in {@link #forward}: the same bits. A last odd row or channel is computed twice.
     */
    static void forward3x3(float[] in, int io, int wp, ConvGeometry g, float[] wpk, float[] bias, int bo,
                           float[] out, int oo) {
        int oc = g.oc(), oh = g.oh(), ow = g.ow(), p = g.p();
        int chunks = (ow + L - 1) / L;
        for (int o = 0; o < oc; o += 2) {
            int o2 = Math.min(o + 1, oc - 1);
            // the weights of channel o (w) and o2 (u) from the packed [oc/OB][9][OB] layout
            int wi = (o / OB) * 9 * OB + o % OB, ui = (o2 / OB) * 9 * OB + o2 % OB;
            FloatVector w0 = FloatVector.broadcast(S, wpk[wi]), w1 = FloatVector.broadcast(S, wpk[wi + OB]);
            FloatVector w2 = FloatVector.broadcast(S, wpk[wi + 2 * OB]), w3 = FloatVector.broadcast(S, wpk[wi + 3 * OB]);
            FloatVector w4 = FloatVector.broadcast(S, wpk[wi + 4 * OB]), w5 = FloatVector.broadcast(S, wpk[wi + 5 * OB]);
            FloatVector w6 = FloatVector.broadcast(S, wpk[wi + 6 * OB]), w7 = FloatVector.broadcast(S, wpk[wi + 7 * OB]);
            FloatVector w8 = FloatVector.broadcast(S, wpk[wi + 8 * OB]);
            FloatVector u0 = FloatVector.broadcast(S, wpk[ui]), u1 = FloatVector.broadcast(S, wpk[ui + OB]);
            FloatVector u2 = FloatVector.broadcast(S, wpk[ui + 2 * OB]), u3 = FloatVector.broadcast(S, wpk[ui + 3 * OB]);
            FloatVector u4 = FloatVector.broadcast(S, wpk[ui + 4 * OB]), u5 = FloatVector.broadcast(S, wpk[ui + 5 * OB]);
            FloatVector u6 = FloatVector.broadcast(S, wpk[ui + 6 * OB]), u7 = FloatVector.broadcast(S, wpk[ui + 7 * OB]);
            FloatVector u8 = FloatVector.broadcast(S, wpk[ui + 8 * OB]);
            FloatVector bw = FloatVector.broadcast(S, bias(bias, bo, o, oc)), bu = FloatVector.broadcast(S, bias(bias, bo, o2, oc));
            int dw = oo + o * p, du = oo + o2 * p;
            for (int y = 0; y < oh; y += 2) {
                int yy = Math.min(y, oh - 2), r0 = io + yy * wp, r1 = r0 + wp, r2 = r1 + wp, r3 = r2 + wp;
                for (int ch = 0; ch < chunks; ch += 2) {
                    int xa = Math.min(ch * L, ow - L), xb = Math.min((ch + 1) * L, ow - L);
                    // p: channel o, q: channel o2; digit: output row yy + 0/1; letter: vector at xa/xb
                    FloatVector p0a = bw, p0b = bw, p1a = bw, p1b = bw, q0a = bu, q0b = bu, q1a = bu, q1b = bu, v;
                    // input row yy + 0
                    v = FloatVector.fromArray(S, in, r0 + xa); p0a = v.fma(w0, p0a); q0a = v.fma(u0, q0a);
                    v = FloatVector.fromArray(S, in, r0 + xb); p0b = v.fma(w0, p0b); q0b = v.fma(u0, q0b);
                    v = FloatVector.fromArray(S, in, r0 + xa + 1); p0a = v.fma(w1, p0a); q0a = v.fma(u1, q0a);
                    v = FloatVector.fromArray(S, in, r0 + xb + 1); p0b = v.fma(w1, p0b); q0b = v.fma(u1, q0b);
                    v = FloatVector.fromArray(S, in, r0 + xa + 2); p0a = v.fma(w2, p0a); q0a = v.fma(u2, q0a);
                    v = FloatVector.fromArray(S, in, r0 + xb + 2); p0b = v.fma(w2, p0b); q0b = v.fma(u2, q0b);
                    // input row yy + 1
                    v = FloatVector.fromArray(S, in, r1 + xa); p0a = v.fma(w3, p0a); q0a = v.fma(u3, q0a); p1a = v.fma(w0, p1a); q1a = v.fma(u0, q1a);
                    v = FloatVector.fromArray(S, in, r1 + xb); p0b = v.fma(w3, p0b); q0b = v.fma(u3, q0b); p1b = v.fma(w0, p1b); q1b = v.fma(u0, q1b);
                    v = FloatVector.fromArray(S, in, r1 + xa + 1); p0a = v.fma(w4, p0a); q0a = v.fma(u4, q0a); p1a = v.fma(w1, p1a); q1a = v.fma(u1, q1a);
                    v = FloatVector.fromArray(S, in, r1 + xb + 1); p0b = v.fma(w4, p0b); q0b = v.fma(u4, q0b); p1b = v.fma(w1, p1b); q1b = v.fma(u1, q1b);
                    v = FloatVector.fromArray(S, in, r1 + xa + 2); p0a = v.fma(w5, p0a); q0a = v.fma(u5, q0a); p1a = v.fma(w2, p1a); q1a = v.fma(u2, q1a);
                    v = FloatVector.fromArray(S, in, r1 + xb + 2); p0b = v.fma(w5, p0b); q0b = v.fma(u5, q0b); p1b = v.fma(w2, p1b); q1b = v.fma(u2, q1b);
                    // input row yy + 2
                    v = FloatVector.fromArray(S, in, r2 + xa); p0a = v.fma(w6, p0a); q0a = v.fma(u6, q0a); p1a = v.fma(w3, p1a); q1a = v.fma(u3, q1a);
                    v = FloatVector.fromArray(S, in, r2 + xb); p0b = v.fma(w6, p0b); q0b = v.fma(u6, q0b); p1b = v.fma(w3, p1b); q1b = v.fma(u3, q1b);
                    v = FloatVector.fromArray(S, in, r2 + xa + 1); p0a = v.fma(w7, p0a); q0a = v.fma(u7, q0a); p1a = v.fma(w4, p1a); q1a = v.fma(u4, q1a);
                    v = FloatVector.fromArray(S, in, r2 + xb + 1); p0b = v.fma(w7, p0b); q0b = v.fma(u7, q0b); p1b = v.fma(w4, p1b); q1b = v.fma(u4, q1b);
                    v = FloatVector.fromArray(S, in, r2 + xa + 2); p0a = v.fma(w8, p0a); q0a = v.fma(u8, q0a); p1a = v.fma(w5, p1a); q1a = v.fma(u5, q1a);
                    v = FloatVector.fromArray(S, in, r2 + xb + 2); p0b = v.fma(w8, p0b); q0b = v.fma(u8, q0b); p1b = v.fma(w5, p1b); q1b = v.fma(u5, q1b);
                    // input row yy + 3
                    v = FloatVector.fromArray(S, in, r3 + xa); p1a = v.fma(w6, p1a); q1a = v.fma(u6, q1a);
                    v = FloatVector.fromArray(S, in, r3 + xb); p1b = v.fma(w6, p1b); q1b = v.fma(u6, q1b);
                    v = FloatVector.fromArray(S, in, r3 + xa + 1); p1a = v.fma(w7, p1a); q1a = v.fma(u7, q1a);
                    v = FloatVector.fromArray(S, in, r3 + xb + 1); p1b = v.fma(w7, p1b); q1b = v.fma(u7, q1b);
                    v = FloatVector.fromArray(S, in, r3 + xa + 2); p1a = v.fma(w8, p1a); q1a = v.fma(u8, q1a);
                    v = FloatVector.fromArray(S, in, r3 + xb + 2); p1b = v.fma(w8, p1b); q1b = v.fma(u8, q1b);
                    int ya = yy * ow + xa, yb = yy * ow + xb;
                    p0a.intoArray(out, dw + ya);
                    p0b.intoArray(out, dw + yb);
                    p1a.intoArray(out, dw + ya + ow);
                    p1b.intoArray(out, dw + yb + ow);
                    q0a.intoArray(out, du + ya);
                    q0b.intoArray(out, du + yb);
                    q1a.intoArray(out, du + ya + ow);
                    q1b.intoArray(out, du + yb + ow);
                }
            }
        }
    }

    /** v rounded up to a multiple of m. */
    static int round(int v, int m) { return (v + m - 1) / m * m; }

    private static float bias(float[] b, int bo, int o, int oc) { return b == null || o >= oc ? 0f : b[bo + o]; }
}
