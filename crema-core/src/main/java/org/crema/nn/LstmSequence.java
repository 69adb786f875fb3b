package org.crema.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.Node;
import org.crema.backend.Gemm;

/**
 * A whole FLOAT32 LSTM direction as one graph node: the recurrent products go straight to the GEMM and
 * the gates are fused, with no tensor, view or node per timestep.
 *
 * <p>Why: recorded step by step, each step's {@code select} of the projected input has a backward that
 * materialises a full-size [T, B, 4H] gradient, and the engine sums T of them, so the backward costs
 * O(T^2) memory traffic; and every step adds a dozen small allocations. Here the backward walks the
 * steps in reverse once, writes the gate gradients of all steps into one [T, B, 4H] tensor (the
 * gradient of the input projection) and gets the weight gradient from a single GEMM over all steps.
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
        // W_hh^T [H, 4H], once per sequence: every step's product is then a plain row-major one
        float[] wT = new float[h * h4];
        for (int r = 0; r < h4; r++) for (int q = 0; q < h; q++) wT[q * h4 + r] = w[r * h + q];
        float[] hInit = raw(h0), cInit = raw(c0);
        float[] projData = raw(proj);
        // pre-activations, then the activated gates i, f, g, o
        float[] act = projData == proj.storageFloats() && !ownsProj ? projData.clone() : projData;
        float[] out = new float[steps * b * 2 * h];
        float[] tanhC = new float[steps * b * h];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            int prev = reverse ? t + 1 : t - 1;
            // gates_t += h_{t-1} W_hh^T
            if (s == 0) {
                Gemm.sgemm(false, false, b, h4, h, 1f, hInit, 0, h, wT, 0, h4, 1f, act, t * b * h4, h4);
            } else {
                Gemm.sgemm(false, false, b, h4, h, 1f, out, prev * b * 2 * h, 2 * h, wT, 0, h4, 1f, act, t * b * h4, h4);
            }
            for (int r = 0; r < b; r++) {
                float[] cSrc = s == 0 ? cInit : out;
                int cOff = s == 0 ? r * h : (prev * b + r) * 2 * h + h;
                cellForward(act, (t * b + r) * h4, cSrc, cOff, out, (t * b + r) * 2 * h, tanhC, (t * b + r) * h, h);
            }
        }
        Tensor result = Tensor.wrap(out, steps, b, 2 * h);
        return Node.record(result, "lstmSequence", new Tensor[] {proj, whh, h0, c0}, grad -> {
            float[] g = raw(grad);
            float[] dGates = new float[steps * b * h4];
            float[] dh = new float[b * h], dc = new float[b * h];   // flowing from step s+1 back to step s
            float[] hPrev = new float[steps * b * h];                // h_{t-1} per t, for the weight gradient
            for (int s = steps - 1; s >= 0; s--) {
                int t = reverse ? steps - 1 - s : s;
                int prev = reverse ? t + 1 : t - 1;
                for (int r = 0; r < b; r++) {
                    float[] cSrc = s == 0 ? cInit : out;
                    int cOff = s == 0 ? r * h : (prev * b + r) * 2 * h + h;
                    cellBackward(act, (t * b + r) * h4, cSrc, cOff, tanhC, (t * b + r) * h, g, (t * b + r) * 2 * h,
                            dh, dc, r * h, dGates, (t * b + r) * h4, h);
                    if (s == 0) System.arraycopy(hInit, r * h, hPrev, (t * b + r) * h, h);
                    else System.arraycopy(out, (prev * b + r) * 2 * h, hPrev, (t * b + r) * h, h);
                }
                // dL/dh_{t-1} = dGates_t W_hh
                Gemm.sgemm(false, false, b, h, h4, 1f, dGates, t * b * h4, h4, w, 0, h, 0f, dh, 0, h);
            }
            float[] dW = new float[h4 * h];
            Gemm.sgemm(true, false, h4, h, steps * b, 1f, dGates, 0, h4, hPrev, 0, h, 0f, dW, 0, h);
            return new Tensor[] {
                    Tensor.wrap(dGates, steps, b, h4), Tensor.wrap(dW, h4, h),
                    Tensor.wrap(dh, b, h), Tensor.wrap(dc, b, h)};
        });
    }

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

        /*
         * exp and tanh from lanewise IEEE arithmetic only (Cephes' expf: round to n = x log2 e, Cody-Waite
         * reduction, degree-6 polynomial, scale by 2^n through the exponent bits). The Vector API's own
         * EXP/TANH round differently compiled (the JDK's vector math library) than interpreted, so the
         * same seed could give other weights depending on when C2 compiled this; these give the same bits
         * in every JIT state. x is clamped to [-87, 88] (exp stays a normal float; sigmoid and tanh
         * saturate long before). Relative error ~2 ulp.
         */
        private static final FloatVector HALF = FloatVector.broadcast(S, 0.5f), MINUS_HALF = FloatVector.broadcast(S, -0.5f);

        static FloatVector exp(FloatVector x) {
            x = x.max(-87f).min(88f);
            FloatVector t = x.mul(1.44269504088896341f);
            IntVector n = (IntVector) t.add(HALF.blend(MINUS_HALF, t.lt(0f))).convert(VectorOperators.F2I, 0);
            FloatVector nf = (FloatVector) n.convert(VectorOperators.I2F, 0);
            FloatVector r = x.sub(nf.mul(0.693359375f)).add(nf.mul(2.12194440e-4f));
            FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
            p = p.mul(r).add(8.3334519073e-3f);
            p = p.mul(r).add(4.1665795894e-2f);
            p = p.mul(r).add(1.6666665459e-1f);
            p = p.mul(r).add(5.0000001201e-1f);
            FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
            FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            return y.mul(scale);
        }

        static FloatVector tanh(FloatVector x) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            return one.sub(FloatVector.broadcast(S, 2f).div(exp(x.add(x)).add(one)));
        }

        static int cellForward(float[] a, int ao, float[] c, int co, float[] out, int oo, float[] tc, int to, int h) {
            int j = 0;
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (; j <= h - S.length(); j += S.length()) {
                // sigmoid(x) = 1 / (1 + exp(-x)): exp overflows to +inf for very negative x, giving 0 as wanted
                FloatVector i = one.div(one.add(exp(FloatVector.fromArray(S, a, ao + j).neg())));
                FloatVector f = one.div(one.add(exp(FloatVector.fromArray(S, a, ao + h + j).neg())));
                FloatVector g = tanh(FloatVector.fromArray(S, a, ao + 2 * h + j));
                FloatVector o = one.div(one.add(exp(FloatVector.fromArray(S, a, ao + 3 * h + j).neg())));
                FloatVector cn = f.mul(FloatVector.fromArray(S, c, co + j)).add(i.mul(g));
                FloatVector th = tanh(cn);
                i.intoArray(a, ao + j);
                f.intoArray(a, ao + h + j);
                g.intoArray(a, ao + 2 * h + j);
                o.intoArray(a, ao + 3 * h + j);
                o.mul(th).intoArray(out, oo + j);
                cn.intoArray(out, oo + h + j);
                th.intoArray(tc, to + j);
            }
            return j;
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
