package org.crema.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * Float arrays one kernel keeps per thread between its calls. A training loop asks for the same sizes
 * every step; fresh arrays would be zeroed every time and, from 512 KB up, are humongous objects for G1
 * whose allocation past the heap's occupancy threshold starts a collection that stops every thread (the
 * small CNN on two threads). Unlike {@link ScratchArrays}, which callers hand back, these stay with the
 * thread: a kernel takes them at the start of a call and is done with them when it returns.
 *
 * <p>The arrays come back as the last call on this thread left them. A kernel that relies on positions
 * it never writes staying zero (borders, padding columns) must put everything that decides those
 * positions into the key.
 */
final class ThreadBuffers {
    private static final class Slot {
        Object key;
        float[][] arrays;
    }

    private final ThreadLocal<Slot> slot = ThreadLocal.withInitial(Slot::new);

    /**
     * This thread's arrays of these lengths for key: the last ones when key and lengths were these, else new
     * (zeroed) ones, which are kept. When !reuse (tests compare against fresh arrays) always new ones, and
     * the kept ones are left as they are.
     */
    float[][] get(boolean reuse, Object key, int... lengths) {
        if (!reuse) return fresh(lengths);
        Slot s = slot.get();
        if (s.arrays == null || !Objects.equals(key, s.key) || !hasLengths(s.arrays, lengths)) {
            s.arrays = fresh(lengths);
            s.key = key;
        }
        return s.arrays;
    }

    /** This thread's array of n floats, all zero: the last one cleared, or a new one (see {@link #get}). */
    float[] zeroed(boolean reuse, int n) {
        Slot s = reuse ? slot.get() : null;
        if (s != null && s.arrays != null && s.arrays[0].length == n) {
            Arrays.fill(s.arrays[0], 0f);
            return s.arrays[0];
        }
        return get(reuse, null, n)[0];
    }

    private static float[][] fresh(int[] lengths) {
        float[][] a = new float[lengths.length][];
        for (int i = 0; i < a.length; i++) a[i] = new float[lengths[i]];
        return a;
    }

    private static boolean hasLengths(float[][] arrays, int[] lengths) {
        if (arrays.length != lengths.length) return false;
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i].length != lengths[i]) return false;
        }
        return true;
    }
}
