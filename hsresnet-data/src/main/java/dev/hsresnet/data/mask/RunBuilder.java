package dev.hsresnet.data.mask;

import java.util.Arrays;

/**
 * Collects runs of 0s and 1s in scan order and yields them in canonical form: the first run is
 * a run of 0s (possibly 0 long), every later run is at least 1 long, and neighbouring runs
 * alternate. Runs of length 0 are dropped and runs of equal value joined. Not thread-safe.
 */
final class RunBuilder {

    private int[] counts;
    private int size;
    private boolean value;
    private long current;

    /** @param capacity the expected number of runs */
    RunBuilder(int capacity) {
        this.counts = new int[Math.max(2, capacity)];
    }

    /**
     * @param one the run's value
     * @param length its length in pixels, at least 0
     */
    void add(boolean one, long length) {
        if (length == 0) {
            return;
        }
        if (one == value) {
            current += length;
        } else {
            push(current);
            value = one;
            current = length;
        }
    }

    /** @return the canonical counts; the builder is spent */
    int[] finish() {
        push(current);
        return Arrays.copyOf(counts, size);
    }

    private void push(long length) {
        if (size == counts.length) {
            counts = Arrays.copyOf(counts, counts.length * 2);
        }
        counts[size++] = Math.toIntExact(length);
    }
}
