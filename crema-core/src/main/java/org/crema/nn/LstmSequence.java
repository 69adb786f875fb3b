package org.crema.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.Node;
import org.crema.backend.PackedSgemm;
import org.crema.backend.PanelSgemm;
import org.crema.backend.Parallel;

/**
 * A whole FLOAT32 LSTM direction as one graph node, input projection included: the products go
 * straight to the GEMM and the gates are fused, with no tensor, view or node per timestep.
 *
 * <p>Why: recorded step by step, each step's {@code select} of the projected input has a backward that
 * materialises a full-size [T, B, 4H] gradient, and the engine sums T of them, so the backward costs
 * O(T^2) memory traffic; and every step adds a dozen small allocations. Here each step computes its
 * gates from both packed weight matrices ({@link PackedSgemm}) and applies the nonlinearities while
 * the rows are in L1 (a separate projection and bias add were two extra passes over [T, B, 4H]). The
 * backward walks the steps in reverse once, writes the gate gradients straight into the panel layout of
 * {@link PanelSgemm} (all steps, or on one thread a chunk of steps at a time) and gets both weight
 * gradients and the bias gradient from its products, with nothing packed. With several threads each runs the whole
 * sequence for a share of the batch rows, which never interact: one hand-off per sequence instead of
 * one per step, and the same bits whatever the split.
 * FLOAT64 keeps the per-step path ({@link RecurrentSteps}), which the gradient checks cover; tests
 * compare the two.
 */
final class LstmSequence {
    private LstmSequence() {}

    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("crema.vector"));

    /**
     * @param x       [T, B, in] the layer's input, time-major
     * @param wih     [4H, in]
     * @param whh     [4H, H], gates in torch's order i, f, g, o
     * @param bih     [4H] or null (a layer without biases: then bhh is null too)
     * @param bhh     [4H] or null
     * @param h0      [B, H] initial hidden state
     * @param c0      [B, H] initial cell state
     * @param reverse process the steps from T-1 down to 0 (the backward direction of a bidirectional layer)
     * @param batchMajor lay h out [B, T, H] instead of [T, B, H] (a batch-first layer's output is then this
     *                tensor, no copy)
     * @return h_t of every step, and c of the last step processed ([B, H]). c of the other steps is no
     *         output (torch's LSTM has none), so its gradient never has to be materialised at full size
     */
    static Result forward(Tensor x, Tensor wih, Tensor whh, Tensor bih, Tensor bhh, Tensor h0, Tensor c0, boolean reverse,
                          boolean batchMajor) {
        boolean biased = bih != null;
        int steps = x.size(0), b = x.size(1), in = x.size(2), h4 = whh.size(0), h = h4 / 4, k = h + in + (biased ? 1 : 0);
        float[] wi = raw(wih), w = raw(whh);
        float[] wCat = new float[h4 * k];
        for (int j = 0; j < h4; j++) {
            System.arraycopy(w, j * h, wCat, j * k, h);
            System.arraycopy(wi, j * in, wCat, j * k + h, in);
        }
        if (biased) {
            float[] bi = raw(bih), bh = raw(bhh);
            for (int j = 0; j < h4; j++) wCat[j * k + h + in] = bi[j] + bh[j];
        }
        // packed once per sequence: the per-step products only stream it
        Steps run = new Steps(steps, b, in, h, k, biased, reverse, batchMajor, raw(x), raw(h0), raw(c0),
                PackedSgemm.packB(true, k, h4, wCat, 0, k));
        // h of every (t, r), [T, B, H] or batch-major [B, T, H]; c of every step is internal (only the last
        // step's is an output): recycled with what only the backward reads, and time-major like the gates,
        // so that a block of rows reads it back as one contiguous run
        int half = steps * b * h;
        float[] out = new float[half];
        Saved saved = new Saved(ScratchArrays.take(PanelSgemm.size(steps * b, k, PanelSgemm.A_PANEL)),
                ScratchArrays.take(steps * b * h4), ScratchArrays.take(half), ScratchArrays.take(half), out);
        run.compute(saved);
        int last = reverse ? 0 : steps - 1;
        float[] cEnd = new float[b * h];
        System.arraycopy(saved.c, last * b * h, cEnd, 0, b * h);
        Tensor hSeq = batchMajor ? Tensor.wrap(out, b, steps, h) : Tensor.wrap(out, steps, b, h);
        Tensor[] inputs = {x, wih, whh, bih, bhh, h0, c0};
        // the gradient of the final c, when the loss uses it: its node runs before this one's backward
        // (it consumes hSeq), hands it over here and gives hSeq a zero gradient, so that this backward runs
        float[][] dcEnd = new float[1][];
        Tensor recorded = Node.record(hSeq, "lstmSequence", inputs, grad -> {
            // the graph may be run backward again after this backward recycled the saved arrays:
            // then they are computed again (same bits), into arrays of the second backward's own
            Saved sv = saved.taken() ? saved : run.recompute();
            float[] hxP = sv.hxP, act = sv.act, tanhC = sv.tanhC, cs = sv.c;
            float[] cInit = run.cInit;
            float[] g = raw(grad);
            int rows = steps * b, bw = PanelSgemm.bPanel();
            // the gate gradients in the panel layout of the weight gradient's B operand, written a row block
            // at a time while it is in L1 (the per-step products read the block itself). One thread takes the
            // steps in chunks whose gradients stay in L2, and adds each chunk's share to the weight gradient;
            // several threads would have to meet once per chunk, so they write all steps and multiply once.
            // Rows are in the order the steps are processed either way: the same fma chains, the same bits
            boolean chunked = CHUNKED != null ? CHUNKED : Parallel.threads() == 1;
            int chunk = chunked ? Math.max(1, Math.min(steps, CHUNK_ROWS / Math.max(1, b))) : steps;
            float[] dGates = ScratchArrays.take(PanelSgemm.size(chunk * b, h4, bw));
            float[] dx = x.requiresGrad() ? new float[rows * in] : null;
            PackedSgemm.PackedB wiP = dx != null ? PackedSgemm.packB(false, h4, in, wi, 0, in) : null;
            float[] dh = new float[b * h], dc = new float[b * h];   // flowing from step s+1 back to step s
            synchronized (dcEnd) {
                if (dcEnd[0] != null) System.arraycopy(dcEnd[0], 0, dc, 0, b * h);
                dcEnd[0] = null;
            }
            PackedSgemm.PackedB wP = PackedSgemm.packB(false, h4, h, w, 0, h);
            // [dW_hh | dW_ih]^T = hx^T dGates over all steps (hx row (t, r) = [h_prev | x_t | 1]), from the
            // panels the forward and the loop below wrote: nothing to pack
            float[] dWT = new float[k * h4];
            for (int c = 0; c < steps; c += chunk) {
                int from = c, to = Math.min(steps, c + chunk), kc = (to - from) * b;
                Parallel.forRange(b, ROWS, (r0, r1) -> {
                    float[] dG = new float[ROWS * h4];
                    for (int sb = from; sb < to; sb++) {
                        int s = steps - 1 - sb; // the forward's step index
                        int t = reverse ? steps - 1 - s : s;
                        int prev = reverse ? t + 1 : t - 1;
                        for (int i0 = r0; i0 < r1; i0 += ROWS) {
                            int n = Math.min(ROWS, r1 - i0);
                            for (int r = i0; r < i0 + n; r++) {
                                float[] cSrc = s == 0 ? cInit : cs;
                                int cOff = s == 0 ? r * h : (prev * b + r) * h;
                                int go = at(batchMajor, steps, b, t, r) * h;
                                cellBackward(act, (t * b + r) * h4, cSrc, cOff, tanhC, (t * b + r) * h, g, go,
                                        dh, dc, r * h, dG, (r - i0) * h4, h);
                            }
                            // dL/dh_{t-1} = dGates_t W_hh for these rows, and dL/dx_t = dGates_t W_ih
                            PackedSgemm.sgemm(n, dG, 0, h4, wP, 0f, dh, i0 * h, h);
                            if (dx != null) PackedSgemm.sgemm(n, dG, 0, h4, wiP, 0f, dx, (t * b + i0) * in, in);
                            PanelSgemm.packRows(dG, 0, h4, n, h4, dGates, (sb - from) * b + i0, kc, bw);
                        }
                    }
                });
                PanelSgemm.sgemmTN(k, h4, kc, hxP, from * b, rows, dGates, dWT, h4, from > 0);
            }
            float[] dWhh = new float[h4 * h], dWih = new float[h4 * in];
            for (int q = 0; q < h; q++) for (int j = 0; j < h4; j++) dWhh[j * h + q] = dWT[q * h4 + j];
            for (int q = 0; q < in; q++) for (int j = 0; j < h4; j++) dWih[j * in + q] = dWT[(h + q) * h4 + j];
            Tensor dX = dx == null ? null : Tensor.wrap(dx, steps, b, in);
            ScratchArrays.give(dGates);
            sv.recycle();
            Tensor dBih = null, dBhh = null;
            if (biased) {
                // the sum of dGates over all rows, one for both biases: hx's column of ones gave it
                float[] db = java.util.Arrays.copyOfRange(dWT, (h + in) * h4, (h + in + 1) * h4);
                dBih = Tensor.wrap(db, h4);
                dBhh = Tensor.wrap(db.clone(), h4);
            }
            return new Tensor[] {
                    dX, Tensor.wrap(dWih, h4, in), Tensor.wrap(dWhh, h4, h), dBih, dBhh, Tensor.wrap(dh, b, h), Tensor.wrap(dc, b, h)};
        });
        if (recorded.gradFn() == null) {
            saved.recycle(); // no graph: nothing will read them
            return new Result(hSeq, Tensor.wrap(cEnd, b, h));
        }
        Tensor cLast = Node.record(Tensor.wrap(cEnd, b, h), "lstmSequenceCellState", new Tensor[] {recorded}, grad -> {
            synchronized (dcEnd) {
                dcEnd[0] = raw(grad).clone();
            }
            return new Tensor[] {Tensor.zeros(DType.FLOAT32, recorded.shape())};
        });
        return new Result(recorded, cLast);
    }

    /** h of every step ([T, B, H], or [B, T, H] batch-major) and c of the last step processed, [B, H]. */
    record Result(Tensor h, Tensor cLast) {}

    /**
     * The arrays the backward reads: hxP ([h_prev | x_t | 1] per (t, r), rows in the backward's step
     * order, in {@link PanelSgemm}'s panels), the activated gates act, tanh(c) and c per (t, r) (time-major), and the output h. All but h are recycled once,
     * by the first backward (or at once when no graph was recorded).
     */
    private static final class Saved {
        private float[] hxP, act, tanhC, c;
        private final float[] out;

        Saved(float[] hxP, float[] act, float[] tanhC, float[] c, float[] out) {
            this.hxP = hxP;
            this.act = act;
            this.tanhC = tanhC;
            this.c = c;
            this.out = out;
        }

        /** Whether the arrays are still this one's (not yet recycled). */
        synchronized boolean taken() { return act != null; }

        synchronized void recycle() {
            ScratchArrays.give(hxP);
            ScratchArrays.give(act);
            ScratchArrays.give(tanhC);
            ScratchArrays.give(c);
            hxP = act = tanhC = c = null;
        }
    }

    /** The forward recurrence of one direction over given arrays: the same bits every time it runs. */
    private record Steps(int steps, int b, int in, int h, int k, boolean biased, boolean reverse, boolean batchMajor,
                         float[] xd, float[] hInit, float[] cInit, PackedSgemm.PackedB wT) {

        /** The forward again into fresh arrays, for a backward after the saved ones were recycled. */
        Saved recompute() {
            Saved s = new Saved(new float[PanelSgemm.size(steps * b, k, PanelSgemm.A_PANEL)],
                    new float[steps * b * 4 * h], new float[steps * b * h],
                    new float[steps * b * h], new float[steps * b * h]);
            compute(s);
            return s;
        }

        /** Fills s.hxP, s.act, s.tanhC, s.c and s.out (every element: they may be recycled arrays). */
        void compute(Saved s) {
            float[] hxP = s.hxP, act = s.act, out = s.out, tanhC = s.tanhC, cs = s.c;
            int h4 = 4 * h, rowsAll = steps * b;
            // row (t, r) of hx is [h_prev(t) | x_t | 1] for batch row r, h_prev(t) the state step t starts
            // from: each step's gates are then one product with [W_hh | W_ih | b_ih + b_hh]^T, and the
            // weight gradients (bias ones included, as the last row) one product over all steps. A block of
            // ROWS rows is assembled for the step's product and stored only in the gradient's panel layout
            // the rows of a batch never interact: each thread runs the whole sequence for its own rows
            Parallel.forRange(b, ROWS, (r0, r1) -> {
                float[] hx = new float[ROWS * k];
                for (int s0 = 0; s0 < steps; s0++) {
                    int t = reverse ? steps - 1 - s0 : s0;
                    int prev = reverse ? t + 1 : t - 1;
                    for (int i0 = r0; i0 < r1; i0 += ROWS) {
                        int rows = Math.min(ROWS, r1 - i0), ao = (t * b + i0) * h4;
                        for (int r = i0; r < i0 + rows; r++) {
                            int row = (r - i0) * k;
                            if (s0 == 0) System.arraycopy(hInit, r * h, hx, row, h);
                            else System.arraycopy(out, at(batchMajor, steps, b, prev, r) * h, hx, row, h);
                            System.arraycopy(xd, (t * b + r) * in, hx, row + h, in);
                            if (biased) hx[row + h + in] = 1f;
                        }
                        // gates_t = [h_prev | x_t | 1] [W_hh | W_ih | b_ih + b_hh]^T for these rows, then their
                        // nonlinearities while the rows are in L1: the projection never makes a pass of its own
                        PackedSgemm.sgemm(rows, hx, 0, k, wT, 0f, act, ao, h4);
                        // at the row of the backward's order (last step first), which is the weight gradient's
                        PanelSgemm.packRows(hx, 0, k, rows, k, hxP, (steps - 1 - s0) * b + i0, rowsAll, PanelSgemm.A_PANEL);
                        for (int r = i0; r < i0 + rows; r++) {
                            float[] cSrc = s0 == 0 ? cInit : cs;
                            int cOff = s0 == 0 ? r * h : (prev * b + r) * h;
                            int ho = at(batchMajor, steps, b, t, r) * h;
                            cellForward(act, (t * b + r) * h4, cSrc, cOff, out, ho, cs, (t * b + r) * h, tanhC, (t * b + r) * h, h);
                        }
                    }
                }
            });
        }
    }

    /** The row of timestep t, batch row r in the output halves: time-major [T, B] or batch-major [B, T]. */
    private static int at(boolean batchMajor, int steps, int b, int t, int r) {
        return batchMajor ? r * steps + t : t * b + r;
    }

    /** Rows per GEMM call and per thread's share: the kernel's row block, the gates of which stay in L1. */
    private static final int ROWS = 8;
    /** Rows of gate gradients per chunk of steps on one thread (640 x 4H floats: 1.3 MB for H = 128); tests change it. */
    static int CHUNK_ROWS = 640;
    /** Tests: chunks or not whatever the thread count (null: by the thread count). */
    static Boolean CHUNKED;

    /** The storage of a FLOAT32 tensor as a dense row-major array (a copy unless it already is one). */
    private static float[] raw(Tensor t) {
        if (t.dtype() != DType.FLOAT32) throw new IllegalArgumentException("LstmSequence: FLOAT32 only, got " + t.dtype());
        float[] f = t.storageFloats();
        if (t.isContiguous() && t.storageOffset() == 0 && f.length == t.numel()) return f;
        return t.toFloatArray();
    }

    /**
     * One row: a[ao..ao+4H) holds the pre-activations and gets the activated gates; c' = f c + i g and
     * h' = o tanh(c') go to out[oo..oo+H) and cOut[oc..oc+H); tanh(c') to tc[to..to+H).
     */
    private static void cellForward(float[] a, int ao, float[] c, int co, float[] out, int oo, float[] cOut, int oc, float[] tc,
                                    int to, int h) {
        int j = 0;
        if (VECTOR) j = Vec.cellForward(a, ao, c, co, out, oo, cOut, oc, tc, to, h);
        for (; j < h; j++) {
            float i = sigmoid(a[ao + j]), f = sigmoid(a[ao + h + j]);
            float g = (float) Math.tanh(a[ao + 2 * h + j]), o = sigmoid(a[ao + 3 * h + j]);
            float cn = f * c[co + j] + i * g, th = (float) Math.tanh(cn);
            a[ao + j] = i; a[ao + h + j] = f; a[ao + 2 * h + j] = g; a[ao + 3 * h + j] = o;
            out[oo + j] = o * th;
            cOut[oc + j] = cn;
            tc[to + j] = th;
        }
    }

    /**
     * One row of the backward: the incoming gradient of h_t is gOut[go..go+H), plus what flows back from the
     * next step (dh, dc at [ro, ro+H), which are replaced by dL/dc_{t-1} in dc; dh is recomputed by the
     * caller's GEMM; c_t has no other gradient, except the last step's, which the caller puts in dc first). Writes the pre-activation gate gradients to dG[gg..gg+4H).
     */
    private static void cellBackward(float[] a, int ao, float[] c, int co, float[] tc, int to, float[] gOut, int go,
                                     float[] dh, float[] dc, int ro, float[] dG, int gg, int h) {
        int j = 0;
        if (VECTOR) j = Vec.cellBackward(a, ao, c, co, tc, to, gOut, go, dh, dc, ro, dG, gg, h);
        for (; j < h; j++) {
            float i = a[ao + j], f = a[ao + h + j], g = a[ao + 2 * h + j], o = a[ao + 3 * h + j], th = tc[to + j];
            float dhj = gOut[go + j] + dh[ro + j];
            float dcj = dc[ro + j] + dhj * o * (1 - th * th);
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
         * reduction, degree-6 polynomial, scale by 2^n through the exponent bits; n rounds half to even). The Vector API's own
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
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (int j = 0; j < n; j += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, xo + j).mul(s);
                // the clamp as compare and blend: Java's max/min (NaN and -0 rules) compile to a longer
                // sequence per call, ~11% of this loop; the same values for every input, NaN included
                v = v.blend(-87f, v.lt(-87f));
                v = v.blend(88f, v.compare(VectorOperators.GT, 88f));
                // n = round(x log2 e) by adding 1.5 * 2^23: the float's low mantissa bits are then n
                // (|n| <= 126), so neither a float-to-int conversion (Java's saturating F2I costs a fix-up
                // sequence) nor a blend is needed; ~20% fewer cycles per vector
                FloatVector m = v.mul(1.44269504088896341f).add(12582912f);
                FloatVector kf = m.sub(12582912f);
                IntVector k = ((IntVector) m.reinterpretAsInts()).sub(0x4B400000);
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
        static int cellForward(float[] a, int ao, float[] c, int co, float[] out, int oo, float[] cOut, int oc, float[] tc,
                               int to, int h) {
            int hv = h - h % S.length();
            activate(a, ao, a, ao, hv, -1f, 1f, 0f);
            activate(a, ao + h, a, ao + h, hv, -1f, 1f, 0f);
            activate(a, ao + 2 * h, a, ao + 2 * h, hv, 2f, -2f, 1f);
            activate(a, ao + 3 * h, a, ao + 3 * h, hv, -1f, 1f, 0f);
            for (int j = 0; j < hv; j += S.length()) {
                FloatVector i = FloatVector.fromArray(S, a, ao + j), f = FloatVector.fromArray(S, a, ao + h + j);
                FloatVector g = FloatVector.fromArray(S, a, ao + 2 * h + j);
                f.mul(FloatVector.fromArray(S, c, co + j)).add(i.mul(g)).intoArray(cOut, oc + j);
            }
            activate(cOut, oc, tc, to, hv, 2f, -2f, 1f);
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
                FloatVector dcj = FloatVector.fromArray(S, dc, ro + j)
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
