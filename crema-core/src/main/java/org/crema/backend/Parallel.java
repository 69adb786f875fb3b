package org.crema.backend;

/** Placeholder until the pooled implementation lands: same API, runs inline. */
public final class Parallel {
    private Parallel() {}

    @FunctionalInterface
    public interface RangeBody { void run(int start, int end); }

    public static int threads() { return 1; }

    public static void forRange(int n, int grain, RangeBody body) {
        if (n > 0) body.run(0, n);
    }
}
