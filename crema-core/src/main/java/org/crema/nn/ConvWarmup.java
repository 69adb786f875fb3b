package org.crema.nn;

import org.crema.backend.VectorSupport;
import org.crema.backend.WarmupClock;

/**
 * Runs the Vector API kernels of the convolution layers ({@link DirectConv}, {@link WideConv},
 * {@link WideWeightGrad}, {@link WideConvNarrow}, {@link LaneWeightGrad}, {@link Im2ColVector}, {@link PoolVector}) on
 * small problems in a daemon thread, so that C2 compiles them
 * within the first second instead of after several seconds of interpreted vector code (two orders of
 * magnitude slower; measured under load: C2 reached them 5-7 s into a LeNet run). Every branch is taken
 * at least once, so that C2 does not compile one as a trap that throws the kernel back to the interpreter
 * later. (C1 gives up on the larger kernels, "out of virtual registers": they run interpreted until C2
 * has them.) Results never depend on it: the same kernels run whether or not they are compiled yet.
 * Touches no caller data and gives up after 3 s.
 */
final class ConvWarmup {
    private ConvWarmup() {}

    private static final long BUDGET_NANOS = 3_000_000_000L;

    /** Starts the warm-up once per JVM (class initialisation runs this once). */
    static void start() {}

    static {
        if (VectorSupport.enabled()) {
            Thread t = new Thread(ConvWarmup::run, "crema-conv-warmup");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void run() {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        // padded with a partial last vector; unpadded with whole vectors; 5 and 4 output channels (a partial block)
        ConvGeometry[] geos = {
                new ConvGeometry(1, 2, 20, 20, 5, 1, 3, 3, 1, 1, 1, 1, 1, 1, 20, 20),
                new ConvGeometry(1, 1, 18, 18, 4, 1, 3, 3, 1, 1, 0, 0, 1, 1, 16, 16)};
        // the wide forward: 9 channels (an overlapping block); with 16 lanes 4 vectors (padded, wp = 9, a
        // vector starting past a row's last output) and 3 (an overlapping block of vectors)
        ConvGeometry[] wide = {
                new ConvGeometry(1, 2, 7, 7, 9, 1, 3, 3, 1, 1, 1, 1, 1, 1, 7, 7),
                new ConvGeometry(1, 2, 8, 8, 9, 1, 3, 3, 1, 1, 0, 0, 1, 1, 6, 6)};
        float[] wideBias = new float[9];
        // one channel, 18x18 unpadded, 3 output channels (an odd one): DirectConv.forward3x3
        ConvGeometry small3x3 = new ConvGeometry(1, 1, 18, 18, 3, 1, 3, 3, 1, 1, 0, 0, 1, 1, 16, 16);
        ConvGeometry wwg = new ConvGeometry(2, 8, 6, 6, 16, 1, 3, 3, 1, 1, 1, 1, 1, 1, 6, 6);
        float[] x = new float[2 * 22 * 22], y = new float[5 * 20 * 20], w = new float[5 * 18], b = new float[5];
        float[] col = new float[18 * 20 * 20], gx = new float[2 * 20 * 20], pooled = new float[2 * 10 * 21];
        int[] idx = new int[2 * 10 * 21];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i);
        for (int i = 0; i < w.length; i++) w[i] = (float) Math.cos(i);
        ConvGeometry lenet = new ConvGeometry(1, 6, 14, 14, LaneWeightGrad.L, 1, 5, 5, 1, 1, 0, 0, 1, 1, 10, 10);
        float[] lenetX = new float[6 * 196], lenetGt = new float[100 * LaneWeightGrad.L];
        float[] lenetPart = new float[LaneWeightGrad.partTaps(150) * LaneWeightGrad.L];
        // the narrow input gradient: the general row sums (3-wide kernel, two pairs of vectors) and LeNet's
        // layer (5-wide row sums)
        WideConvNarrow.Plan narrowSmall = new WideConvNarrow.Plan(
                new ConvGeometry(1, 6, 9, 9, LaneWeightGrad.L, 1, 3, 3, 1, 1, 0, 0, 1, 1, 7, 7), col, 0);
        WideConvNarrow.Plan narrowLenet = new WideConvNarrow.Plan(lenet, col, 0);
        float[][] narrowBuf = {new float[narrowSmall.bufLen], new float[narrowSmall.tLen], new float[narrowLenet.bufLen],
                new float[narrowLenet.tLen]};
        float[] nOut = new float[6 * 81], lenetGy = new float[100 * LaneWeightGrad.L], lenetDx = new float[6 * 196];
        WarmupClock.repeatUntilCompiled(deadline, () -> {
            for (int rep = 0; rep < 10; rep++) {
                for (ConvGeometry g : geos) {
                    boolean padded = g.ph() > 0;
                    int wp = padded ? g.wp() : g.w(), plane = padded ? g.hp() * wp : g.hw();
                    int[] taps = DirectConv.tapOffsets(g, wp, plane);
                    float[] wpk = DirectConv.packWeights(w, 0, g.oc(), g.kdim());
                    float[] in = x;
                    if (padded) {
                        in = new float[g.c() * plane];
                        DirectConv.pad(x, 0, g, in);
                    }
                    DirectConv.forward(in, 0, wp, taps, g, wpk, rep % 2 == 0 ? b : null, 0, y, 0);
                    float[] part = new float[DirectWeightGrad.partLength(g)];
                    float[] bpart = new float[DirectWeightGrad.biasPartLength(g.oc())];
                    float[] sh = new float[DirectWeightGrad.shiftedLength(g)];
                    int[] shTaps = DirectWeightGrad.shiftedTaps(g);
                    DirectWeightGrad.shifted(x, 0, g, sh);
                    DirectWeightGrad.weightGradShifted(sh, shTaps, g, y, 0, part, rep % 2 == 0 ? bpart : null);
                    DirectWeightGrad.weightGradTail(sh, shTaps, g, y, 0, part, rep % 2 == 0 ? bpart : null);
                    DirectWeightGrad.reduceParts(part, g.oc(), g.kdim(), DirectWeightGrad.partTaps(g), w, 0);
                    DirectWeightGrad.reduceParts(bpart, g.oc(), 1, 1, b, 0);
                    Im2ColVector.im2col(x, 0, g, col, 0, g.p());
                    java.util.Arrays.fill(gx, 0f);
                    Im2ColVector.col2im(col, 0, g.p(), g, gx, 0);
                }
                // a plane of 36 outputs: two whole vectors and a masked tail for the weight gradient
                ConvGeometry tg = new ConvGeometry(1, 2, 8, 8, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1, 6, 6);
                float[] tpart = new float[DirectWeightGrad.partLength(tg)], tb = new float[DirectWeightGrad.biasPartLength(5)];
                float[] tsh = new float[DirectWeightGrad.shiftedLength(tg)];
                int[] tTaps = DirectWeightGrad.shiftedTaps(tg);
                DirectWeightGrad.shifted(x, 0, tg, tsh);
                DirectWeightGrad.weightGradShifted(tsh, tTaps, tg, y, 0, tpart, rep % 2 == 0 ? tb : null);
                DirectWeightGrad.weightGradTail(tsh, tTaps, tg, y, 0, tpart, rep % 2 == 0 ? tb : null);
                for (ConvGeometry g : wide) {
                    float[] in = new float[WideConv.bufferSize(g)];
                    DirectConv.pad(x, 0, g, in);
                    WideConv.forward(in, WideConv.tapOffsets(g), g, WideConv.packWeights(col, 0, g.oc(), g.kdim()),
                            rep % 2 == 0 ? wideBias : null, 0, col, 0);
                }
                // the wide weight gradient: 9 channels and 18 taps (overlapping blocks), rows of 7 (masked
                // copies only) and of 18 and 16 (whole vectors, and a masked tail for the input)
                WideWeightGrad.weightGrad(wide[0], x, 0, y, 0, rep % 2 == 0);
                WideWeightGrad.weightGrad(geos[1], x, 0, y, 0, rep % 2 != 0);
                // 48 blocks per call: a few calls per round get the kernel to C2 (with only the two above, the
                // small CNN's training ran it at tier 3, vectors boxed, until 9 s after the start)
                WideWeightGrad.weightGrad(wwg, x, 0, y, 0, true);
                // the narrow input gradient (a masked last vector: 81 outputs) and the lane weight gradient (a
                // partial block of taps: 54) of a 6 -> L 3x3 layer on 9x9
                ConvGeometry ng = new ConvGeometry(1, 6, 9, 9, LaneWeightGrad.L, 1, 3, 3, 1, 1, 0, 0, 1, 1, 7, 7);
                int[] nTaps = DirectConv.tapOffsets(ng, 9, 81);
                narrowSmall.image(col, 0, narrowBuf[0], narrowBuf[1], nOut, 0);
                // LeNet's layer three times a rep, as its weight gradient below: once a rep left both at tier 3
                // (vectors boxed) 12 s into a lenet4 run at load 6
                for (int i = 0; i < 3; i++) narrowLenet.image(lenetGy, 0, narrowBuf[2], narrowBuf[3], lenetDx, 0);
                float[] gt = new float[49 * LaneWeightGrad.L], lanes = new float[LaneWeightGrad.partTaps(54) * LaneWeightGrad.L];
                LaneWeightGrad.transpose(col, 0, 49, gt);
                LaneWeightGrad.accumulate(x, 0, 9, nTaps, ng, gt, lanes);
                LaneWeightGrad.biasSum(gt, 49, lanes);
                // its 5-wide kernel: an odd number of kernel rows, outputs of 4 + 2 columns; then LeNet's layer
                // (rows of 10: the five-pixel kernel),
                // whose many loop iterations per call get the large method to C2 sooner (measured under load:
                // C2 took it 16 s into a run with the small geometry alone)
                LaneWeightGrad.accumulate5(x, 0, 10, 90, new ConvGeometry(1, 1, 9, 10, LaneWeightGrad.L, 1, 5, 5, 1, 1,
                        0, 0, 1, 1, 5, 6), gt, lanes);
                for (int i = 0; i < 3; i++) LaneWeightGrad.accumulate5x5(lenetX, 0, 14, 196, lenet, lenetGt, lenetPart);
                // 42 wide: two whole vectors and a partial one per row, with and without arg-max and ReLU
                PoolVector.max2x2(y, 0, 42, pooled, rep % 2 == 0 ? idx : null, 0, 2 * 4, 21, rep % 3 == 0);
                // the fused backward's pre-pool gradient rows: 2 rows of 21 pooled values (3 steps, the last overlapping)
                if (PoolVector.gradApplies(21)) PoolVector.max2x2Grad(x, 1, pooled, idx, 0, 2, 21, col, 0, 42);
                // the one-channel 3x3 forward once a rep (30 calls a rep got it to C2 within the warm-up,
                // but kept the thread busy for its whole 3 s budget on a loaded machine, in every workload)
                DirectConv.forward3x3(x, 0, 18, small3x3, w, rep % 2 == 0 ? b : null, 0, y, 0);
                java.util.Arrays.fill(w, 0.5f);
            }
        });
    }
}
