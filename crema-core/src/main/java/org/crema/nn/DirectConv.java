package org.crema.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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
 * input vector. The weight gradient lays the input out once more, one plane per column shift, so that
 * each tap is a single run over the whole output plane (see {@link #shifted}). Loaded only when the
 * Vector API is enabled.
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

    /** Taps per block of the weight gradient (3x3 and 3-channel 5x5 kernels have a multiple of 3). */
    static final int TB = 3;

    /** Length of the buffer of {@link #shifted}: [c][kw][hp][ow] and one vector of slack. */
    static int shiftedLength(ConvGeometry g) { return g.c() * g.kw() * g.hp() * g.ow() + L; }

    /** Offset of each tap (c, ki, kj) in the layout of {@link #shifted}. */
    static int[] shiftedTaps(ConvGeometry g) {
        int[] off = new int[g.kdim()];
        int t = 0, hp = g.hp(), ow = g.ow();
        for (int c = 0; c < g.c(); c++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) off[t++] = ((c * g.kw() + kj) * hp + ki) * ow;
            }
        }
        return off;
    }

    /** Tests and benchmarks switch {@link #shifted}'s vector row copies off (System.arraycopy per row). */
    static boolean vectorRows = true;

    /** Tests and benchmarks switch the per-thread reuse of {@link #shiftedBuffer} and {@link #partBuffer} off. */
    static boolean reuseBuffers = true;

    /** A thread's buffers for the weight gradient, kept between calls. */
    private static final class Buffers {
        ConvGeometry layout;
        float[] in, part, bpart;
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /**
     * This thread's buffer for {@link #shifted} of geometry g, its borders zero: the last one when its
     * layout was g's (shifted never writes the borders), else a new one. At LeNet's batch 4 the fresh
     * 54 KB buffer and partial sums (39 KB) cost ~10% of the weight gradient in zeroing and cold misses.
     */
    static float[] shiftedBuffer(ConvGeometry g) {
        Buffers b = BUFFERS.get();
        ConvGeometry layout = new ConvGeometry(1, g.c(), g.h(), g.w(), 1, 1, g.kh(), g.kw(), 1, 1, g.ph(), g.pw(), 1, 1,
                g.oh(), g.ow());
        if (!reuseBuffers || b.in == null || !layout.equals(b.layout)) {
            b.in = new float[shiftedLength(g)];
            b.layout = layout;
        }
        return b.in;
    }

    /** This thread's zeroed array of n floats for the partial sums (bias: the bias gradient's), reused between calls. */
    static float[] partBuffer(int n, boolean bias) {
        if (!reuseBuffers) return new float[n];
        Buffers b = BUFFERS.get();
        float[] a = bias ? b.bpart : b.part;
        if (a == null || a.length != n) {
            a = new float[n];
            if (bias) b.bpart = a;
            else b.part = a;
        } else {
            java.util.Arrays.fill(a, 0f);
        }
        return a;
    }

    /**
     * Lays one image [c, h, w] at xo out as planes [c][kw][hp][ow]: plane (c, kj), row r, column x holds
     * the zero-bordered input at row r, column x + kj. Output q = y * ow + x then sees tap (c, ki, kj) at
     * shiftedTaps[t] + q, so each tap is one contiguous run over the whole output plane, like the output
     * gradient. Border positions are never written: dst, reused for one geometry, keeps them zero.
     */
    static void shifted(float[] x, int xo, ConvGeometry g, float[] dst) {
        int h = g.h(), w = g.w(), ph = g.ph(), pw = g.pw(), ow = g.ow(), hp = g.hp(), kw = g.kw();
        for (int c = 0; c < g.c(); c++) {
            for (int kj = 0; kj < kw; kj++) {
                // columns x whose source x + kj - pw lies inside the row
                int x0 = Math.max(0, pw - kj), x1 = Math.min(ow, w + pw - kj);
                if (x1 <= x0) continue;
                int len = x1 - x0, src = xo + c * h * w + x0 + kj - pw, dst0 = ((c * kw + kj) * hp + ph) * ow + x0;
                if (len < L || !vectorRows) {
                    for (int r = 0; r < h; r++) System.arraycopy(x, src + r * w, dst, dst0 + r * ow, len);
                    continue;
                }
                // whole vectors, the last one overlapping the one before: System.arraycopy's stub call per
                // 28-float row took twice as long (LeNet's 480 rows an image)
                if (len <= 2 * L) {   // first layers' rows (28 wide): no inner loop
                    for (int r = 0; r < h; r++) {
                        int s = src + r * w, d = dst0 + r * ow;
                        FloatVector.fromArray(S, x, s).intoArray(dst, d);
                        FloatVector.fromArray(S, x, s + len - L).intoArray(dst, d + len - L);
                    }
                    continue;
                }
                for (int r = 0; r < h; r++) {
                    int s = src + r * w, d = dst0 + r * ow;
                    for (int j = 0; j < len - L; j += L) FloatVector.fromArray(S, x, s + j).intoArray(dst, d + j);
                    FloatVector.fromArray(S, x, s + len - L).intoArray(dst, d + len - L);
                }
            }
        }
    }

    /**
     * part[(o * partTaps(g) + t) * L ..] += the lane-wise partial weight gradient of one image, and, if
     * bpart is not null, bpart[o * L ..] += that of the bias. in: the image laid out by {@link #shifted}
     * at 0, taps from {@link #shiftedTaps}; gy at go as [oc, oh * ow]. Every tap and every gradient row is
     * one contiguous run of p = oh * ow values, so the loop has no row ends and no masks; outputs past the
     * last whole vector go through {@link #weightGradTail}. Four channels times three taps at a time
     * ({@link #weightGrad4x3}) or three times four ({@link #weightGrad3x4}), whichever pads less: twelve FMA
     * chains fed by seven loads. (A masked last vector in here made C1 give up, "out of virtual
     * registers", and the method then ran at tier 2, its vectors boxed, 40x slower, and never reached C2.)
     */
    static void weightGradShifted(float[] in, int[] taps, ConvGeometry g, float[] gy, int go, float[] part,
                                  float[] bpart) {
        if (threeByFour(g)) weightGrad3x4(in, taps, g, gy, go, part, bpart);
        else weightGrad4x3(in, taps, g, gy, go, part, bpart);
    }

    /** Tests and benchmarks switch {@link #weightGrad3x4} off to compare it with {@link #weightGrad4x3}. */
    static boolean blocks3x4 = true;

    /**
     * Whether {@link #weightGrad3x4} wastes less work than {@link #weightGrad4x3} on padded channels and
     * taps: LeNet's 3->6 5x5 layer computes 6 x 76 sums in blocks of 3 x 4 and 8 x 75 in blocks of 4 x 3.
     */
    static boolean threeByFour(ConvGeometry g) {
        int oc = g.oc(), k = g.kdim();
        return blocks3x4 && round(oc, 3) * round(k, 4) < round(oc, OB) * round(k, TB);
    }

    private static int round(int v, int m) { return (v + m - 1) / m * m; }

    /** {@link #weightGradShifted} in blocks of four channels times three taps. */
    static void weightGrad4x3(float[] in, int[] taps, ConvGeometry g, float[] gy, int go, float[] part,
                              float[] bpart) {
        int oc = g.oc(), k = g.kdim(), kp = partTaps(g), p = g.p(), whole = p - p % L;
        FloatVector zero = FloatVector.zero(S);
        for (int o0 = 0; o0 < oc; o0 += OB) {
            int nb = Math.min(OB, oc - o0);
            // rows of missing channels read channel o0's gradient again; their sums land in padded rows
            int g0 = go + o0 * p, g1 = go + (o0 + Math.min(1, nb - 1)) * p;
            int g2 = go + (o0 + Math.min(2, nb - 1)) * p, g3 = go + (o0 + Math.min(3, nb - 1)) * p;
            for (int t = 0; t < k; t += TB) {
                // a last block short of taps repeats tap k - 1; the copies land in part's padded rows
                int ta = taps[t], tb = taps[Math.min(t + 1, k - 1)], tc = taps[Math.min(t + 2, k - 1)];
                FloatVector a0 = zero, a1 = zero, a2 = zero, a3 = zero, b0 = zero, b1 = zero, b2 = zero, b3 = zero;
                FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero;
                // the bias gradient rides along the first block: the sums of the gradient vectors
                boolean bias = bpart != null && t == 0;
                FloatVector s0 = zero, s1 = zero, s2 = zero, s3 = zero;
                for (int q = 0; q < whole; q += L) {
                    FloatVector va = FloatVector.fromArray(S, in, ta + q);
                    FloatVector vb = FloatVector.fromArray(S, in, tb + q);
                    FloatVector vc = FloatVector.fromArray(S, in, tc + q);
                    FloatVector e0 = FloatVector.fromArray(S, gy, g0 + q);
                    a0 = e0.fma(va, a0);
                    b0 = e0.fma(vb, b0);
                    c0 = e0.fma(vc, c0);
                    FloatVector e1 = FloatVector.fromArray(S, gy, g1 + q);
                    a1 = e1.fma(va, a1);
                    b1 = e1.fma(vb, b1);
                    c1 = e1.fma(vc, c1);
                    FloatVector e2 = FloatVector.fromArray(S, gy, g2 + q);
                    a2 = e2.fma(va, a2);
                    b2 = e2.fma(vb, b2);
                    c2 = e2.fma(vc, c2);
                    FloatVector e3 = FloatVector.fromArray(S, gy, g3 + q);
                    a3 = e3.fma(va, a3);
                    b3 = e3.fma(vb, b3);
                    c3 = e3.fma(vc, c3);
                    if (bias) {
                        s0 = s0.add(e0);
                        s1 = s1.add(e1);
                        s2 = s2.add(e2);
                        s3 = s3.add(e3);
                    }
                }
                if (bias) {   // padded channels' rows as for part
                    s0.add(FloatVector.fromArray(S, bpart, o0 * L)).intoArray(bpart, o0 * L);
                    s1.add(FloatVector.fromArray(S, bpart, (o0 + 1) * L)).intoArray(bpart, (o0 + 1) * L);
                    s2.add(FloatVector.fromArray(S, bpart, (o0 + 2) * L)).intoArray(bpart, (o0 + 2) * L);
                    s3.add(FloatVector.fromArray(S, bpart, (o0 + 3) * L)).intoArray(bpart, (o0 + 3) * L);
                }
                int d = (o0 * kp + t) * L, r = kp * L;
                a0.add(FloatVector.fromArray(S, part, d)).intoArray(part, d);
                b0.add(FloatVector.fromArray(S, part, d + L)).intoArray(part, d + L);
                c0.add(FloatVector.fromArray(S, part, d + 2 * L)).intoArray(part, d + 2 * L);
                a1.add(FloatVector.fromArray(S, part, d + r)).intoArray(part, d + r);
                b1.add(FloatVector.fromArray(S, part, d + r + L)).intoArray(part, d + r + L);
                c1.add(FloatVector.fromArray(S, part, d + r + 2 * L)).intoArray(part, d + r + 2 * L);
                a2.add(FloatVector.fromArray(S, part, d + 2 * r)).intoArray(part, d + 2 * r);
                b2.add(FloatVector.fromArray(S, part, d + 2 * r + L)).intoArray(part, d + 2 * r + L);
                c2.add(FloatVector.fromArray(S, part, d + 2 * r + 2 * L)).intoArray(part, d + 2 * r + 2 * L);
                a3.add(FloatVector.fromArray(S, part, d + 3 * r)).intoArray(part, d + 3 * r);
                b3.add(FloatVector.fromArray(S, part, d + 3 * r + L)).intoArray(part, d + 3 * r + L);
                c3.add(FloatVector.fromArray(S, part, d + 3 * r + 2 * L)).intoArray(part, d + 3 * r + 2 * L);
            }
        }
    }

    /**
     * {@link #weightGradShifted} in blocks of three channels times four taps: twelve FMA chains fed by seven
     * loads, as in {@link #weightGrad4x3}, for layers whose channel count is a multiple of three and not of
     * four. Each sum gets the same terms in the same order as there: the same bits.
     */
    static void weightGrad3x4(float[] in, int[] taps, ConvGeometry g, float[] gy, int go, float[] part,
                              float[] bpart) {
        int oc = g.oc(), k = g.kdim(), kp = partTaps(g), p = g.p(), whole = p - p % L;
        FloatVector zero = FloatVector.zero(S);
        for (int o0 = 0; o0 < oc; o0 += 3) {
            int nb = Math.min(3, oc - o0);
            // rows of missing channels read channel o0's gradient again; their sums land in padded rows
            int g0 = go + o0 * p, g1 = go + (o0 + Math.min(1, nb - 1)) * p, g2 = go + (o0 + Math.min(2, nb - 1)) * p;
            for (int t = 0; t < k; t += 4) {
                // a last block short of taps repeats tap k - 1; the copies land in part's padded rows
                int ta = taps[t], tb = taps[Math.min(t + 1, k - 1)], tc = taps[Math.min(t + 2, k - 1)];
                int td = taps[Math.min(t + 3, k - 1)];
                FloatVector a0 = zero, a1 = zero, a2 = zero, b0 = zero, b1 = zero, b2 = zero;
                FloatVector c0 = zero, c1 = zero, c2 = zero, d0 = zero, d1 = zero, d2 = zero;
                boolean bias = bpart != null && t == 0;
                FloatVector s0 = zero, s1 = zero, s2 = zero;
                for (int q = 0; q < whole; q += L) {
                    FloatVector va = FloatVector.fromArray(S, in, ta + q);
                    FloatVector vb = FloatVector.fromArray(S, in, tb + q);
                    FloatVector vc = FloatVector.fromArray(S, in, tc + q);
                    FloatVector vd = FloatVector.fromArray(S, in, td + q);
                    FloatVector e0 = FloatVector.fromArray(S, gy, g0 + q);
                    a0 = e0.fma(va, a0);
                    b0 = e0.fma(vb, b0);
                    c0 = e0.fma(vc, c0);
                    d0 = e0.fma(vd, d0);
                    FloatVector e1 = FloatVector.fromArray(S, gy, g1 + q);
                    a1 = e1.fma(va, a1);
                    b1 = e1.fma(vb, b1);
                    c1 = e1.fma(vc, c1);
                    d1 = e1.fma(vd, d1);
                    FloatVector e2 = FloatVector.fromArray(S, gy, g2 + q);
                    a2 = e2.fma(va, a2);
                    b2 = e2.fma(vb, b2);
                    c2 = e2.fma(vc, c2);
                    d2 = e2.fma(vd, d2);
                    if (bias) {
                        s0 = s0.add(e0);
                        s1 = s1.add(e1);
                        s2 = s2.add(e2);
                    }
                }
                if (bias) {   // padded channels' rows as for part
                    s0.add(FloatVector.fromArray(S, bpart, o0 * L)).intoArray(bpart, o0 * L);
                    s1.add(FloatVector.fromArray(S, bpart, (o0 + 1) * L)).intoArray(bpart, (o0 + 1) * L);
                    s2.add(FloatVector.fromArray(S, bpart, (o0 + 2) * L)).intoArray(bpart, (o0 + 2) * L);
                }
                int d = (o0 * kp + t) * L, r = kp * L;
                a0.add(FloatVector.fromArray(S, part, d)).intoArray(part, d);
                b0.add(FloatVector.fromArray(S, part, d + L)).intoArray(part, d + L);
                c0.add(FloatVector.fromArray(S, part, d + 2 * L)).intoArray(part, d + 2 * L);
                d0.add(FloatVector.fromArray(S, part, d + 3 * L)).intoArray(part, d + 3 * L);
                a1.add(FloatVector.fromArray(S, part, d + r)).intoArray(part, d + r);
                b1.add(FloatVector.fromArray(S, part, d + r + L)).intoArray(part, d + r + L);
                c1.add(FloatVector.fromArray(S, part, d + r + 2 * L)).intoArray(part, d + r + 2 * L);
                d1.add(FloatVector.fromArray(S, part, d + r + 3 * L)).intoArray(part, d + r + 3 * L);
                a2.add(FloatVector.fromArray(S, part, d + 2 * r)).intoArray(part, d + 2 * r);
                b2.add(FloatVector.fromArray(S, part, d + 2 * r + L)).intoArray(part, d + 2 * r + L);
                c2.add(FloatVector.fromArray(S, part, d + 2 * r + 2 * L)).intoArray(part, d + 2 * r + 2 * L);
                d2.add(FloatVector.fromArray(S, part, d + 2 * r + 3 * L)).intoArray(part, d + 2 * r + 3 * L);
            }
        }
    }

    /**
     * The outputs from whole = p - p % L on of {@link #weightGradShifted}: one masked vector per tap and
     * channel, lanes past p read as zero, fused into part (and bpart) lane by lane. A separate method: in
     * the kernel's loop method the masked loads made C1 give up ("out of virtual registers").
     */
    static void weightGradTail(float[] in, int[] taps, ConvGeometry g, float[] gy, int go, float[] part,
                               float[] bpart) {
        int oc = g.oc(), k = g.kdim(), kp = partTaps(g), p = g.p(), whole = p - p % L, r = kp * L;
        if (whole == p) return;
        VectorMask<Float> m = S.indexInRange(whole, p);
        for (int o0 = 0; o0 < oc; o0 += OB) {
            int nb = Math.min(OB, oc - o0);
            // rows of missing channels read channel o0's gradient again; their sums land in padded rows
            FloatVector e0 = FloatVector.fromArray(S, gy, go + o0 * p + whole, m);
            FloatVector e1 = FloatVector.fromArray(S, gy, go + (o0 + Math.min(1, nb - 1)) * p + whole, m);
            FloatVector e2 = FloatVector.fromArray(S, gy, go + (o0 + Math.min(2, nb - 1)) * p + whole, m);
            FloatVector e3 = FloatVector.fromArray(S, gy, go + (o0 + Math.min(3, nb - 1)) * p + whole, m);
            if (bpart != null) {
                int d = o0 * L;
                e0.add(FloatVector.fromArray(S, bpart, d)).intoArray(bpart, d);
                e1.add(FloatVector.fromArray(S, bpart, d + L)).intoArray(bpart, d + L);
                e2.add(FloatVector.fromArray(S, bpart, d + 2 * L)).intoArray(bpart, d + 2 * L);
                e3.add(FloatVector.fromArray(S, bpart, d + 3 * L)).intoArray(bpart, d + 3 * L);
            }
            for (int t = 0; t < k; t++) {
                FloatVector v = FloatVector.fromArray(S, in, taps[t] + whole, m);
                int d = (o0 * kp + t) * L;
                e0.fma(v, FloatVector.fromArray(S, part, d)).intoArray(part, d);
                e1.fma(v, FloatVector.fromArray(S, part, d + r)).intoArray(part, d + r);
                e2.fma(v, FloatVector.fromArray(S, part, d + 2 * r)).intoArray(part, d + 2 * r);
                e3.fma(v, FloatVector.fromArray(S, part, d + 3 * r)).intoArray(part, d + 3 * r);
            }
        }
    }

    /** Whether the direct weight gradient ({@link #weightGradShifted}) suits the geometry. */
    static boolean appliesWeightGrad(ConvGeometry g) {
        return g.unitStride() && g.p() >= L
                && g.kdim() <= maxWeightGradTaps;
    }

    /**
     * Upper bound on c*kh*kw for the direct weight gradient (benchmarks move it). LeNet's 6->16 layer (150
     * taps, 10x10 outputs) measured slower direct than through im2col, which shares its unfolding with the
     * input gradient: 0.17 against 0.15 ms per batch of 4, 2.08 against 2.13-2.2 ms per 64.
     */
    static int maxWeightGradTaps = 80;

    /** Taps per row of the partial sums: k rounded up to a whole block of the kernel that runs. */
    static int partTaps(ConvGeometry g) { return threeByFour(g) ? round(g.kdim(), 4) : round(g.kdim(), TB); }

    /** Channel rows of the partial sums: oc rounded up to whole blocks of 3 (weightGrad3x4) and of OB (the others). */
    static int partRows(int oc) { return Math.max(round(oc, 3), round(oc, OB)); }

    /** Length of the bias gradient's partial sums: [partRows(oc)][L]. */
    static int biasPartLength(int oc) { return partRows(oc) * L; }

    /** Length of the partial sums of {@link #weightGradShifted}: [partRows(oc)][partTaps(g)][L]. */
    static int partLength(ConvGeometry g) { return partRows(g.oc()) * partTaps(g) * L; }

    /** dw[dwo + o * k + t] += the lanes of part[(o * kp + t) * L ..] summed left to right (t < k <= kp). */
    static void reduceParts(float[] part, int oc, int k, int kp, float[] dw, int dwo) {
        for (int o = 0; o < oc; o++) {
            for (int t = 0; t < k; t++) dw[dwo + o * k + t] += sumLanes(part, (o * kp + t) * L);
        }
    }

    /** lanes[off] + lanes[off + 1] + ... + lanes[off + L - 1], left to right. */
    private static float sumLanes(float[] lanes, int off) {
        float s = lanes[off];
        for (int q = 1; q < L; q++) s += lanes[off + q];
        return s;
    }

    private static float bias(float[] b, int bo, int o, int oc) { return b == null || o >= oc ? 0f : b[bo + o]; }
}
