package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    /** Adds generator noise below 0.01 to every pixel: index decoding still works. */
    private static final Transform NOISE = (img, rng) -> {
        float[] px = img.pixels().clone();
        for (int i = 0; i < px.length; i++) {
            px[i] += (float) (0.01 * rng.nextDouble());
        }
        return new Image(img.channels(), img.height(), img.width(), px);
    };

    private static DataLoader loader(Dataset ds, int bs, boolean dropLast, int workers,
            BatchAugment aug) {
        return new DataLoader(ds, NOISE, bs, true, dropLast, 1234L, workers, 3, aug);
    }

    @Test
    void sameSeedAndEpochGiveIdenticalBatchesWhateverTheWorkerCount() {
        SyntheticDataset ds = new SyntheticDataset(103);
        BatchAugment aug = BatchAugment.builder(3).mixup(0.4).cutmix(1.0).labelSmoothing(0.1).build();
        List<Batch> reference = Batches.collect(loader(ds, 8, false, 0, aug), 2, 0);
        assertEquals(13, reference.size());
        for (int workers : new int[] {1, 2, 5}) {
            Batches.assertSame(reference, Batches.collect(loader(ds, 8, false, workers, aug), 2, 0));
        }
        Batches.assertSame(reference, Batches.collect(loader(ds, 8, false, 5, aug), 2, 0));
        assertTrue(reference.stream().allMatch(b -> b.targets() != null));
    }

    @Test
    void differentEpochsAndSeedsGiveDifferentOrdersAndNoise() {
        SyntheticDataset ds = new SyntheticDataset(64);
        DataLoader l = loader(ds, 16, false, 2, null);
        List<Integer> e0 = Batches.indices(Batches.collect(l, 0, 0));
        List<Integer> e1 = Batches.indices(Batches.collect(l, 1, 0));
        assertNotEquals(e0, e1);
        assertEquals(new HashSet<>(e0), new HashSet<>(e1));
        DataLoader other = new DataLoader(ds, NOISE, 16, true, false, 99L, 2, 3, null);
        assertNotEquals(e0, Batches.indices(Batches.collect(other, 0, 0)));

        DataLoader ordered = new DataLoader(ds, NOISE, 16, false, false, 1234L, 2, 3, null);
        Batch a = Batches.collect(ordered, 0, 0).get(0);
        Batch b = Batches.collect(ordered, 1, 0).get(0);
        assertEquals(Batches.indices(List.of(a)), Batches.indices(List.of(b)), "same order");
        assertNotEquals(a.images()[1], b.images()[1], "per-epoch transform randomness");
    }

    @Test
    void everySampleExactlyOncePerEpoch() {
        SyntheticDataset ds = new SyntheticDataset(103);
        List<Batch> batches = Batches.collect(loader(ds, 10, false, 3, null), 0, 0);
        assertEquals(11, batches.size());
        assertEquals(3, batches.get(10).n(), "last partial batch");
        List<Integer> seen = Batches.indices(batches);
        assertEquals(IntStream.range(0, 103).boxed().collect(Collectors.toSet()),
                new HashSet<>(seen));
        assertEquals(103, seen.size());
        for (Batch b : batches) {
            assertNull(b.targets());
            for (int i = 0; i < b.n(); i++) {
                assertEquals(SyntheticDataset.indexOf(b, i) % 3, b.labels()[i]);
            }
        }

        List<Batch> dropped = Batches.collect(loader(ds, 10, true, 3, null), 0, 0);
        assertEquals(10, dropped.size());
        List<Integer> kept = Batches.indices(dropped);
        assertEquals(100, new HashSet<>(kept).size());

        DataLoader ordered = new DataLoader(ds, null, 10, false, false, 0L, 2, 1, null);
        assertEquals(IntStream.range(0, 103).boxed().toList(),
                Batches.indices(Batches.collect(ordered, 7, 0)));
    }

    @Test
    void resumeEqualsTheTailOfTheFullEpoch() {
        SyntheticDataset ds = new SyntheticDataset(103);
        BatchAugment aug = BatchAugment.builder(3).mixup(0.4).cutmix(1.0).build();
        DataLoader l = loader(ds, 8, false, 2, aug);
        List<Batch> full = Batches.collect(l, 5, 0);
        for (int start : new int[] {1, 4, 12, 13}) {
            int before = ds.loads.get();
            List<Batch> tail = Batches.collect(l, 5, start);
            Batches.assertSame(full.subList(start, full.size()), tail);
            assertEquals(103 - Math.min(103, start * 8), ds.loads.get() - before,
                    "skipped batches are not decoded");
        }
        assertThrows(IllegalArgumentException.class, () -> l.epoch(5, 14));
        assertThrows(IllegalArgumentException.class, () -> l.epoch(5, -1));
    }

    @Test
    void iteratorProtocolAndResumePosition() {
        DataLoader l = loader(new SyntheticDataset(20), 8, false, 1, null);
        assertEquals(3, l.batchesPerEpoch());
        try (EpochIterator it = l.epoch(0, 1)) {
            assertEquals(1, it.nextBatchIndex());
            assertTrue(it.hasNext());
            assertEquals(1, it.nextBatchIndex(), "peeking does not advance");
            it.next();
            assertEquals(2, it.nextBatchIndex());
            assertEquals(4, it.next().n());
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        }
        assertEquals(2, loader(new SyntheticDataset(20), 8, true, 1, null).batchesPerEpoch());
    }

    @Test
    void configurationErrorsAreClear() {
        SyntheticDataset empty = new SyntheticDataset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loader(empty, 4, false, 1, null));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> loader(new SyntheticDataset(3), 4, true, 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> loader(new SyntheticDataset(3), 0, false, 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> loader(new SyntheticDataset(3), 2, false, -1, null));
        assertThrows(IllegalArgumentException.class,
                () -> loader(new SyntheticDataset(9), 2, false, 1, BatchAugment.builder(4).build()));
    }

    @Test
    void allFailingBatchesAreErrors() {
        Set<Integer> all = IntStream.range(0, 40).boxed().collect(Collectors.toSet());
        DataLoader broken = loader(new SyntheticDataset(40, 3, all, 0), 8, false, 2, null);
        try (EpochIterator it = broken.epoch(0, 0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
            assertTrue(e.getMessage().contains("8 images in a row failed"), e.getMessage());
        }
        Set<Integer> few = Set.of(0, 1, 2);
        DataLoader tiny = loader(new SyntheticDataset(3, 3, few, 0), 8, false, 0, null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Batches.collect(tiny, 0, 0));
        assertTrue(e.getMessage().contains("every remaining image failed"), e.getMessage());
    }

    @Test
    void transformErrorsAndShapeMismatchesStopTheEpoch() {
        SyntheticDataset ds = new SyntheticDataset(12);
        Transform failing = (img, rng) -> {
            if (Math.round(img.pixels()[0]) == 5) {
                throw new IllegalArgumentException("boom");
            }
            return img;
        };
        DataLoader l = new DataLoader(ds, failing, 4, false, false, 0L, 2, 1, null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Batches.collect(l, 0, 0));
        assertTrue(e.getMessage().contains("synthetic #5"), e.getMessage());

        Transform ragged = (img, rng) -> Math.round(img.pixels()[0]) == 2
                ? Images.constant(1, 3, 3, 2f) : img;
        DataLoader r = new DataLoader(ds, ragged, 4, false, false, 0L, 1, 1, null);
        e = assertThrows(IllegalStateException.class, () -> Batches.collect(r, 0, 0));
        assertTrue(e.getMessage().contains("differ in shape"), e.getMessage());
    }
}
