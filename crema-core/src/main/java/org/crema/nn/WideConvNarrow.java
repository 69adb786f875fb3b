package org.crema.nn;

import static org.crema.nn.WideConv.L;
import static org.crema.nn.WideConv.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import org.crema.backend.Parallel;

/**
 * The input gradient of a layer with 6 or 7 input channels (LeNet's 6->16 5x5 layer: 14x14 from a 10x10
 * output gradient) as a direct convolution over the output gradient's dense rows, instead of the GEMM Wᵀ·dY
 * with a reduction of only 16 followed by col2im.
 *
 * <p>dX[c, i, j] = sum over kernel columns b of T_b[c, i, j - b], where T_b[c, i, x] = sum over (a, o) of
 * W[o, c, a, b] * dY[o, i + ph - a, x] runs over rows of the output width ow, not the input width w: each
 * tap (a, o) of T_b is one contiguous run of dY (its planes laid out with zero rows above and below), so no
 * product lands on the w - ow zero columns that a convolution in dX's own wide index multiplies (the
 * previous kernel: 430 k products per LeNet image for 240 k useful; this one 323 k). The kw planes T_b of
 * an image (17 KB for LeNet, in L1) are then added row by row, T_b shifted by b lanes under a mask.
 * Blocks of 6 channels times two vectors of T (12 sums, two loads and six broadcasts per tap; an odd
 * last vector is paired with one past the rows), only the kernel rows a that reach a row of dY; a 7th channel takes a second block overlapping the first,
 * computing the shared channels again with the same arithmetic.
 *
 * <p>Every T_b value is one FMA chain over its block's taps in [a][o] order and every dX value a sum over b
 * in order; the blocks depend on the geometry only: the same bits however the images are split over
 * threads, interpreted or compiled. Loaded only when the Vector API is enabled.
 */
final class WideConvNarrow {
    private WideConvNarrow() {}

    /** Channels per block. */
    static final int OB = 6;

    /**
     * Whether the input gradient of g suits this kernel: stride 1, one group, no column padding and less
     * than kh - 1 rows of it, 6 or 7 input channels, at most 256 input pixels per channel and at least two
     * vectors of them, the laid-out output gradient within 64 KB.
     */
    static boolean appliesInputGrad(ConvGeometry g) {
        if (!g.unitStride() || g.pw() != 0 || g.ph() >= g.kh() - 1) return false;
        if (g.c() < OB || g.c() >= WideConv.OB || g.hw() > 256 || g.hw() < 2 * L) return false;
        return (long) g.oc() * (g.h() + g.kh() - 1) * g.w() <= 1 << 14;
    }

    /** The input gradient [n, c, h, w] of the layer g from its weight [oc, c, kh, kw] and output gradient [n, oc, oh, ow]. */
    static float[] inputGrad(ConvGeometry g, float[] wt, int wo, float[] gy, int go) {
        Plan pl = new Plan(g, wt, wo);
        int c = g.c(), p = g.hw(), ohw = g.oc() * g.p();
        float[] gx = new float[g.n() * c * p];
        Parallel.forRange(g.n(), 1, (s, e) -> {
            float[][] bufs = buffers(pl);
            for (int img = s; img < e; img++) pl.image(gy, go + img * ohw, bufs[0], bufs[1], gx, img * c * p);
        });
        return gx;
    }

    /** Tests switch the per-thread reuse of {@link #buffers} off. */
    static boolean reuseBuffers = true;

    /** A thread's laid-out output gradient and T planes, kept between calls. */
    private static final ThreadBuffers BUFFERS = new ThreadBuffers();

    /**
     * This thread's [laid-out dY, T planes] for pl: the last ones when their layout was pl's (image writes
     * the same rows of dY's layout each time, so its zero rows stay zero; T needs no zeros), else new ones.
     * At LeNet's batch 4 the fresh 33 KB cost ~2 of the input gradient's 30 µs in zeroing and cold misses.
     */
    static float[][] buffers(Plan pl) {
        return BUFFERS.get(reuseBuffers, pl.g.imageLayout(pl.g.oc()), pl.bufLen, pl.tLen);
    }

    /** What depends on the geometry and weights only: tap offsets, vector blocks, packed weights, row masks. */
    static final class Plan {
        final ConvGeometry g;
        final int oc, c, kw, ow, w, plane, top, kt, ts, bufLen, tLen, chunks;
        /** Tap t = a * oc + o of T_b reads the laid-out dY at taps[t] + q. */
        final int[] taps;
        /** Blocks of two vectors of T: first position, tap range [lo, hi). */
        final int[] qa, lo, hi;
        /** Weights [channel block][b][tap][OB]. */
        final float[] wpk;
        /** Lanes of row chunk j0 = chunk * L that T_b feeds ([chunk][b]), and the lanes of dX in the chunk. */
        final long[] addBits, storeBits;

        Plan(ConvGeometry g, float[] wt, int wo) {
            this.g = g;
            oc = g.oc();
            c = g.c();
            kw = g.kw();
            ow = g.ow();
            w = g.w();
            int kh = g.kh(), h = g.h(), ph = g.ph(), oh = g.oh();
            // dY row y at row y + top of its plane: tap a of T's row i reads row i + kh - 1 - a
            top = kh - 1 - ph;
            plane = (h + kh - 1) * ow;
            kt = kh * oc;
            taps = new int[kt];
            for (int a = 0; a < kh; a++) for (int o = 0; o < oc; o++) taps[a * oc + o] = o * plane + (kh - 1 - a) * ow;
            // an odd last vector takes a whole block too: its second vector (past the last row) is never read
            int blocks = (h * ow + 2 * L - 1) / (2 * L), vecs = 2 * blocks;
            qa = new int[blocks];
            lo = new int[blocks];
            hi = new int[blocks];
            for (int k = 0; k < blocks; k++) {
                qa[k] = 2 * k * L;
                int r0 = qa[k] / ow, r1 = Math.min(h - 1, (qa[k] + 2 * L - 1) / ow);
                // the kernel rows that reach a row of dY from some row of the block; the others read zero rows
                int aLo = Math.max(0, r0 + ph - (oh - 1)), aHi = Math.min(kh - 1, r1 + ph);
                lo[k] = aLo * oc;
                hi[k] = Math.max(aLo, aHi + 1) * oc;
            }
            int cb = (c + OB - 1) / OB;
            wpk = new float[cb * kw * kt * OB];
            for (int ob = 0; ob < cb; ob++) {
                int o0 = Math.min(ob * OB, c - OB);
                for (int b = 0; b < kw; b++) {
                    for (int t = 0; t < kt; t++) {
                        int a = t / oc, o = t % oc, d = ((ob * kw + b) * kt + t) * OB;
                        for (int ci = 0; ci < OB; ci++) wpk[d + ci] = wt[wo + ((o * c + o0 + ci) * kh + a) * kw + b];
                    }
                }
            }
            // T_b of channel ci at tb[(b * c + ci) * ts + kw + q]: kw floats before q = 0 and room after the
            // last row for the shifted loads of the row sums
            ts = kw + Math.max(vecs * L, h * ow + kw + L);
            tLen = kw * c * ts;
            bufLen = oc * plane + vecs * L - h * ow + L;
            chunks = (w + L - 1) / L;
            addBits = new long[chunks * kw];
            storeBits = new long[chunks];
            for (int ch = 0; ch < chunks; ch++) {
                int j0 = ch * L;
                storeBits[ch] = lanes(0, Math.min(L, w - j0));
                for (int b = 0; b < kw; b++) addBits[ch * kw + b] = lanes(Math.max(0, b - j0), Math.min(L, ow + b - j0));
            }
        }

        private static long lanes(int from, int to) {
            return to <= from ? 0 : (to - from == 64 ? -1L : ((1L << (to - from)) - 1) << from);
        }

        /** dX of one image (at gx[xo]) from its output gradient (at gy[go]), through a thread's buffers. */
        void image(float[] gy, int go, float[] buf, float[] tb, float[] gx, int xo) {
            int ohw = g.p(), start = top * ow;
            for (int o = 0; o < oc; o++) System.arraycopy(gy, go + o * ohw, buf, o * plane + start, ohw);
            for (int ob = 0; ob * OB < c; ob++) {
                int o0 = Math.min(ob * OB, c - OB);
                for (int b = 0; b < kw; b++) {
                    int wb = (ob * kw + b) * kt * OB, d = (b * c + o0) * ts + kw;
                    for (int k = 0; k < qa.length; k++) block2(buf, taps, lo[k], hi[k], qa[k], wpk, wb, tb, d + qa[k], ts);
                }
            }
            if (kw == 5 && chunks == 1) rowSums5(tb, gx, xo);
            else rowSums(tb, gx, xo);
        }

        /**
         * gx[xo + (ci * h + i) * w + j] = sum over b in order of T_b[ci, i * ow + j - b] where 0 <= j - b < ow.
         * A row's store spills past it into the next rows or chunk, stored later; never past the image.
         */
        void rowSums(float[] tb, float[] gx, int xo) {
            int h = g.h(), end = xo + c * h * w;
            for (int ci = 0; ci < c; ci++) {
                for (int i = 0; i < h; i++) {
                    for (int ch = 0; ch < chunks; ch++) {
                        int j0 = ch * L, src = ci * ts + kw + i * ow + j0;
                        FloatVector acc = FloatVector.zero(S);
                        for (int b = 0; b < kw; b++) {
                            long bits = addBits[ch * kw + b];
                            if (bits == 0) continue;
                            acc = acc.add(FloatVector.fromArray(S, tb, b * c * ts + src - b), VectorMask.fromLong(S, bits));
                        }
                        int dst = xo + (ci * h + i) * w + j0;
                        if (dst + L <= end) acc.intoArray(gx, dst);
                        else acc.intoArray(gx, dst, VectorMask.fromLong(S, storeBits[ch]));
                    }
                }
            }
        }

        /** {@link #rowSums} for 5-wide kernels and rows of at most one vector, its masks held in registers (twice as fast). */
        void rowSums5(float[] tb, float[] gx, int xo) {
            int h = g.h(), bs = c * ts, end = xo + c * h * w;
            VectorMask<Float> m0 = VectorMask.fromLong(S, addBits[0]), m1 = VectorMask.fromLong(S, addBits[1]);
            VectorMask<Float> m2 = VectorMask.fromLong(S, addBits[2]), m3 = VectorMask.fromLong(S, addBits[3]);
            VectorMask<Float> m4 = VectorMask.fromLong(S, addBits[4]);
            for (int ci = 0; ci < c; ci++) {
                for (int i = 0; i < h; i++) {
                    int src = ci * ts + kw + i * ow;
                    FloatVector acc = FloatVector.zero(S);
                    acc = acc.add(FloatVector.fromArray(S, tb, src), m0);
                    acc = acc.add(FloatVector.fromArray(S, tb, bs + src - 1), m1);
                    acc = acc.add(FloatVector.fromArray(S, tb, 2 * bs + src - 2), m2);
                    acc = acc.add(FloatVector.fromArray(S, tb, 3 * bs + src - 3), m3);
                    acc = acc.add(FloatVector.fromArray(S, tb, 4 * bs + src - 4), m4);
                    int dst = xo + (ci * h + i) * w;
                    if (dst + L <= end) acc.intoArray(gx, dst);
                    else acc.intoArray(gx, dst, VectorMask.fromLong(S, storeBits[0]));
                }
            }
        }
    }

    /**
     * T at out[d + ci * ts] for two vectors from q: the FMA chains over taps [lo, hi) of dY at in[taps[t] + q],
     * each broadcast weight feeding two FMAs.
     */
    static void block2(float[] in, int[] taps, int lo, int hi, int q, float[] wpk, int wb, float[] out, int d, int ts) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector c0 = a0, c1 = a0, c2 = a0, c3 = a0, c4 = a0, c5 = a0;
        for (int t = lo; t < hi; t++) {
            int off = taps[t] + q;
            FloatVector va = FloatVector.fromArray(S, in, off);
            FloatVector vy = FloatVector.fromArray(S, in, off + L);
            int wi = wb + t * OB;
            FloatVector w;
            w = FloatVector.broadcast(S, wpk[wi]); a0 = va.fma(w, a0); c0 = vy.fma(w, c0);
            w = FloatVector.broadcast(S, wpk[wi + 1]); a1 = va.fma(w, a1); c1 = vy.fma(w, c1);
            w = FloatVector.broadcast(S, wpk[wi + 2]); a2 = va.fma(w, a2); c2 = vy.fma(w, c2);
            w = FloatVector.broadcast(S, wpk[wi + 3]); a3 = va.fma(w, a3); c3 = vy.fma(w, c3);
            w = FloatVector.broadcast(S, wpk[wi + 4]); a4 = va.fma(w, a4); c4 = vy.fma(w, c4);
            w = FloatVector.broadcast(S, wpk[wi + 5]); a5 = va.fma(w, a5); c5 = vy.fma(w, c5);
        }
        a0.intoArray(out, d);
        a1.intoArray(out, d + ts);
        a2.intoArray(out, d + 2 * ts);
        a3.intoArray(out, d + 3 * ts);
        a4.intoArray(out, d + 4 * ts);
        a5.intoArray(out, d + 5 * ts);
        c0.intoArray(out, d + L);
        c1.intoArray(out, d + L + ts);
        c2.intoArray(out, d + L + 2 * ts);
        c3.intoArray(out, d + L + 3 * ts);
        c4.intoArray(out, d + L + 4 * ts);
        c5.intoArray(out, d + L + 5 * ts);
    }
}
