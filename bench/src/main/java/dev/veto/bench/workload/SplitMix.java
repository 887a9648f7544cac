package dev.veto.bench.workload;

/**
 * SplitMix64, written out here rather than borrowed from {@code java.util}, so that a seed gives
 * the same workload on every JDK: the JDK documents its generators' algorithms but not how their
 * bounded methods consume bits.
 */
final class SplitMix {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    SplitMix(long seed) {
        this.state = seed;
    }

    /** A generator for the {@code stream}-th independent sequence of {@code seed}. */
    static SplitMix forStream(long seed, long stream) {
        return new SplitMix(mix(seed ^ mix(stream + GOLDEN)));
    }

    long nextLong() {
        return mix(state += GOLDEN);
    }

    /** Uniform in [0, bound); the tiny modulo bias is irrelevant for a workload. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A well-spread hash of a few numbers, for attributes that must not depend on call order. */
    static long hash(long seed, long a, long b) {
        return mix(seed ^ mix(a + GOLDEN) ^ mix(b * GOLDEN + 1));
    }
}
