package org.crema.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2x2 stride-2 max pooling of FLOAT32 planes with the Vector API (loaded only when it is enabled), with
 * the rules of the scalar {@code Pooling.max2x2}: Math.max semantics (NaN wins), the first of equal
 * maxima is the arg-max, the output is the winner itself (so -0 stays -0). One output row at a time,
 * L outputs per step: two vectors of each input row are split into even and odd columns
 * (selectFrom of two vectors), the partial last step uses masked loads and stores.
 */
final class PoolVector {
    private PoolVector() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final int L = S.length();
    private static final FloatVector EVEN, ODD;
    private static final IntVector TWICE, IOTA;
    /** Half a vector of pooled values (the first L/2 lanes), and each of them spread over two lanes. */
    private static final VectorMask<Float> HALF;
    private static final VectorMask<Integer> HALF_I;
    private static final VectorShuffle<Float> PAIRS;
    private static final VectorShuffle<Integer> PAIRS_I;

    static {
        float[] even = new float[L], odd = new float[L];
        int[] twice = new int[L], iota = new int[L], pairs = new int[L];
        for (int i = 0; i < L; i++) {
            even[i] = 2 * i;
            odd[i] = 2 * i + 1;
            twice[i] = 2 * i;
            iota[i] = i;
            pairs[i] = i / 2;
        }
        EVEN = FloatVector.fromArray(S, even, 0);
        ODD = FloatVector.fromArray(S, odd, 0);
        TWICE = IntVector.fromArray(I, twice, 0);
        IOTA = IntVector.fromArray(I, iota, 0);
        HALF = S.indexInRange(0, L / 2);
        HALF_I = HALF.cast(I);
        PAIRS = VectorShuffle.fromArray(S, pairs, 0);
        PAIRS_I = VectorShuffle.fromArray(I, pairs, 0);
    }

    /**
     * Pools one plane x[xo..] of row width w into y[yo..] ([oh, ow]); idx (may be null when no gradient
     * is wanted) gets each window's arg-max as an offset in the plane; relu clamps the outputs at 0.
     */
    static void max2x2(float[] x, int xo, int w, float[] y, int[] idx, int yo, int oh, int ow, boolean relu) {
        int rest = ow % L;   // outputs of the partial last step of every row, and its masks
        VectorMask<Float> lo = S.indexInRange(0, 2 * rest), hi = S.indexInRange(L, 2 * rest), keep = S.indexInRange(0, rest);
        VectorMask<Integer> keepI = keep.cast(I);
        for (int i = 0; i < oh; i++) {
            int r0 = xo + 2 * i * w, r1 = r0 + w, o = yo + i * ow, base = 2 * i * w;
            for (int j0 = 0; j0 < ow; j0 += L) {
                int cnt = Math.min(L, ow - j0), c = 2 * j0;
                FloatVector p0, p1, q0, q1;
                // whole loads past the row where the array allows: the extra lanes only reach outputs
                // past the row, which are not stored or are overwritten below (masked loads and stores cost
                // 30% of the time of 14-wide rows)
                if (cnt == L || (wholeRows && r1 + c + 2 * L <= x.length)) {
                    p0 = FloatVector.fromArray(S, x, r0 + c);
                    p1 = FloatVector.fromArray(S, x, r0 + c + L);
                    q0 = FloatVector.fromArray(S, x, r1 + c);
                    q1 = FloatVector.fromArray(S, x, r1 + c + L);
                } else {
                    p0 = FloatVector.fromArray(S, x, r0 + c, lo);
                    p1 = FloatVector.fromArray(S, x, r0 + c + L, hi);
                    q0 = FloatVector.fromArray(S, x, r1 + c, lo);
                    q1 = FloatVector.fromArray(S, x, r1 + c + L, hi);
                }
                FloatVector a = EVEN.selectFrom(p0, p1), b = ODD.selectFrom(p0, p1);
                FloatVector d = EVEN.selectFrom(q0, q1), e = ODD.selectFrom(q0, q1);
                FloatVector m = a.max(b).max(d.max(e));
                // the first of a, b, d, e that equals the maximum (or is NaN): test in reverse order
                VectorMask<Float> ma = a.compare(VectorOperators.EQ, m).or(a.test(VectorOperators.IS_NAN));
                VectorMask<Float> mb = b.compare(VectorOperators.EQ, m).or(b.test(VectorOperators.IS_NAN));
                VectorMask<Float> md = d.compare(VectorOperators.EQ, m).or(d.test(VectorOperators.IS_NAN));
                FloatVector out = relu ? m.max(0f) : e.blend(d, md).blend(b, mb).blend(a, ma);
                // a whole store into the plane's later rows, which this loop writes again afterwards (never
                // past the plane: another thread may own the next one)
                boolean whole = cnt == L || (wholeRows && i < oh - 1 && o + j0 + L <= yo + oh * ow);
                if (whole) out.intoArray(y, o + j0);
                else out.intoArray(y, o + j0, keep);
                if (idx != null) {
                    IntVector at = IntVector.broadcast(I, w + 1)
                            .blend(w, md.cast(I)).blend(1, mb.cast(I)).blend(0, ma.cast(I))
                            .add(TWICE).add(base + c);
                    if (whole) at.intoArray(idx, o + j0);
                    else at.intoArray(idx, o + j0, keepI);
                }
            }
        }
    }

    /** Benchmarks switch the whole loads and stores of {@link #max2x2}'s partial steps off (masked ones) to compare. */
    static boolean wholeRows = true;

    /** Whether {@link #max2x2Grad} takes the plane: pooled rows of L/2 or more. */
    static boolean gradApplies(int pow) { return pow >= L / 2; }

    /**
     * The gradient of one plane before a 2x2 max pool that also applied ReLU, as the scalar max-pool
     * backward writes it into a zeroed plane: 0 + gy * signum(y) at each window's arg-max idx, 0 elsewhere.
     * Writes rows 0..2*poh-1, columns 0..2*pow-1 of pre[po..] (row width w); a last odd row or column is
     * left alone (zero in a buffer used for one geometry). y, idx: the pooled plane at o ([poh, pow]), gy at go + o.
     * Each step takes L/2 pooled values, spreads each over two lanes and keeps the lane whose position is
     * the arg-max, for both rows of the windows: whole-row stores instead of a fill and a scattered store
     * per value (0.93 ms of scalar rebuild per batch of the cnn's first layer). pow >= L/2; a last step
     * overlaps the one before (same values).
     */
    static void max2x2Grad(float[] gy, int go, float[] y, int[] idx, int o, int poh, int pow, float[] pre, int po, int w) {
        int half = L / 2;
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f), minusOne = FloatVector.broadcast(S, -1f);
        for (int i = 0; i < poh; i++) {
            int src = o + i * pow, r0 = 2 * i * w;
            for (int jb = 0; ; jb += half) {
                int j0 = Math.min(jb, pow - half);
                FloatVector g = FloatVector.fromArray(S, gy, go + src + j0, HALF);
                FloatVector yv = FloatVector.fromArray(S, y, src + j0, HALF);
                IntVector at = IntVector.fromArray(I, idx, src + j0, HALF_I).rearrange(PAIRS_I);
                // Math.signum lane-wise (0, -0 and NaN stay themselves), then 0 + gy * signum(y) as the
                // scalar backward adds it to its zeroed plane
                FloatVector sign = yv.blend(one, yv.compare(VectorOperators.GT, 0f)).blend(minusOne, yv.compare(VectorOperators.LT, 0f));
                FloatVector v = zero.add(g.mul(sign)).rearrange(PAIRS);
                IntVector pos = IOTA.add(r0 + 2 * j0);
                zero.blend(v, at.compare(VectorOperators.EQ, pos).cast(S)).intoArray(pre, po + r0 + 2 * j0);
                zero.blend(v, at.compare(VectorOperators.EQ, pos.add(w)).cast(S)).intoArray(pre, po + r0 + w + 2 * j0);
                if (j0 == pow - half) break;
            }
        }
    }
}
