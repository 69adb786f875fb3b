package org.crema.nn;

import jdk.incubator.vector.FloatVector;
import org.crema.backend.Parallel;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct FLOAT32 convolution forward for deep layers with small outputs (the LeNet 6->16 layer on 14x14,
 * the small CNN's 32->64 on 14x14): no im2col and no GEMM packing, whose copies of the unfolded matrix
 * cost as much as the arithmetic at these sizes, and no 12-row GEMM panel left a third or a ninth empty
 * by 16 or 64 output channels.
 *
 * <p>The image is copied into zero-bordered planes of width wp. Output pixel (y, x) is then "wide" index
 * q = y * wp + x, and tap (c, ki, kj) reads the plane at q + c * plane + ki * wp + kj: for any tap, L
 * consecutive q read L consecutive inputs, so one vector load serves L outputs whatever rows they span.
 * The wp - ow columns past each output row are computed and never stored (masked stores, one per output
 * row a vector touches). A block of {@link #OB} output channels and two vectors keeps 16 accumulators in
 * registers: per tap, two input loads and eight weight broadcasts feed 16 FMAs. The last block of vectors and of channels overlaps the one before it and computes those outputs
 * again with the same arithmetic (same values). Every output is bias + the taps in order, one FMA chain:
 * the same bits however images are split over threads, interpreted or compiled. Stride 1, dilation 1,
 * one group. Measured (1 thread, 64 images, CPU time): LeNet 6->16 64 GFLOP/s against 34 through im2col
 * and the GEMM, the small CNN's 32->64 93 against 66. Blocks of three vectors (24 accumulators) reached
 * 70 on LeNet, but C1 gives up on that method ("out of virtual registers") and C2 did not always take it
 * over: it stayed interpreted, at 1 GFLOP/s. Loaded only when the Vector API is enabled.
 */
final class WideConv {
    private WideConv() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Output channels per block (their weights are broadcast). */
    static final int OB = 8;

    /**
     * Whether the forward of this geometry suits the wide kernel: small outputs (at most 256 pixels per
     * channel, where the GEMM gets a narrow product), at least 5/8 of the wide columns stored (ow >= 10 of
     * wp = 14 for LeNet; padding columns are computed for nothing), the padded image within 64 KB (its
     * rows are read again for every block), at least 8 output channels and 2 vectors of outputs.
     */
    static boolean applies(ConvGeometry g) {
        if (!g.unitStride()) return false;
        if (g.oc() < OB || g.p() > 256 || g.ow() * 8 < g.wp() * 5) return false;
        return (long) g.c() * g.hp() * g.wp() <= 1 << 14 && vectors(g) >= 2;
    }

    /**
     * The input gradient of g as a forward convolution this kernel takes, or null: dX = conv(dY, W')
     * with W'[c, o, i, j] = W[o, c, kh-1-i, kw-1-j] and padding k-1-p (stride 1), i.e. an oc -> c
     * layer on the oh x ow output gradient giving h x w. For the small CNN's 32->64 layer that is a
     * 64->32 3x3 padding-1 layer on 14x14, instead of the GEMM W^T dY (288 x 64 per pixel) and col2im.
     */
    static ConvGeometry transposed(ConvGeometry g) {
        if (!g.unitStride()) return null;
        int ph = g.kh() - 1 - g.ph(), pw = g.kw() - 1 - g.pw();
        if (ph < 0 || pw < 0) return null;
        ConvGeometry t = new ConvGeometry(g.n(), g.oc(), g.oh(), g.ow(), g.c(), 1, g.kh(), g.kw(), 1, 1, ph, pw, 1, 1,
                g.h(), g.w());
        return applies(t) ? t : null;
    }

    /** out [n, oc, oh, ow] = conv(x, W) + bias over all images (spread over the pool); W packed by {@link #packWeights}. */
    static void run(ConvGeometry g, float[] x, int xo, float[] wpk, float[] bias, int bo, float[] out) {
        int[] taps = tapOffsets(g);
        int chw = g.c() * g.hw(), ohw = g.oc() * g.p();
        Parallel.forRange(g.n(), 1, (s, e) -> {
            float[] buf = new float[bufferSize(g)];   // borders and slack stay zero
            for (int img = s; img < e; img++) {
                DirectConv.pad(x, xo + img * chw, g, buf);
                forward(buf, taps, g, wpk, bias, bo, out, img * ohw);
            }
        });
    }

    /**
     * The input gradient [n, c, h, w] of the layer whose {@link #transposed} geometry is t, from its
     * weight [oc, c, kh, kw] and output gradient gy [n, oc, oh, ow].
     */
    static float[] inputGrad(ConvGeometry t, float[] wt, int wo, float[] gy, int go) {
        int c = t.oc(), oc = t.c(), kh = t.kh(), kw = t.kw(), taps = kh * kw;
        float[] flipped = new float[c * oc * taps];
        for (int o = 0; o < oc; o++) {
            for (int ci = 0; ci < c; ci++) {
                for (int q = 0; q < taps; q++) flipped[(ci * oc + o) * taps + taps - 1 - q] = wt[wo + (o * c + ci) * taps + q];
            }
        }
        float[] gx = new float[t.n() * c * t.p()];
        run(t, gy, go, packWeights(flipped, 0, c, oc * taps), null, 0, gx);
        return gx;
    }

    /** Wide indices up to and including the last output pixel. */
    static int wideSize(ConvGeometry g) { return (g.oh() - 1) * g.wp() + g.ow(); }

    static int vectors(ConvGeometry g) { return (wideSize(g) + L - 1) / L; }

    /** Floats of the padded copy of one image: its planes and L of slack for the last vector's loads. */
    static int bufferSize(ConvGeometry g) { return g.c() * g.hp() * g.wp() + L; }

    /** The weights regrouped as [oc/OB blocks][k][OB], the last block overlapping the one before it. */
    static float[] packWeights(float[] wt, int wo, int oc, int k) { return packWeights(wt, wo, oc, k, OB); }

    /** As {@link #packWeights(float[], int, int, int)} in blocks of ob channels (oc >= ob). */
    static float[] packWeights(float[] wt, int wo, int oc, int k, int ob) {
        int blocks = (oc + ob - 1) / ob;
        float[] p = new float[blocks * k * ob];
        for (int b = 0; b < blocks; b++) {
            int o0 = Math.min(b * ob, oc - ob);
            for (int t = 0; t < k; t++) {
                for (int j = 0; j < ob; j++) p[(b * k + t) * ob + j] = wt[wo + (o0 + j) * k + t];
            }
        }
        return p;
    }

    /** Offset of each tap (c, ki, kj) from tap (0, 0, 0) in the padded planes. */
    static int[] tapOffsets(ConvGeometry g) {
        int wp = g.wp(), plane = g.hp() * wp;
        int[] off = new int[g.kdim()];
        int t = 0;
        for (int c = 0; c < g.c(); c++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) off[t++] = c * plane + ki * wp + kj;
            }
        }
        return off;
    }

    /**
     * out[oc, oh, ow] of one image (at oo) = bias + W x, from the padded planes in (at 0, {@link #pad}),
     * weights from {@link #packWeights}, taps from {@link #tapOffsets}; bias may be null.
     */
    static void forward(float[] in, int[] taps, ConvGeometry g, float[] wpk, float[] bias, int bo, float[] out, int oo) {
        int oc = g.oc(), oh = g.oh(), ow = g.ow(), k = g.kdim(), p = g.p(), wp = g.wp();
        int nv = vectors(g), skip = ow - wp;
        for (int ob = 0; ob * OB < oc; ob++) {
            int o0 = Math.min(ob * OB, oc - OB), wb = ob * k * OB;
            float b0 = bias(bias, bo, o0), b1 = bias(bias, bo, o0 + 1), b2 = bias(bias, bo, o0 + 2);
            float b3 = bias(bias, bo, o0 + 3), b4 = bias(bias, bo, o0 + 4), b5 = bias(bias, bo, o0 + 5);
            float b6 = bias(bias, bo, o0 + 6), b7 = bias(bias, bo, o0 + 7);
            for (int vb = 0; vb < nv; vb += 2) {
                int qa = Math.min(vb, nv - 2) * L, qb = qa + L;
                FloatVector a0 = FloatVector.broadcast(S, b0), a1 = FloatVector.broadcast(S, b1);
                FloatVector a2 = FloatVector.broadcast(S, b2), a3 = FloatVector.broadcast(S, b3);
                FloatVector a4 = FloatVector.broadcast(S, b4), a5 = FloatVector.broadcast(S, b5);
                FloatVector a6 = FloatVector.broadcast(S, b6), a7 = FloatVector.broadcast(S, b7);
                FloatVector c0 = a0, c1 = a1, c2 = a2, c3 = a3, c4 = a4, c5 = a5, c6 = a6, c7 = a7;
                for (int t = 0; t < k; t++) {
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
                    w = FloatVector.broadcast(S, wpk[wi + 6]); a6 = va.fma(w, a6); c6 = vy.fma(w, c6);
                    w = FloatVector.broadcast(S, wpk[wi + 7]); a7 = va.fma(w, a7); c7 = vy.fma(w, c7);
                }
                // each output row a vector touches: the lanes of that row's ow columns, stored at their pixels
                int base = oo + o0 * p;
                for (int q0 = qa, r = q0 / wp, rEnd = Math.min(oh - 1, (q0 + L - 1) / wp); r <= rEnd; r++) {
                    var m = VectorMask.fromLong(S, rowLanes(q0 - r * wp, ow));
                    int d = base + q0 + r * skip;
                    a0.intoArray(out, d, m);
                    a1.intoArray(out, d + p, m);
                    a2.intoArray(out, d + 2 * p, m);
                    a3.intoArray(out, d + 3 * p, m);
                    a4.intoArray(out, d + 4 * p, m);
                    a5.intoArray(out, d + 5 * p, m);
                    a6.intoArray(out, d + 6 * p, m);
                    a7.intoArray(out, d + 7 * p, m);
                }
                for (int q0 = qb, r = q0 / wp, rEnd = Math.min(oh - 1, (q0 + L - 1) / wp); r <= rEnd; r++) {
                    var m = VectorMask.fromLong(S, rowLanes(q0 - r * wp, ow));
                    int d = base + q0 + r * skip;
                    c0.intoArray(out, d, m);
                    c1.intoArray(out, d + p, m);
                    c2.intoArray(out, d + 2 * p, m);
                    c3.intoArray(out, d + 3 * p, m);
                    c4.intoArray(out, d + 4 * p, m);
                    c5.intoArray(out, d + 5 * p, m);
                    c6.intoArray(out, d + 6 * p, m);
                    c7.intoArray(out, d + 7 * p, m);
                }
            }
        }
    }

    /** Bits of the lanes n with 0 <= off + n < ow. */
    private static long rowLanes(int off, int ow) {
        int lo = Math.max(0, -off), hi = Math.min(L, ow - off);
        if (hi <= lo) return 0L;   // a vector that starts in the padding columns past a row
        return ((1L << hi) - 1) & -(1L << lo);
    }

    private static float bias(float[] b, int bo, int o) { return b == null ? 0f : b[bo + o]; }
}
