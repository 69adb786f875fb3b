package org.crema.nn;

import java.lang.ref.SoftReference;

/**
 * Large float arrays handed back by a kernel when it is done with them, for the next call of the same
 * shape: the LSTM sequence needs ~13 MB of gates, states and gate gradients per batch of 64 (hidden 128,
 * 50 steps) that live only until its backward. Allocated fresh each step they are humongous objects
 * for G1: every one is zeroed, and their rate drove a collection every step or two (GC threads took
 * ~10% of the process's CPU time in lstm training).
 *
 * <p>A taken array is the caller's alone and holds garbage: callers write every element they read.
 * Arrays are matched by exact length (a training loop asks for the same sizes every step), few are
 * kept, and only softly: the collector may clear them under memory pressure.
 */
final class ScratchArrays {
    private ScratchArrays() {}

    /** Enough for the four arrays of one LSTM direction and a second layer's or direction's. */
    private static final int SLOTS = 8;
    /** Smaller arrays are cheap young-generation allocations: not worth a slot. */
    static final int MIN_LENGTH = 1 << 14;

    @SuppressWarnings("unchecked")
    private static final SoftReference<float[]>[] SLOT = new SoftReference[SLOTS];
    private static int next;

    /** An array of exactly n floats, recycled when one was given back, else new (zeroed). */
    static synchronized float[] take(int n) {
        if (n >= MIN_LENGTH) {
            for (int i = 0; i < SLOTS; i++) {
                float[] a = SLOT[i] == null ? null : SLOT[i].get();
                if (a != null && a.length == n) {
                    SLOT[i] = null;
                    return a;
                }
            }
        }
        return new float[n];
    }

    /** Hands a back for a later take; the caller must not touch it afterwards. Null is ignored. */
    static synchronized void give(float[] a) {
        if (a == null || a.length < MIN_LENGTH) return;
        for (int i = 0; i < SLOTS; i++) {
            if (SLOT[i] == null || SLOT[i].get() == null) {
                SLOT[i] = new SoftReference<>(a);
                return;
            }
        }
        // full (another shape in use): replace slots in turn, so old shapes age out
        SLOT[next] = new SoftReference<>(a);
        next = (next + 1) % SLOTS;
    }
}
