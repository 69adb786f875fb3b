package org.crema;

/**
 * The random-number generator behind every random op (rand, randn, dropout masks, initialisation,
 * shuffling). xoshiro256** with an explicit state, so a checkpoint can save and restore it exactly.
 */
public final class Generator {
    private static final Generator GLOBAL = new Generator(0x5EEDC0FFEEL);

    private long s0, s1, s2, s3;
    private double spareGaussian;
    private boolean hasSpare;

    public Generator(long seed) { manualSeed(seed); }

    /** The default generator used by Tensor.rand/randn and the layers' initialisation. */
    public static Generator global() { return GLOBAL; }

    public synchronized void manualSeed(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
        hasSpare = false;
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public synchronized long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1). */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    public synchronized double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u, v, s;
        do {
            u = nextDouble() * 2 - 1;
            v = nextDouble() * 2 - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * m;
        hasSpare = true;
        return u * m;
    }

    /** The full state (for checkpoints): four xoshiro words, the spare gaussian's bits and its flag. */
    public synchronized long[] getState() {
        return new long[] {s0, s1, s2, s3, Double.doubleToRawLongBits(spareGaussian), hasSpare ? 1 : 0};
    }

    public synchronized void setState(long[] state) {
        if (state == null || state.length != 6) {
            throw new IllegalArgumentException("Generator.setState: expected 6 longs, got "
                    + (state == null ? "null" : state.length));
        }
        s0 = state[0]; s1 = state[1]; s2 = state[2]; s3 = state[3];
        spareGaussian = Double.longBitsToDouble(state[4]);
        hasSpare = state[5] != 0;
    }
}
