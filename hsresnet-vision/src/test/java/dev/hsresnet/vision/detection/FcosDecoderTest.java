package dev.hsresnet.vision.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decoding on hand cases: one level of stride 8 with 2 x 2 points at (4, 4), (12, 4), (4, 12),
 * (12, 12) (a 16 x 16 input) and 2 classes. Every logit not set is -20, far below any threshold.
 */
class FcosDecoderTest {

    private static final FcosPoints PTS = new FcosPoints(new int[] {8}, new int[][] {{2, 2}});
    private static final FcosDecoder DEFAULT = FcosDecoder.builder(2).build();

    private final float[] cls = filled(8, -20f);
    private final float[] box = filled(16, 1f);
    private final float[] ctr = new float[4];

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    private void set(int point, int cls, float logit, float... ltrb) {
        this.cls[2 * point + cls] = logit;
        System.arraycopy(ltrb, 0, box, 4 * point, 4);
    }

    @Test
    void aBoxIsThePointMinusAndPlusItsDistancesOverTheScale() {
        set(0, 1, 2f, 2, 3, 4, 5);
        ctr[0] = 1f;
        List<DetectedBox> out = DEFAULT.decode(cls, box, ctr, PTS, 16, 16, 2f);
        assertEquals(1, out.size());
        DetectedBox b = out.get(0);
        assertEquals(1, b.classIndex());
        // sqrt(sigmoid(2) * sigmoid(1)) = sqrt(0.880797 * 0.731059)
        assertEquals(0.8024427f, b.score(), 1e-6f);
        // (4 - 2, 4 - 3, 4 + 4, 4 + 5) = (2, 1, 8, 9), halved
        assertEquals(new DetectedBox(1, b.score(), 1f, 0.5f, 4f, 4.5f), b);
        assertEquals(3f, b.width());
        assertEquals(4f, b.height());
    }

    @Test
    void boxesAreClippedToTheValidSizeAndDroppedWhenEmpty() {
        set(3, 0, 3f, 4, 4, 10, 10); // (8, 8, 22, 22)
        set(1, 0, 3f, 1, 1, 1, 1);   // (11, 3, 13, 5): right of a valid width of 10
        List<DetectedBox> out = DEFAULT.decode(cls, box, ctr, PTS, 16, 10, 1f);
        assertEquals(List.of(new DetectedBox(0, out.get(0).score(), 8, 8, 10, 16)), out);
        assertEquals(2, DEFAULT.decode(cls, box, ctr, PTS, 16, 14, 1f).size());
    }

    @Test
    void equalScoresGoInFlatIndexOrderAndTopKCutsPerLevel() {
        set(1, 0, 1f, 1, 1, 1, 1); // flat index 2, box (11, 3, 13, 5)
        set(0, 1, 1f, 1, 1, 1, 1); // flat index 1, box (3, 3, 5, 5)
        List<DetectedBox> both = DEFAULT.decode(cls, box, ctr, PTS, 16, 16, 1f);
        assertEquals(2, both.size());
        assertEquals(both.get(0).score(), both.get(1).score());
        assertEquals(1, both.get(0).classIndex());
        assertEquals(3f, both.get(0).x1());
        assertEquals(0, both.get(1).classIndex());
        List<DetectedBox> one = FcosDecoder.builder(2).optTopK(1).build()
                .decode(cls, box, ctr, PTS, 16, 16, 1f);
        assertEquals(List.of(both.get(0)), one);
        // the top-k cut is per level: with two levels of one point each, top-1 keeps one each,
        // and equal scores put the finer level first
        FcosPoints two = new FcosPoints(new int[] {8, 16}, new int[][] {{1, 1}, {1, 1}});
        float[] c2 = {1f, -20f, 1f, -20f};
        float[] b2 = filled(8, 1f);
        List<DetectedBox> levels = FcosDecoder.builder(2).optTopK(1).build()
                .decode(c2, b2, new float[2], two, 16, 16, 1f);
        assertEquals(2, levels.size());
        assertEquals(3f, levels.get(0).x1()); // level 0's point (4, 4)
        assertEquals(7f, levels.get(1).x1()); // level 1's point (8, 8)
        c2[2] = 2f; // a better score on the coarser level comes first
        assertEquals(7f, DEFAULT.decode(c2, b2, new float[2], two, 16, 16, 1f).get(0).x1());
    }

    @Test
    void nmsIsClassWise() {
        set(0, 0, 2f, 4, 4, 4, 4);  // (0, 0, 8, 8)
        cls[1] = 2f;                // the same box as class 1
        set(1, 0, 1f, 12, 4, 0, 4); // (0, 0, 12, 8): IoU 64 / 96 = 0.67 with the first
        List<DetectedBox> out = DEFAULT.decode(cls, box, ctr, PTS, 16, 16, 1f);
        assertEquals(2, out.size());
        assertEquals(0, out.get(0).classIndex());
        assertEquals(1, out.get(1).classIndex());
        assertEquals(out.get(0).score(), out.get(1).score());
        // at an IoU threshold of 0.7 the class-0 box at (12, 4) survives, last by score
        List<DetectedBox> loose = FcosDecoder.builder(2).optNmsIou(0.7f).build()
                .decode(cls, box, ctr, PTS, 16, 16, 1f);
        assertEquals(3, loose.size());
        assertEquals(12f, loose.get(2).x2());
        // the cap keeps the best
        List<DetectedBox> capped = FcosDecoder.builder(2).optNmsIou(0.7f).optMaxDetections(1)
                .build().decode(cls, box, ctr, PTS, 16, 16, 1f);
        assertEquals(List.of(loose.get(0)), capped);
        // a threshold above every score leaves nothing
        assertEquals(List.of(), FcosDecoder.builder(2).optScoreThreshold(0.9f).build()
                .decode(cls, box, ctr, PTS, 16, 16, 1f));
    }

    @Test
    void aBatchImageDecodesAsItsOwnSlice() {
        set(2, 1, 1.5f, 3, 2, 1, 4);
        float[] batchCls = new float[16];
        float[] batchBox = new float[32];
        float[] batchCtr = new float[8];
        Arrays.fill(batchCls, 0, 8, 5f); // image 0: every pair scores high
        System.arraycopy(cls, 0, batchCls, 8, 8);
        System.arraycopy(box, 0, batchBox, 16, 16);
        System.arraycopy(ctr, 0, batchCtr, 4, 4);
        List<DetectedBox> alone = DEFAULT.decode(cls, box, ctr, PTS, 16, 16, 1f);
        assertEquals(1, alone.size());
        assertEquals(alone, DEFAULT.decode(batchCls, batchBox, batchCtr, 1, PTS, 16, 16, 1f));
    }

    @Test
    void theTopKSelectionFindsTheSmallestKeys() {
        java.util.Random random = new java.util.Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(60);
            long[] keys = random.longs(n).distinct().toArray();
            long[] sorted = keys.clone();
            Arrays.sort(sorted);
            int k = 1 + random.nextInt(keys.length);
            FcosDecoder.selectSmallest(keys, keys.length, k);
            long[] head = Arrays.copyOf(keys, k);
            Arrays.sort(head);
            assertEquals(Arrays.toString(Arrays.copyOf(sorted, k)), Arrays.toString(head),
                    "trial " + trial);
        }
    }

    @Test
    void badInputAndSettingsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FcosDecoder.builder(2).optTopK(0).build());
        assertTrue(e.getMessage().contains("topK"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FcosDecoder.builder(2).optScoreThreshold(1f).build());
        assertThrows(IllegalArgumentException.class,
                () -> FcosDecoder.builder(2).optNmsIou(Float.NaN).build());
        assertThrows(IllegalArgumentException.class,
                () -> FcosDecoder.builder(2).optMaxDetections(0).build());
        assertThrows(IllegalArgumentException.class, () -> FcosDecoder.builder(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.decode(new float[6], box, ctr, PTS, 16, 16, 1f));
        assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.decode(cls, box, ctr, PTS, 0, 16, 1f));
        assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.decode(cls, box, ctr, PTS, 16, 16, 0f));
        assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.decode(cls, box, ctr, 1, PTS, 16, 16, 1f));
    }
}
