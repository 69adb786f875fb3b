package org.crema.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct FLOAT32 convolution (no im2col) for layers with few input taps, such as a first layer on 1 or
 * 3 channels: there im2col writes C*kH*kW values per output pixel, more memory traffic than the GEMM's
 * arithmetic, and the GEMM's reduction (K = 9 or 75) is too short for its packing to pay.
 *
 * <p>Stride 1, dilation 1, one group. A padded input is copied into a zero-bordered plane first, so every
 * tap of a row of outputs reads one contiguous run of inputs: output row y, columns x0..x0+L-1, tap
 * (c, ki, kj) reads plane c, row y+ki, columns x0+kj... Rows are covered by vectors of L lanes from x0 =
 * 0 in steps of L; the last vector starts at ow - L and overlaps the one before (so ow >= L): the
 * forward computes those lanes again with the same arithmetic, the weight gradient masks them out.
 * Four output channels at a time share each input vector. Loaded only when the Vector API is enabled.
 */
final class DirectConv {
    private DirectConv() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Output channels per block: four accumulators, four weights per loaded input vector. */
    static final int OB = 4;

    /** Whether the geometry suits the direct kernels. */
    static boolean applies(ConvGeometry g) {
        return g.groups() == 1 && g.sh() == 1 && g.sw() == 1 && g.dh() == 1 && g.dw() == 1 && g.ow() >= L
                && g.kdim() <= 80;
    }

    /** Padded plane width and height. */
    static int wp(ConvGeometry g) { return g.w() + 2 * g.pw(); }

    static int hp(ConvGeometry g) { return g.h() + 2 * g.ph(); }

    /** Copies one image [c, h, w] into zero-bordered planes [c, hp, wp] (borders already zero in dst). */
    static void pad(float[] x, int xo, ConvGeometry g, float[] dst) {
        int h = g.h(), w = g.w(), wp = wp(g), plane = hp(g) * wp;
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

    /** lanes[off] + lanes[off + 1] + ... + lanes[off + L - 1], left to right. */
    private static float sumLanes(float[] lanes, int off) {
        float s = lanes[off];
        for (int q = 1; q < L; q++) s += lanes[off + q];
        return s;
    }

    private static float bias(float[] b, int bo, int o, int oc) { return b == null || o >= oc ? 0f : b[bo + o]; }

    /**
     * dw[oc, k] += the weight gradient of one image: dw[o, t] = sum over outputs q of gy[o, q] times the
     * input that tap t sees at q. in, io, wp, taps as for {@link #forward}; gy at go as [oc, oh*ow]. Two
     * taps and four channels at a time (eight FMA chains; the four gradient vectors serve both taps).
     */
    static void weightGrad(float[] in, int io, int wp, int[] taps, ConvGeometry g, float[] gy, int go,
                           float[] dw, int dwo) {
        int oc = g.oc(), oh = g.oh(), ow = g.ow(), k = g.kdim(), p = g.p();
        int dup = (L - ow % L) % L;   // lanes of the last, overlapping vector that the one before covered
        VectorMask<Float> fresh = S.indexInRange(-dup, L - dup);
        FloatVector zero = FloatVector.zero(S);
        float[] lanes = new float[8 * L];
        for (int ob = 0; ob * OB < oc; ob++) {
            int o0 = ob * OB, nb = Math.min(OB, oc - o0);
            // rows of missing channels read channel o0's gradient again; their sums are dropped
            int g0 = go + o0 * p, g1 = go + (o0 + Math.min(1, nb - 1)) * p;
            int g2 = go + (o0 + Math.min(2, nb - 1)) * p, g3 = go + (o0 + Math.min(3, nb - 1)) * p;
            for (int t = 0; t < k; t += 2) {
                int u = Math.min(t + 1, k - 1);   // an odd last tap pairs with itself; its copy is dropped
                FloatVector a0 = zero, a1 = zero, a2 = zero, a3 = zero, c0 = zero, c1 = zero, c2 = zero, c3 = zero;
                int baseA = io + taps[t], baseB = io + taps[u];
                for (int y = 0; y < oh; y++) {
                    int ia = baseA + y * wp, ib = baseB + y * wp, q = y * ow;
                    for (int x0 = 0; x0 <= ow - L; x0 += L) {
                        FloatVector va = FloatVector.fromArray(S, in, ia + x0);
                        FloatVector vb = FloatVector.fromArray(S, in, ib + x0);
                        FloatVector e0 = FloatVector.fromArray(S, gy, g0 + q + x0);
                        FloatVector e1 = FloatVector.fromArray(S, gy, g1 + q + x0);
                        FloatVector e2 = FloatVector.fromArray(S, gy, g2 + q + x0);
                        FloatVector e3 = FloatVector.fromArray(S, gy, g3 + q + x0);
                        a0 = e0.fma(va, a0);
                        c0 = e0.fma(vb, c0);
                        a1 = e1.fma(va, a1);
                        c1 = e1.fma(vb, c1);
                        a2 = e2.fma(va, a2);
                        c2 = e2.fma(vb, c2);
                        a3 = e3.fma(va, a3);
                        c3 = e3.fma(vb, c3);
                    }
                    if (dup > 0) {   // the overlapping last vector, its repeated lanes read as zero
                        int x0 = ow - L;
                        FloatVector va = FloatVector.fromArray(S, in, ia + x0, fresh);
                        FloatVector vb = FloatVector.fromArray(S, in, ib + x0, fresh);
                        FloatVector e0 = FloatVector.fromArray(S, gy, g0 + q + x0);
                        FloatVector e1 = FloatVector.fromArray(S, gy, g1 + q + x0);
                        FloatVector e2 = FloatVector.fromArray(S, gy, g2 + q + x0);
                        FloatVector e3 = FloatVector.fromArray(S, gy, g3 + q + x0);
                        a0 = e0.fma(va, a0);
                        c0 = e0.fma(vb, c0);
                        a1 = e1.fma(va, a1);
                        c1 = e1.fma(vb, c1);
                        a2 = e2.fma(va, a2);
                        c2 = e2.fma(vb, c2);
                        a3 = e3.fma(va, a3);
                        c3 = e3.fma(vb, c3);
                    }
                }
                // lanes summed in a fixed order: reduceLanes(ADD) may reorder, differently interpreted
                // and compiled, and a seeded training run must not depend on when C2 got here
                a0.intoArray(lanes, 0);
                a1.intoArray(lanes, L);
                a2.intoArray(lanes, 2 * L);
                a3.intoArray(lanes, 3 * L);
                c0.intoArray(lanes, 4 * L);
                c1.intoArray(lanes, 5 * L);
                c2.intoArray(lanes, 6 * L);
                c3.intoArray(lanes, 7 * L);
                int d = dwo + o0 * k + t;
                dw[d] += sumLanes(lanes, 0);
                if (nb > 1) dw[d + k] += sumLanes(lanes, L);
                if (nb > 2) dw[d + 2 * k] += sumLanes(lanes, 2 * L);
                if (nb > 3) dw[d + 3 * k] += sumLanes(lanes, 3 * L);
                if (u == t) continue;
                d = dwo + o0 * k + u;
                dw[d] += sumLanes(lanes, 4 * L);
                if (nb > 1) dw[d + k] += sumLanes(lanes, 5 * L);
                if (nb > 2) dw[d + 2 * k] += sumLanes(lanes, 6 * L);
                if (nb > 3) dw[d + 3 * k] += sumLanes(lanes, 7 * L);
            }
        }
    }
}
