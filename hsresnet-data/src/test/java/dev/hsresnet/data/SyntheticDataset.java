package dev.hsresnet.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory dataset for loader tests: sample {@code i} is a 1 x 2 x 2 image whose pixels all
 * equal {@code i}, label {@code i % classes}; listed indices fail with an IOException.
 */
final class SyntheticDataset implements Dataset {

    final AtomicInteger loads = new AtomicInteger();
    private final int size;
    private final List<String> classes = new ArrayList<>();
    private final Set<Integer> failing;
    private final long delayMillis;

    SyntheticDataset(int size, int classes, Set<Integer> failing, long delayMillis) {
        this.size = size;
        for (int c = 0; c < classes; c++) {
            this.classes.add("class" + c);
        }
        this.failing = failing;
        this.delayMillis = delayMillis;
    }

    SyntheticDataset(int size) {
        this(size, 3, Set.of(), 0);
    }

    /** The sample index encoded in an image of a batch. */
    static int indexOf(Batch b, int i) {
        return Math.round(b.images()[i * b.sampleSize()]);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return index % classes.size();
    }

    @Override
    public String describe(int index) {
        return "synthetic #" + index;
    }

    @Override
    public Image load(int index) throws IOException {
        loads.incrementAndGet();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        if (failing.contains(index)) {
            throw new IOException("synthetic failure of #" + index);
        }
        float[] px = new float[4];
        java.util.Arrays.fill(px, index);
        return new Image(1, 2, 2, px);
    }
}
