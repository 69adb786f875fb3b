package org.crema.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.crema.backend.Parallel;

/**
 * Direct FLOAT32 weight and bias gradients for deep layers with small outputs (the small CNN's 32->64
 * 3x3 layer on 14x14: dW [64 x 288] = dY [64 x 12,544] x colsᵀ), without im2col: through im2col and the
 * GEMM's A·Bᵀ path the reduction of 196 pixels per image needs a 288 x 1,176 column matrix (1.35 MB, past
 * L2) written and read per six images.
 *
 * <p>The layout is {@link WideConv}'s: each image's input is copied into zero-bordered planes of width wp,
 * and its output gradient into rows of the same width, zero past each row's ow columns ("wide" index q =
 * y * wp + x). Then dW[o, (c, ki, kj)] = sum over q of dY[o, q] * X[c * plane + ki * wp + kj + q]: every
 * tap is one contiguous run of the input, every channel one contiguous run of the gradient, no row ends,
 * no masks (the zero columns of dY cancel the lanes that wrap into the next row). The kernel holds
 * {@link #OB} channels x {@link #TB} taps = 24 lane-wise partial sums in registers, fed by 4 + 6 loads per
 * 24 FMAs, over all images of a run (a run's inputs and gradients fit L2), and sums each one's lanes left
 * to right at the end of the run.
 *
 * <p>Reproducible: runs are fixed by the shapes alone (never by the pool size), each run's partial gradient
 * is written, not accumulated (the overlapping last blocks of channels and taps write the same values
 * twice), and the runs' partials are added in run order. So the bits do not depend on the thread count,
 * on how the pool hands out runs, nor on the JIT state. They differ from the im2col path's (another
 * summation order); tests compare both with the FLOAT64 path. Stride 1, dilation 1, one group. Loaded
 * only when the Vector API is enabled.
 */
final class WideWeightGrad {
    private WideWeightGrad() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Output channels per block. */
    static final int OB = 4;
    /** Taps per block. */
    static final int TB = 6;

    /**
     * Floats of inputs and gradients one run lays out (benchmarks move it): 1.5 MB, 16 images of the small
     * CNN's layer. The inputs (512 KB) stay in a 1 MB L2 while a block of channels sweeps all taps. Runs of
     * 8 images, all within L2, were ~4% slower: twice the lane sums.
     */
    static int runFloats = 3 << 17;

    /** Whether the weight gradient takes this route (benchmarks flip it). */
    static boolean enabled = true;

    /**
     * Whether g suits the kernel: unit stride, at least a block of channels and taps, the padded image
     * within 64 KB, and at least 3/4 of the wide lanes real outputs (the small CNN's 14x14: 196 of 224;
     * LeNet's 10x10 with wp = 14 would use 100 of 144 and is left to im2col).
     */
    static boolean applies(ConvGeometry g) {
        if (!enabled || !g.unitStride() || g.oc() < OB || g.kdim() < TB) return false;
        int nvl = WideConv.vectors(g) * L;
        return WideConv.bufferSize(g) <= (1 << 14) + L && 4L * g.p() >= 3L * nvl
                && imageFloats(g) <= runFloats;
    }

    /** Floats of one image's padded input and wide gradient. */
    private static int imageFloats(ConvGeometry g) {
        return WideConv.bufferSize(g) + g.oc() * WideConv.vectors(g) * L;
    }

    /** Images per run: as many as fit {@link #runFloats}, spread evenly over the runs. */
    static int runs(ConvGeometry g) {
        int per = Math.max(1, runFloats / imageFloats(g));
        return (g.n() + per - 1) / per;
    }

    /**
     * {dW [oc, c*kh*kw], db [oc] or null} of the layer g from its input x (at xo, [n, c, h, w]) and output
     * gradient gy (at go, [n, oc, oh, ow]).
     */
    static float[][] weightGrad(ConvGeometry g, float[] x, int xo, float[] gy, int go, boolean needB) {
        int n = g.n(), oc = g.oc(), k = g.kdim(), runs = runs(g);
        int xLen = WideConv.bufferSize(g), nvl = WideConv.vectors(g) * L, yLen = oc * nvl;
        int[] taps = WideConv.tapOffsets(g);
        float[][] dwParts = new float[runs][], dbParts = new float[runs][];
        int most = (n + runs - 1) / runs;
        Parallel.forRange(runs, 1, (rs, re) -> {
            // borders, padding columns and slack are never written: they stay zero from run to run
            float[][] bufs = buffers(g, most * xLen, most * yLen + L);
            float[] xs = bufs[0], ys = bufs[1], acc = bufs[2];
            for (int run = rs; run < re; run++) {
                int first = (int) ((long) n * run / runs), count = (int) ((long) n * (run + 1) / runs) - first;
                for (int j = 0; j < count; j++) {
                    int img = first + j;
                    padInput(x, xo + img * g.c() * g.hw(), g, xs, j * xLen);
                    wideGrad(gy, go + img * oc * g.p(), g, ys, j * yLen, nvl);
                }
                float[] dw = new float[oc * k];
                for (int ob = 0; ob * OB < oc; ob++) {
                    int o0 = Math.min(ob * OB, oc - OB);
                    for (int tb = 0; tb * TB < k; tb++) {
                        int t0 = Math.min(tb * TB, k - TB);
                        block(xs, xLen, taps, t0, ys, yLen, o0 * nvl, nvl, count, acc);
                        for (int i = 0; i < OB; i++) {
                            for (int j = 0; j < TB; j++) dw[(o0 + i) * k + t0 + j] = sumLanes(acc, (i * TB + j) * L);
                        }
                    }
                }
                dwParts[run] = dw;
                if (needB) dbParts[run] = biasGrad(ys, yLen, oc, nvl, count);
            }
        });
        return new float[][] {sum(dwParts), needB ? sum(dbParts) : null};
    }

    /** Tests switch the per-thread reuse of {@link #buffers} off. */
    static boolean reuseBuffers = true;

    /** A thread's laid-out inputs and gradients of one run, and its partial sums, kept between calls. */
    private static final ThreadBuffers BUFFERS = new ThreadBuffers();

    /**
     * This thread's {xs, ys, acc} for a run of g's layout: the last ones when their layout and lengths were
     * these (every call writes the same positions of them, so borders, padding columns and slack stay zero),
     * else new ones. Fresh, they were 1.5 MB per range of runs (two humongous objects for G1 with 1 MB regions):
     * on two threads the small CNN allocated four pairs a step, and every humongous allocation past the
     * heap's occupancy threshold starts a young collection that stops both threads.
     */
    private static float[][] buffers(ConvGeometry g, int xsLen, int ysLen) {
        return BUFFERS.get(reuseBuffers, g.imageLayout(g.oc()), xsLen, ysLen, OB * TB * L);
    }

    /**
     * acc[(i * TB + j) * L ..] = the lane-wise sums over count images and nvl wide outputs of
     * gradient row o0 + i (ys at yo, images yLen apart, rows nvl apart) times tap t0 + j (xs, images xLen
     * apart). Takes and returns no vectors: everything stays in this method's registers.
     */
    static void block(float[] xs, int xLen, int[] taps, int t0, float[] ys, int yLen, int yo, int nvl, int count,
                      float[] acc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a04 = z, a05 = z;
        FloatVector a10 = z, a11 = z, a12 = z, a13 = z, a14 = z, a15 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z, a24 = z, a25 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a33 = z, a34 = z, a35 = z;
        int t0o = taps[t0], t1o = taps[t0 + 1], t2o = taps[t0 + 2], t3o = taps[t0 + 3], t4o = taps[t0 + 4];
        int t5o = taps[t0 + 5];
        for (int img = 0; img < count; img++) {
            int xb = img * xLen, y0 = yo + img * yLen, y1 = y0 + nvl, y2 = y1 + nvl, y3 = y2 + nvl;
            for (int q = 0; q < nvl; q += L) {
                FloatVector e0 = FloatVector.fromArray(S, ys, y0 + q);
                FloatVector e1 = FloatVector.fromArray(S, ys, y1 + q);
                FloatVector e2 = FloatVector.fromArray(S, ys, y2 + q);
                FloatVector e3 = FloatVector.fromArray(S, ys, y3 + q);
                int xq = xb + q;
                FloatVector v = FloatVector.fromArray(S, xs, xq + t0o);
                a00 = e0.fma(v, a00); a10 = e1.fma(v, a10); a20 = e2.fma(v, a20); a30 = e3.fma(v, a30);
                v = FloatVector.fromArray(S, xs, xq + t1o);
                a01 = e0.fma(v, a01); a11 = e1.fma(v, a11); a21 = e2.fma(v, a21); a31 = e3.fma(v, a31);
                v = FloatVector.fromArray(S, xs, xq + t2o);
                a02 = e0.fma(v, a02); a12 = e1.fma(v, a12); a22 = e2.fma(v, a22); a32 = e3.fma(v, a32);
                v = FloatVector.fromArray(S, xs, xq + t3o);
                a03 = e0.fma(v, a03); a13 = e1.fma(v, a13); a23 = e2.fma(v, a23); a33 = e3.fma(v, a33);
                v = FloatVector.fromArray(S, xs, xq + t4o);
                a04 = e0.fma(v, a04); a14 = e1.fma(v, a14); a24 = e2.fma(v, a24); a34 = e3.fma(v, a34);
                v = FloatVector.fromArray(S, xs, xq + t5o);
                a05 = e0.fma(v, a05); a15 = e1.fma(v, a15); a25 = e2.fma(v, a25); a35 = e3.fma(v, a35);
            }
        }
        a00.intoArray(acc, 0); a01.intoArray(acc, L); a02.intoArray(acc, 2 * L);
        a03.intoArray(acc, 3 * L); a04.intoArray(acc, 4 * L); a05.intoArray(acc, 5 * L);
        a10.intoArray(acc, 6 * L); a11.intoArray(acc, 7 * L); a12.intoArray(acc, 8 * L);
        a13.intoArray(acc, 9 * L); a14.intoArray(acc, 10 * L); a15.intoArray(acc, 11 * L);
        a20.intoArray(acc, 12 * L); a21.intoArray(acc, 13 * L); a22.intoArray(acc, 14 * L);
        a23.intoArray(acc, 15 * L); a24.intoArray(acc, 16 * L); a25.intoArray(acc, 17 * L);
        a30.intoArray(acc, 18 * L); a31.intoArray(acc, 19 * L); a32.intoArray(acc, 20 * L);
        a33.intoArray(acc, 21 * L); a34.intoArray(acc, 22 * L); a35.intoArray(acc, 23 * L);
    }

    /** One image [c, h, w] at xo into zero-bordered planes [c, hp, wp] at d (borders already zero). */
    static void padInput(float[] x, int xo, ConvGeometry g, float[] dst, int d) {
        int h = g.h(), w = g.w(), wp = g.wp(), plane = g.hp() * wp, row0 = d + g.ph() * wp + g.pw();
        for (int c = 0; c < g.c(); c++) copyRows(x, xo + c * h * w, h, w, dst, row0 + c * plane, wp);
    }

    /** One image's gradient [oc, oh, ow] at go into wide rows [oc][nvl], row y at y * wp (the rest stays zero). */
    static void wideGrad(float[] gy, int go, ConvGeometry g, float[] dst, int d, int nvl) {
        int oh = g.oh(), ow = g.ow(), p = g.p();
        for (int o = 0; o < g.oc(); o++) copyRows(gy, go + o * p, oh, ow, dst, d + o * nvl, g.wp());
    }

    /**
     * rows rows of w floats, consecutive in src from so, to dst from d every stride floats. Each row's last
     * vector is loaded masked and stored whole: it writes zeros up to L - 1 floats past the row. Those are
     * padding that must be zero anyway, or later rows, channels and images, which are copied afterwards (in
     * increasing order), or the slack at the end of an image's planes and of a run's buffer.
     */
    static void copyRows(float[] src, int so, int rows, int w, float[] dst, int d, int stride) {
        int last = (w - 1) / L * L;
        VectorMask<Float> m = VectorMask.fromLong(S, -1L >>> (64 - (w - last)));
        for (int r = 0; r < rows; r++) {
            int s = so + r * w, t = d + r * stride;
            for (int i = 0; i < last; i += L) FloatVector.fromArray(S, src, s + i).intoArray(dst, t + i);
            FloatVector.fromArray(S, src, s + last, m).intoArray(dst, t + last);
        }
    }

    /** db[o] = the sum over count images of gradient row o (wide, zeros included): lane-wise, then lanes left to right. */
    private static float[] biasGrad(float[] ys, int yLen, int oc, int nvl, int count) {
        float[] db = new float[oc], lanes = new float[L];
        for (int o = 0; o < oc; o++) {
            FloatVector s = FloatVector.zero(S);
            for (int img = 0; img < count; img++) {
                int base = img * yLen + o * nvl;
                for (int q = 0; q < nvl; q += L) s = s.add(FloatVector.fromArray(S, ys, base + q));
            }
            s.intoArray(lanes, 0);
            db[o] = sumLanes(lanes, 0);
        }
        return db;
    }

    /** lanes[off] + lanes[off + 1] + ... + lanes[off + L - 1], left to right. */
    private static float sumLanes(float[] lanes, int off) {
        float s = lanes[off];
        for (int q = 1; q < L; q++) s += lanes[off + q];
        return s;
    }

    /** parts[0] + parts[1] + ..., in that order. */
    private static float[] sum(float[][] parts) {
        float[] total = parts[0];
        for (int r = 1; r < parts.length; r++) {
            float[] p = parts[r];
            for (int i = 0; i < total.length; i++) total[i] += p[i];
        }
        return total;
    }
}
