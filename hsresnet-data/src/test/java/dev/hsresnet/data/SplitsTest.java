package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** 300 samples, labels i % 3, so 100 per class. */
    private final SyntheticDataset base = new SyntheticDataset(300);

    private static int[] baseIndices(Dataset view) throws IOException {
        int[] out = new int[view.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.round(view.load(i).pixels()[0]);
        }
        return out;
    }

    @Test
    void subsetMapsIndicesLabelsAndDescriptions() throws IOException {
        Dataset s = Splits.subset(base, new int[] {5, 7, 5});
        assertEquals(3, s.size());
        assertEquals(base.classes(), s.classes());
        assertEquals(base.label(7), s.label(1));
        assertEquals("synthetic #7", s.describe(1));
        assertArrayEquals(new int[] {5, 7, 5}, baseIndices(s));
        assertThrows(IllegalArgumentException.class, () -> Splits.subset(base, new int[] {300}));
        assertThrows(IllegalArgumentException.class, () -> Splits.subset(base, new int[] {-1}));
    }

    @Test
    void splitIsStratifiedDisjointCompleteAndDeterministic() throws IOException {
        Splits.Split split = Splits.split(base, 0.2, 42);
        assertEquals(60, split.val().size());
        assertEquals(240, split.train().size());
        int[] perClass = new int[3];
        for (int i = 0; i < split.val().size(); i++) {
            perClass[split.val().label(i)]++;
        }
        assertArrayEquals(new int[] {20, 20, 20}, perClass);
        int[] train = baseIndices(split.train());
        int[] val = baseIndices(split.val());
        Set<Integer> all = new HashSet<>();
        Arrays.stream(train).forEach(all::add);
        Arrays.stream(val).forEach(i -> assertTrue(all.add(i), "index in both parts: " + i));
        assertEquals(300, all.size());
        int[] sorted = val.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, val, "ascending base order");

        assertArrayEquals(val, baseIndices(Splits.split(base, 0.2, 42).val()));
        assertFalse(Arrays.equals(val, baseIndices(Splits.split(base, 0.2, 43).val())));
        assertFalse(Arrays.equals(Arrays.copyOf(val, 20), new int[] {0, 3, 6, 9, 12, 15, 18, 21,
                24, 27, 30, 33, 36, 39, 42, 45, 48, 51, 54, 57}), "val is a shuffled pick, not a prefix");
        assertThrows(IllegalArgumentException.class, () -> Splits.split(base, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.split(base, 1, 1));
    }

    @Test
    void firstPerClassTakesTheFirstIndicesOfEachClass() throws IOException {
        Dataset small = Splits.firstPerClass(base, 2);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, baseIndices(small));
        Dataset tiny = Splits.firstPerClass(Splits.subset(base, new int[] {0, 3, 6, 1}), 5);
        assertEquals(4, tiny.size());
        assertThrows(IllegalArgumentException.class, () -> Splits.firstPerClass(base, 0));
    }
}
