package dev.hsresnet.vision.detection.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hsresnet.data.mask.Rle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Masks that are exactly their boxes (filled rectangles on whole pixels, inside the image) have
 * the box's pixel counts as intersection, union and area, so segm must give bbox's results to
 * the last bit: every precision, recall and summary value. Random seeded cases with several
 * categories and images, crowd regions, empty boxes, tied scores and an image with more than
 * 100 detections.
 */
class CocoSegmBoxEquivalenceTest {

    private record Sized(int height, int width) {}

    private static Box randomBox(Random r, Sized s) {
        int x = r.nextInt(s.width());
        int y = r.nextInt(s.height());
        int w = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(s.width() - x);
        int h = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(s.height() - y);
        return new Box(x, y, w, h);
    }

    private static Rle maskOf(Box b, Sized s) {
        return Rle.fromBox(b.x(), b.y(), b.width(), b.height(), s.height(), s.width());
    }

    @Test
    void boxMasksScoreAsTheirBoxes() {
        Random r = new Random(2026);
        for (int round = 0; round < 40; round++) {
            int[] categories = round % 2 == 0 ? new int[] {1, 2, 5} : new int[] {3};
            CocoGroundTruth.Builder builder = CocoGroundTruth.builder(categories);
            Map<Long, List<Detection>> dets = new HashMap<>();
            int images = 1 + r.nextInt(5);
            for (long image = 1; image <= images; image++) {
                Sized s = new Sized(8 + r.nextInt(40), 8 + r.nextInt(40));
                List<GroundTruth> truths = new ArrayList<>();
                int n = r.nextInt(6);
                for (int j = 0; j < n; j++) {
                    Box b = randomBox(r, s);
                    truths.add(new GroundTruth(categories[r.nextInt(categories.length)], b,
                            r.nextInt(6) == 0, b.area(), maskOf(b, s)));
                }
                builder.image(image, truths);
                List<Detection> list = new ArrayList<>();
                int d = round == 7 && image == 1 ? 130 : r.nextInt(12);
                for (int j = 0; j < d; j++) {
                    Box b;
                    if (!truths.isEmpty() && r.nextBoolean()) {
                        Box t = truths.get(r.nextInt(truths.size())).box();
                        // the object's box, moved and resized a little, kept inside the image
                        int x = (int) Math.max(0, t.x() + r.nextInt(3) - 1);
                        int y = (int) Math.max(0, t.y() + r.nextInt(3) - 1);
                        int w = (int) Math.min(s.width() - x, Math.max(0, t.width() + r.nextInt(5)
                                - 2));
                        int h = (int) Math.min(s.height() - y, Math.max(0, t.height()
                                + r.nextInt(5) - 2));
                        b = new Box(x, y, w, h);
                    } else {
                        b = randomBox(r, s);
                    }
                    double score = Math.round(r.nextDouble() * 10) / 10.0; // ties
                    list.add(new Detection(categories[r.nextInt(categories.length)], b, score,
                            maskOf(b, s)));
                }
                dets.put(image, list);
            }
            CocoGroundTruth gt = builder.build();
            CocoEvaluation byBox = CocoEvaluator.evaluate(gt, IouType.BBOX, dets);
            CocoEvaluation byMask = CocoEvaluator.evaluate(gt, IouType.SEGM, dets);
            String where = "round " + round;
            assertArrayEquals(byBox.summary().toArray(), byMask.summary().toArray(), 0, where);
            assertEquals(byBox.perClass(), byMask.perClass(), where);
            for (int k : categories) {
                for (AreaRange a : AreaRange.values()) {
                    for (int m : CocoParams.maxDets()) {
                        for (int t = 0; t < CocoParams.IOU_COUNT; t++) {
                            assertEquals(byBox.recall(t, k, a, m), byMask.recall(t, k, a, m), 0,
                                    where);
                            for (int p = 0; p < CocoParams.RECALL_COUNT; p++) {
                                assertEquals(byBox.precision(t, p, k, a, m),
                                        byMask.precision(t, p, k, a, m), 0, where);
                            }
                        }
                    }
                }
            }
        }
    }
}
