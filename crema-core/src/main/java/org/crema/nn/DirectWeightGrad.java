package org.crema.nn;

import static org.crema.nn.DirectConv.L;
import static org.crema.nn.DirectConv.OB;
import static org.crema.nn.DirectConv.S;
import static org.crema.nn.DirectConv.round;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The direct weight and bias gradient of {@link DirectConv}'s layers (few input taps, unit stride, one
 * group): each image is laid out once per column shift ({@link #shifted}), so that every tap is a single
 * run over the whole output plane, like the output gradient, and dW[o, tap] is a dot product of two
 * contiguous runs with no row ends. Lane-wise partial sums per run of images, summed over lanes in a
 * fixed order ({@link #reduceParts}): the bits depend on the shapes and the runs only. Loaded only when
 * the Vector API is enabled.
 */
final class DirectWeightGrad {
    private DirectWeightGrad() {}

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

    /** A thread's buffers for the weight gradient, kept between calls: the laid-out input, the partial sums of W and b. */
    private static final ThreadBuffers SHIFTED = new ThreadBuffers(), PART = new ThreadBuffers(), BIAS_PART = new ThreadBuffers();

    /**
     * This thread's buffer for {@link #shifted} of geometry g, its borders zero: the last one when its
     * layout was g's (shifted never writes the borders), else a new one. At LeNet's batch 4 the fresh
     * 54 KB buffer and partial sums (39 KB) cost ~10% of the weight gradient in zeroing and cold misses.
     */
    static float[] shiftedBuffer(ConvGeometry g) {
        return SHIFTED.get(reuseBuffers, g.imageLayout(1), shiftedLength(g))[0];
    }

    /** This thread's zeroed array of n floats for the partial sums (bias: the bias gradient's), reused between calls. */
    static float[] partBuffer(int n, boolean bias) {
        return (bias ? BIAS_PART : PART).zeroed(reuseBuffers, n);
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
}
