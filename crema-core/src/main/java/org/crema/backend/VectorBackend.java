package org.crema.backend;

/**
 * The CPU backend on the Vector API: packed, blocked GEMMs and sums. Elementwise ops and softmax
 * inherit the scalar loops: C2 vectorises the plain arithmetic itself, and the Vector API's exp/tanh
 * give different bits before and after C2 compiles them (the interpreter computes them per lane with
 * Math), which would break run-to-run determinism.
 */
final class VectorBackend extends ScalarBackend {

    /**
     * Until C2 has compiled the vector kernels they run interpreted, boxing every vector: far slower than
     * the scalar loops. So a daemon thread warms them up on small problems from the moment the backend
     * is chosen, and the first kernel call waits for it. It waits rather than falling back to the scalar
     * kernels meanwhile: those round differently, so a switch at a moment that depends on timing would
     * make two runs with the same seed and thread count differ in the last bits (determinism is a
     * promise; see CheckpointTest). The scalar kernels are only used when the vector module is absent or
     * disabled, for the whole run.
     */
    private volatile boolean warm;
    private final Thread warmup;
    /**
     * The packed kernels of the recurrent layers ({@link PackedSgemm}, {@link PanelSgemm}) warm up in a thread
     * of their own, started only when a model needs them ({@link #startPackedWarmup}): warming them for
     * every model made the compiler queues longer for the GEMM and convolution kernels of models without one.
     */
    private volatile boolean packedWarm;
    private Thread packedWarmup; // guarded by this

    VectorBackend() { this(true); }

    /** gate = false uses the vector kernels from the first call (tests of the kernels themselves). */
    VectorBackend(boolean gate) {
        warm = !gate;
        packedWarm = !gate;
        warmup = gate ? new Thread(() -> {
            VectorWarmup.run();
            warm = true;
        }, "crema-vector-warmup") : null;
        if (warmup != null) {
            warmup.setDaemon(true);
            warmup.start();
        }
    }

    @Override
    public void awaitWarm() {
        join(warmup);
    }

    /** True once the vector kernels are in use. */
    boolean warm() { return warm; }

    /** Starts the packed kernels' warm-up thread, once (a no-op when it ran or the backend is not gated). */
    synchronized void startPackedWarmup() {
        if (packedWarm || packedWarmup != null) return;
        packedWarmup = new Thread(() -> {
            VectorWarmup.runPacked();
            packedWarm = true;
        }, "crema-packed-warmup");
        packedWarmup.setDaemon(true);
        packedWarmup.start();
    }

    /** True once the packed kernels are in use. */
    boolean packedWarm() { return packedWarm; }

    /** Waits for both warm-ups, starting the packed one if no model asked for it earlier. */
    void awaitPackedWarm() {
        awaitWarm();
        startPackedWarmup();
        Thread t;
        synchronized (this) {
            t = packedWarmup;
        }
        join(t);
    }

    /** Waits for a warm-up thread (none: returns); an interrupt ends the wait and stays set. */
    private static void join(Thread t) {
        if (t == null) return;
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String name() { return "vector"; }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (!warm) awaitWarm();
        SgemmVector.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (!warm) awaitWarm();
        DgemmVector.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public double sum(float[] x, int o, int n) {
        if (!warm) awaitWarm();
        return VectorElementwise.sum(x, o, n);
    }
}
