package org.crema.autograd;

/** Whether operations record the autograd graph on this thread (on by default). */
public final class GradMode {
    private static final ThreadLocal<int[]> DISABLED_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private GradMode() {}

    public static boolean isEnabled() { return DISABLED_DEPTH.get()[0] == 0; }

    /** Starts a scope in which nothing is recorded; close it (try-with-resources) to end it. */
    public static NoGradScope noGrad() {
        DISABLED_DEPTH.get()[0]++;
        return new NoGradScope();
    }

    /** A no-grad scope. Closing it twice is harmless; it throws no checked exception. */
    public static final class NoGradScope implements AutoCloseable {
        private boolean closed;

        private NoGradScope() {}

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                DISABLED_DEPTH.get()[0]--;
            }
        }
    }
}
