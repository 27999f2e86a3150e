package dev.hsresnet.data;

import java.util.SplittableRandom;

/** Fisher-Yates shuffles and seed derivation for reproducible orders. */
final class Permutations {

    private Permutations() {}

    /**
     * Shuffles in place (Fisher-Yates, from the end).
     *
     * @param a the array
     * @param rng the generator
     */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * {@code 0 .. n-1} in a random order.
     *
     * @param n length
     * @param seed generator seed
     * @return the permutation
     */
    static int[] permutation(int n, long seed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        shuffle(a, new SplittableRandom(seed));
        return a;
    }

    /**
     * A 64-bit seed from several values: each is folded in with the SplitMix64 finaliser, so that
     * nearby inputs (epoch 3 vs 4, index 811 vs 812) give unrelated seeds.
     *
     * @param parts the values, e.g. (base seed, stream tag, epoch, index)
     * @return the derived seed
     */
    static long derive(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = mix(h ^ mix(p + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
