package org.crema.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.Node;
import org.crema.backend.Gemm;
import org.crema.backend.PackedSgemm;
import org.crema.backend.Parallel;

/**
 * A whole FLOAT32 LSTM direction as one graph node: the recurrent products go straight to the GEMM and
 * the gates are fused, with no tensor, view or node per timestep.
 *
 * <p>Why: recorded step by step, each step's {@code select} of the projected input has a backward that
 * materialises a full-size [T, B, 4H] gradient, and the engine sums T of them, so the backward costs
 * O(T^2) memory traffic; and every step adds a dozen small allocations. Here the backward walks the
 * steps in reverse once, writes the gate gradients of all steps into one [T, B, 4H] tensor (the
 * gradient of the input projection) and gets the weight gradient from one GEMM over all steps (two:
 * the first step's h_{t-1} is the initial state). W_hh is packed once per sequence for the per-step
 * products ({@link PackedSgemm}), and with several threads each runs the whole sequence for a share of
 * the batch rows, which never interact: one hand-off per sequence instead of one per step.
 * FLOAT64 keeps the per-step path ({@link RecurrentSteps}), which the gradient checks cover; tests
 * compare the two.
 */
final class LstmSequence {
    private LstmSequence() {}

    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("crema.vector"));

    /**
     * @param proj    [T, B, 4H] input projections with both biases, gates in torch's order i, f, g, o
     * @param whh     [4H, H]
     * @param h0      [B, H] initial hidden state
     * @param c0      [B, H] initial cell state
     * @param reverse process the steps from T-1 down to 0 (the backward direction of a bidirectional layer)
     * @param ownsProj proj is a temporary of the caller that nothing else reads: its storage is reused for
     *                 the gates instead of a copy (one [T, B, 4H] allocation less per forward)
     * @return [T, B, 2H]: for each timestep t, h_t in the first H columns and c_t in the last H
     */
    static Tensor forward(Tensor proj, Tensor whh, Tensor h0, Tensor c0, boolean reverse, boolean ownsProj) {
        int steps = proj.size(0), b = proj.size(1), h4 = proj.size(2), h = h4 / 4;
        float[] w = raw(whh);
        // W_hh^T [H, 4H] packed once per sequence: the 50-odd per-step products then only stream it
        PackedSgemm.PackedB wT = PackedSgemm.packB(true, h, h4, w, 0, h);
        float[] hInit = raw(h0), cInit = raw(c0);
        float[] projData = raw(proj);
        // pre-activations, then the activated gates i, f, g, o
        float[] act = projData == proj.storageFloats() && !ownsProj ? projData.clone() : projData;
        float[] out = new float[steps * b * 2 * h];
        float[] tanhC = new float[steps * b * h];
        // the rows of a batch never interact: each thread runs the whole sequence for its own rows
        Parallel.forRange(b, ROWS, (r0, r1) -> {
            for (int s = 0; s < steps; s++) {
                int t = reverse ? steps - 1 - s : s;
                int prev = reverse ? t + 1 : t - 1;
                for (int i0 = r0; i0 < r1; i0 += ROWS) {
                    int rows = Math.min(ROWS, r1 - i0);
                    // gates_t += h_{t-1} W_hh^T, then the gates of these rows while they are in L1
                    if (s == 0) PackedSgemm.sgemm(rows, hInit, i0 * h, h, wT, 1f, act, (t * b + i0) * h4, h4);
                    else PackedSgemm.sgemm(rows, out, (prev * b + i0) * 2 * h, 2 * h, wT, 1f, act, (t * b + i0) * h4, h4);
                    for (int r = i0; r < i0 + rows; r++) {
                        float[] cSrc = s == 0 ? cInit : out;
                        int cOff = s == 0 ? r * h : (prev * b + r) * 2 * h + h;
                        cellForward(act, (t * b + r) * h4, cSrc, cOff, out, (t * b + r) * 2 * h, tanhC, (t * b + r) * h, h);
                    }
                }
            }
        });
        Tensor result = Tensor.wrap(out, steps, b, 2 * h);
        return Node.record(result, "lstmSequence", new Tensor[] {proj, whh, h0, c0}, grad -> {
            float[] g = raw(grad);
            float[] dGates = new float[steps * b * h4];
            float[] dh = new float[b * h], dc = new float[b * h];   // flowing from step s+1 back to step s
            PackedSgemm.PackedB wP = PackedSgemm.packB(false, h4, h, w, 0, h);
            Parallel.forRange(b, ROWS, (r0, r1) -> {
                for (int s = steps - 1; s >= 0; s--) {
                    int t = reverse ? steps - 1 - s : s;
                    int prev = reverse ? t + 1 : t - 1;
                    for (int i0 = r0; i0 < r1; i0 += ROWS) {
                        int rows = Math.min(ROWS, r1 - i0);
                        for (int r = i0; r < i0 + rows; r++) {
                            float[] cSrc = s == 0 ? cInit : out;
                            int cOff = s == 0 ? r * h : (prev * b + r) * 2 * h + h;
                            cellBackward(act, (t * b + r) * h4, cSrc, cOff, tanhC, (t * b + r) * h, g, (t * b + r) * 2 * h,
                                    dh, dc, r * h, dGates, (t * b + r) * h4, h);
                        }
                        // dL/dh_{t-1} = dGates_t W_hh for these rows
                        PackedSgemm.sgemm(rows, dGates, (t * b + i0) * h4, h4, wP, 0f, dh, i0 * h, h);
                    }
                }
            });
            // dW_hh = sum over t of dGates_t^T h_{t-1}: h_{t-1} of all but the first processed step are rows
            // of out (stride 2H) one step earlier, so two GEMMs read them in place
            float[] dW = new float[h4 * h];
            int rest = (steps - 1) * b;
            int g0 = reverse ? 0 : b * h4, o0 = reverse ? b * 2 * h : 0, first = reverse ? (steps - 1) * b * h4 : 0;
            Gemm.sgemm(true, false, h4, h, rest, 1f, dGates, g0, h4, out, o0, 2 * h, 0f, dW, 0, h);
            Gemm.sgemm(true, false, h4, h, b, 1f, dGates, first, h4, hInit, 0, h, 1f, dW, 0, h);
            return new Tensor[] {
                    Tensor.wrap(dGates, steps, b, h4), Tensor.wrap(dW, h4, h),
                    Tensor.wrap(dh, b, h), Tensor.wrap(dc, b, h)};
        });
    }

    /** Rows per GEMM call and per thread's share: the kernel's row block, the gates of which stay in L1. */
    private static final int ROWS = 8;

    /** The storage of a FLOAT32 tensor as a dense row-major array (a copy unless it already is one). */
    private static float[] raw(Tensor t) {
        if (t.dtype() != DType.FLOAT32) throw new IllegalArgumentException("LstmSequence: FLOAT32 only, got " + t.dtype());
        float[] f = t.storageFloats();
        if (t.isContiguous() && t.storageOffset() == 0 && f.length == t.numel()) return f;
        return t.toFloatArray();
    }

    /**
     * One row: a[ao..ao+4H) holds the pre-activations and gets the activated gates; c' = f c + i g and
     * h' = o tanh(c') go to out[oo..oo+H) and out[oo+H..oo+2H); tanh(c') to tc[to..to+H).
     */
    private static void cellForward(float[] a, int ao, float[] c, int co, float[] out, int oo, float[] tc, int to, int h) {
        int j = 0;
        if (VECTOR) j = Vec.cellForward(a, ao, c, co, out, oo, tc, to, h);
        for (; j < h; j++) {
            float i = sigmoid(a[ao + j]), f = sigmoid(a[ao + h + j]);
            float g = (float) Math.tanh(a[ao + 2 * h + j]), o = sigmoid(a[ao + 3 * h + j]);
            float cn = f * c[co + j] + i * g, th = (float) Math.tanh(cn);
            a[ao + j] = i; a[ao + h + j] = f; a[ao + 2 * h + j] = g; a[ao + 3 * h + j] = o;
            out[oo + j] = o * th;
            out[oo + h + j] = cn;
            tc[to + j] = th;
        }
    }

    /**
     * One row of the backward: the incoming gradient of (h_t, c_t) is gOut[go..go+2H) plus what flows
     * back from the next step (dh, dc at [ro, ro+H), which are replaced by dL/dc_{t-1} in dc; dh is
     * recomputed by the caller's GEMM). Writes the pre-activation gate gradients to dG[gg..gg+4H).
     */
    private static void cellBackward(float[] a, int ao, float[] c, int co, float[] tc, int to, float[] gOut, int go,
                                     float[] dh, float[] dc, int ro, float[] dG, int gg, int h) {
        int j = 0;
        if (VECTOR) j = Vec.cellBackward(a, ao, c, co, tc, to, gOut, go, dh, dc, ro, dG, gg, h);
        for (; j < h; j++) {
            float i = a[ao + j], f = a[ao + h + j], g = a[ao + 2 * h + j], o = a[ao + 3 * h + j], th = tc[to + j];
            float dhj = gOut[go + j] + dh[ro + j];
            float dcj = gOut[go + h + j] + dc[ro + j] + dhj * o * (1 - th * th);
            dG[gg + j] = dcj * g * i * (1 - i);
            dG[gg + h + j] = dcj * c[co + j] * f * (1 - f);
            dG[gg + 2 * h + j] = dcj * i * (1 - g * g);
            dG[gg + 3 * h + j] = dhj * th * o * (1 - o);
            dc[ro + j] = dcj * f;
        }
    }

    private static float sigmoid(float x) { return (float) (1 / (1 + Math.exp(-x))); }

    /** The same two loops over whole vectors; kept in their own class so the module is only linked when present. */
    static final class Vec {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        /**
         * y[yo + j] = add + mul / (1 + exp(s x[xo + j])) for j < n, n a multiple of the vector length:
         * sigmoid(x) with (s, mul, add) = (-1, 1, 0), tanh(x) = 1 - 2 / (1 + exp(2x)) with (2, -2, 1).
         *
         * <p>exp from lanewise IEEE arithmetic only (Cephes' expf: round to n = x log2 e, Cody-Waite
         * reduction, degree-6 polynomial, scale by 2^n through the exponent bits). The Vector API's own
         * EXP/TANH round differently compiled (the JDK's vector math library) than interpreted, so the
         * same seed could give other weights depending on when C2 compiled this; these give the same bits
         * in every JIT state. x is clamped to [-87, 88] (exp stays a normal float; sigmoid and tanh
         * saturate long before). Relative error ~2 ulp.
         *
         * <p>The one place exp is written, inside the loop: as a method taking and returning vectors it
         * was not always inlined into the gate loops (C2 refuses a callee already compiled large), and
         * every vector was then boxed, which made the gates cost as much as the recurrent GEMM.
         * mul is -2 or 1 and s is 2 or -1, so the scaling is exact: the bits equal 1 / (1 + exp(-x)) and
         * 1 - 2 / (exp(2x) + 1).
         */
        static void activate(float[] x, int xo, float[] y, int yo, int n, float s, float mul, float add) {
            FloatVector one = FloatVector.broadcast(S, 1f), half = FloatVector.broadcast(S, 0.5f);
            FloatVector minusHalf = FloatVector.broadcast(S, -0.5f);
            for (int j = 0; j < n; j += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, xo + j).mul(s).max(-87f).min(88f);
                FloatVector t = v.mul(1.44269504088896341f);
                IntVector k = (IntVector) t.add(half.blend(minusHalf, t.lt(0f))).convert(VectorOperators.F2I, 0);
                FloatVector kf = (FloatVector) k.convert(VectorOperators.I2F, 0);
                FloatVector r = v.sub(kf.mul(0.693359375f)).add(kf.mul(2.12194440e-4f));
                FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
                p = p.mul(r).add(8.3334519073e-3f);
                p = p.mul(r).add(4.1665795894e-2f);
                p = p.mul(r).add(1.6666665459e-1f);
                p = p.mul(r).add(5.0000001201e-1f);
                FloatVector e = p.mul(r.mul(r)).add(r).add(1f)
                        .mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
                one.div(one.add(e)).mul(mul).add(add).intoArray(y, yo + j);
            }
        }

        /** The vector part of {@link LstmSequence#cellForward}: columns [0, returned) of each block. */
        static int cellForward(float[] a, int ao, float[] c, int co, float[] out, int oo, float[] tc, int to, int h) {
            int hv = h - h % S.length();
            activate(a, ao, a, ao, hv, -1f, 1f, 0f);
            activate(a, ao + h, a, ao + h, hv, -1f, 1f, 0f);
            activate(a, ao + 2 * h, a, ao + 2 * h, hv, 2f, -2f, 1f);
            activate(a, ao + 3 * h, a, ao + 3 * h, hv, -1f, 1f, 0f);
            for (int j = 0; j < hv; j += S.length()) {
                FloatVector i = FloatVector.fromArray(S, a, ao + j), f = FloatVector.fromArray(S, a, ao + h + j);
                FloatVector g = FloatVector.fromArray(S, a, ao + 2 * h + j);
                f.mul(FloatVector.fromArray(S, c, co + j)).add(i.mul(g)).intoArray(out, oo + h + j);
            }
            activate(out, oo + h, tc, to, hv, 2f, -2f, 1f);
            for (int j = 0; j < hv; j += S.length()) {
                FloatVector.fromArray(S, a, ao + 3 * h + j).mul(FloatVector.fromArray(S, tc, to + j)).intoArray(out, oo + j);
            }
            return hv;
        }

        static int cellBackward(float[] a, int ao, float[] c, int co, float[] tc, int to, float[] gOut, int go,
                                float[] dh, float[] dc, int ro, float[] dG, int gg, int h) {
            int j = 0;
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (; j <= h - S.length(); j += S.length()) {
                FloatVector i = FloatVector.fromArray(S, a, ao + j), f = FloatVector.fromArray(S, a, ao + h + j);
                FloatVector g = FloatVector.fromArray(S, a, ao + 2 * h + j), o = FloatVector.fromArray(S, a, ao + 3 * h + j);
                FloatVector th = FloatVector.fromArray(S, tc, to + j);
                FloatVector dhj = FloatVector.fromArray(S, gOut, go + j).add(FloatVector.fromArray(S, dh, ro + j));
                FloatVector dcj = FloatVector.fromArray(S, gOut, go + h + j).add(FloatVector.fromArray(S, dc, ro + j))
                        .add(dhj.mul(o).mul(one.sub(th.mul(th))));
                dcj.mul(g).mul(i).mul(one.sub(i)).intoArray(dG, gg + j);
                dcj.mul(FloatVector.fromArray(S, c, co + j)).mul(f).mul(one.sub(f)).intoArray(dG, gg + h + j);
                dcj.mul(i).mul(one.sub(g.mul(g))).intoArray(dG, gg + 2 * h + j);
                dhj.mul(th).mul(o).mul(one.sub(o)).intoArray(dG, gg + 3 * h + j);
                dcj.mul(f).intoArray(dc, ro + j);
            }
            return j;
        }
    }
}
