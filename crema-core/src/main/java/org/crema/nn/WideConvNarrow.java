package org.crema.nn;

import static org.crema.nn.WideConv.L;
import static org.crema.nn.WideConv.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import org.crema.backend.Parallel;

/**
 * The input gradient of a layer with 6 or 7 input channels as a direct convolution (LeNet's 6->16 5x5 layer:
 * a 16->6 5x5 convolution of the 10x10 output gradient giving 14x14), instead of the GEMM Wᵀ·dY with a
 * reduction of only 16 followed by col2im. {@link WideConv}'s wide index and register blocking, with blocks
 * of 6 channels (its blocks of 8 would compute a quarter of them for nothing) times two vectors: 12
 * accumulators, two input loads and six weight broadcasts per tap. A 7th channel takes a second block
 * overlapping the first, computing the shared channels again with the same arithmetic. Every output is
 * one FMA chain over the taps in a fixed order, which depends only on the geometry: the same bits however
 * images are split over threads, interpreted or compiled. Loaded only when the Vector API is enabled.
 */
final class WideConvNarrow {
    private WideConvNarrow() {}

    /** Output channels per block. */
    static final int OB = 6;

    /**
     * Whether the input gradient of g suits this kernel: stride 1, one group, no column padding and less
     * than kh - 1 rows of it (so the layout of {@link #inputGrad} has a zero row between planes), 6 or 7
     * input channels, at most 256 input pixels per channel and at least two vectors of them, the laid-out
     * output gradient within 64 KB.
     */
    static boolean appliesInputGrad(ConvGeometry g) {
        if (!g.unitStride() || g.pw() != 0 || g.ph() >= g.kh() - 1) return false;
        if (g.c() < OB || g.c() >= WideConv.OB || g.hw() > 256 || g.hw() < 2 * L) return false;
        return (long) g.oc() * (g.h() + g.kh() - 1) * g.w() <= 1 << 14;
    }

    /**
     * The input gradient [n, c, h, w] of the layer g from its weight [oc, c, kh, kw] and output gradient
     * [n, oc, oh, ow]: dX = conv(dY, W') with W'[c, o, a, b] = W[o, c, kh-1-a, kw-1-b] and padding
     * (kh-1-ph, kw-1). Each plane of dY is laid out with the width w of dX, not the padded ow + 2 (kw - 1):
     * row y at row y + kh-1-ph, columns kw-1.. (they fill the row, as pw = 0), the first kw-1 columns and
     * kh-1-ph rows above and below zero. Tap (a, b) of output (i, j) then reads (i + a) * w + j + b, where a
     * column past the row wraps into the next row's zero columns. So the wide index of dX is its own index:
     * no padding columns computed for nothing, plain stores. Per block of two vectors only the kernel rows a
     * that reach a row of dY are run (LeNet's 14x14: 29 of 35 block-rows).
     */
    static float[] inputGrad(ConvGeometry g, float[] wt, int wo, float[] gy, int go) {
        int n = g.n(), c = g.c(), oc = g.oc(), kh = g.kh(), kw = g.kw(), w = g.w(), p = g.hw(), ohw = g.p();
        int padH = kh - 1 - g.ph(), plane = (g.h() + kh - 1) * w, k = oc * kh * kw;
        int nv = (p + L - 1) / L, blocks = (nv + 1) / 2;
        // taps in the order [a][o][b], so that a range of kernel rows is a range of taps
        int[] taps = new int[k];
        float[] flipped = new float[c * k];
        for (int a = 0, t = 0; a < kh; a++) {
            for (int o = 0; o < oc; o++) {
                for (int b = 0; b < kw; b++, t++) {
                    taps[t] = o * plane + a * w + b;
                    for (int ci = 0; ci < c; ci++) {
                        flipped[ci * k + t] = wt[wo + ((o * c + ci) * kh + kh - 1 - a) * kw + kw - 1 - b];
                    }
                }
            }
        }
        int[] lo = new int[blocks], hi = new int[blocks];
        for (int vb = 0; vb < blocks; vb++) {
            int qa = Math.min(2 * vb, nv - 2) * L;
            int r0 = qa / w, r1 = Math.min(g.h() - 1, (qa + 2 * L - 1) / w);
            int aLo = Math.max(0, padH - r1), aHi = Math.min(kh - 1, padH + g.oh() - 1 - r0);
            lo[vb] = aLo * oc * kw;
            hi[vb] = Math.max(lo[vb], (aHi + 1) * oc * kw);
        }
        float[] wpk = WideConv.packWeights(flipped, 0, c, k, OB);
        float[] gx = new float[n * c * p];
        int len = oc * plane + nv * L - p + kw + L;
        Parallel.forRange(n, 1, (s, e) -> {
            float[] buf = new float[len];   // zero rows, columns and slack stay zero
            for (int img = s; img < e; img++) {
                for (int o = 0; o < oc; o++) {
                    for (int y = 0; y < g.oh(); y++) {
                        System.arraycopy(gy, go + (img * oc + o) * ohw + y * g.ow(), buf, o * plane + (y + padH) * w + kw - 1, g.ow());
                    }
                }
                forward(buf, taps, lo, hi, c, p, wpk, gx, img * c * p);
            }
        });
        return gx;
    }

    /**
     * out[oc, p] of one image (at oo) = W' x over the taps [lo[b], hi[b]) of each block b of two vectors,
     * the last block overlapping the one before it; a vector past p is stored masked.
     */
    static void forward(float[] in, int[] taps, int[] lo, int[] hi, int oc, int p, float[] wpk, float[] out, int oo) {
        int k = taps.length, nv = (p + L - 1) / L;
        for (int ob = 0; ob * OB < oc; ob++) {
            int o0 = Math.min(ob * OB, oc - OB), wb = ob * k * OB;
            for (int vb = 0; 2 * vb < nv; vb++) {
                int qa = Math.min(2 * vb, nv - 2) * L, qb = qa + L;
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
                FloatVector c0 = a0, c1 = a0, c2 = a0, c3 = a0, c4 = a0, c5 = a0;
                for (int t = lo[vb], tEnd = hi[vb]; t < tEnd; t++) {
                    int off = taps[t];
                    FloatVector va = FloatVector.fromArray(S, in, qa + off);
                    FloatVector vy = FloatVector.fromArray(S, in, qb + off);
                    int wi = wb + t * OB;
                    FloatVector w;
                    w = FloatVector.broadcast(S, wpk[wi]); a0 = va.fma(w, a0); c0 = vy.fma(w, c0);
                    w = FloatVector.broadcast(S, wpk[wi + 1]); a1 = va.fma(w, a1); c1 = vy.fma(w, c1);
                    w = FloatVector.broadcast(S, wpk[wi + 2]); a2 = va.fma(w, a2); c2 = vy.fma(w, c2);
                    w = FloatVector.broadcast(S, wpk[wi + 3]); a3 = va.fma(w, a3); c3 = vy.fma(w, c3);
                    w = FloatVector.broadcast(S, wpk[wi + 4]); a4 = va.fma(w, a4); c4 = vy.fma(w, c4);
                    w = FloatVector.broadcast(S, wpk[wi + 5]); a5 = va.fma(w, a5); c5 = vy.fma(w, c5);
                }
                int d = oo + o0 * p + qa;
                a0.intoArray(out, d);
                a1.intoArray(out, d + p);
                a2.intoArray(out, d + 2 * p);
                a3.intoArray(out, d + 3 * p);
                a4.intoArray(out, d + 4 * p);
                a5.intoArray(out, d + 5 * p);
                d += L;
                if (qb + L <= p) {
                    c0.intoArray(out, d);
                    c1.intoArray(out, d + p);
                    c2.intoArray(out, d + 2 * p);
                    c3.intoArray(out, d + 3 * p);
                    c4.intoArray(out, d + 4 * p);
                    c5.intoArray(out, d + 5 * p);
                } else {
                    VectorMask<Float> m = VectorMask.fromLong(S, (1L << (p - qb)) - 1);
                    c0.intoArray(out, d, m);
                    c1.intoArray(out, d + p, m);
                    c2.intoArray(out, d + 2 * p, m);
                    c3.intoArray(out, d + 3 * p, m);
                    c4.intoArray(out, d + 4 * p, m);
                    c5.intoArray(out, d + 5 * p, m);
                }
            }
        }
    }
}
