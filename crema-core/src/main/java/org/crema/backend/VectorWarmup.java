package org.crema.backend;

/**
 * Runs the float vector kernels on small problems until they run at compiled speed, so that C2
 * compiles them before real work is routed to them (see {@link VectorBackend}): {@link #run} the GEMM and
 * sum kernels every model uses, {@link #runPacked} those of the recurrent layers. The double GEMM is left
 * to compile on demand: warming it would only lengthen the compiler's queue for the float kernels. Touches neither the pool nor
 * any caller's data; gives up after 5 s of wall time (then the kernels are used anyway).
 */
final class VectorWarmup {
    private VectorWarmup() {}

    private static final long BUDGET_NANOS = 5_000_000_000L;

    static void run() {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        float[] fa = new float[128 * 128], fb = new float[128 * 128], fc = new float[128 * 128];
        for (int i = 0; i < fa.length; i++) {
            fa[i] = fb[i] = (float) Math.sin(i);
        }
        // shapes that reach every path (B read in place, packed, gathered transposes, dot products, edges),
        // all below SgemmVector.PARALLEL_MIN so the warm-up never takes the pool from real work
        // and every row count of the 4- and 8-row remainder kernels (M = 13..20 and 25, 28), else C2 compiles
        // the untaken row counts as traps and the first product with one of them deoptimises the kernel
        int[][] shapes = {{24, 64, 48, 0, 0}, {25, 70, 70, 0, 0}, {24, 64, 80, 1, 1}, {24, 64, 80, 0, 1}, {13, 40, 70, 1, 0},
                {7, 6, SgemmVector.DOT_MIN_K + 17, 0, 1}, {14, 70, 40, 0, 0}, {15, 64, 40, 0, 0}, {28, 70, 48, 0, 0},
                {17, 64, 40, 0, 0}, {18, 70, 40, 0, 0}, {19, 64, 40, 0, 0}, {20, 70, 48, 0, 0}};
        WarmupClock.repeatUntilCompiled(deadline, () -> {
            for (int rep = 0; rep < 20 && System.nanoTime() < deadline; rep++) {
                for (int[] s : shapes) {
                    boolean ta = s[3] == 1, tb = s[4] == 1;
                    int lda = ta ? s[0] : s[2], ldb = tb ? s[2] : s[1];
                    // beta 0 and not: C is stored, or loaded and added (both branches of every kernel)
                    SgemmVector.gemm(ta, tb, s[0], s[1], s[2], 1f, fa, 0, lda, fb, 0, ldb, (rep & 1) == 0 ? 0.5f : 0f, fc, 0, s[1]);
                }
                fc[0] += (float) VectorElementwise.sum(fa, 0, 5000);
            }
        });
    }

    /**
     * The packed kernels of the recurrent layers, in a thread of their own that only models with such a
     * layer start ({@link VectorBackend#startPackedWarmup}); same rule and budget as {@link #run}.
     */
    static void runPacked() {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        float[] fa = new float[128 * 128], fb = new float[128 * 128], fc = new float[128 * 128];
        for (int i = 0; i < fa.length; i++) {
            fa[i] = fb[i] = (float) Math.sin(i);
        }
        PackedSgemm.PackedB packed = PackedSgemm.packB(false, 40, 70, fb, 0, 70, PackedSgemmVector.NR);
        WarmupClock.repeatUntilCompiled(deadline, () -> {
            for (int rep = 0; rep < 20 && System.nanoTime() < deadline; rep++) {
                // PackedSgemm: the 4- and 1-row kernels, full and partial panels, C loaded and not;
                // otherwise the first LSTM step would run them interpreted
                PackedSgemmVector.gemm(13, 70, 40, 0, 70, fa, 0, 40, packed.data, packed.nr, (rep & 1), fc, 0, 70);
                // PanelSgemm (the LSTM's weight gradient): the kernel with C zeroed and loaded (k past one block),
                // and the panel copies of both widths, full and partial
                PanelSgemmVector.gemm(13, 20, PanelSgemm.KB + 14, 0, 1, fa, 0, PanelSgemm.KB + 14, fb, fc, 20, (rep & 1) == 0);
                PanelSgemmVector.packRows(fa, 0, 40, 8, 37, fc, 0, 8, PanelSgemm.A_PANEL);
                PanelSgemmVector.packRows(fa, 0, 40, 8, 37, fc, 0, 8, PanelSgemmVector.NR);
            }
        });
    }
}
