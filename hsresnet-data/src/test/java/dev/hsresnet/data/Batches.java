package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/** Helpers for loader tests. */
final class Batches {

    private Batches() {}

    static List<Batch> collect(DataLoader loader, int epoch, int startBatch) {
        List<Batch> out = new ArrayList<>();
        try (EpochIterator it = loader.epoch(epoch, startBatch)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    static void assertSame(List<Batch> expected, List<Batch> actual) {
        assertEquals(expected.size(), actual.size(), "batch count");
        for (int b = 0; b < expected.size(); b++) {
            Batch e = expected.get(b);
            Batch a = actual.get(b);
            assertEquals(List.of(e.n(), e.c(), e.h(), e.w()), List.of(a.n(), a.c(), a.h(), a.w()),
                    "shape of batch " + b);
            assertArrayEquals(e.labels(), a.labels(), "labels of batch " + b);
            assertArrayEquals(e.images(), a.images(), "images of batch " + b);
            assertArrayEquals(e.targets(), a.targets(), "targets of batch " + b);
        }
    }

    /** The synthetic sample indices of every batch, in order. */
    static List<Integer> indices(List<Batch> batches) {
        List<Integer> out = new ArrayList<>();
        for (Batch b : batches) {
            for (int i = 0; i < b.n(); i++) {
                out.add(SyntheticDataset.indexOf(b, i));
            }
        }
        return out;
    }
}
