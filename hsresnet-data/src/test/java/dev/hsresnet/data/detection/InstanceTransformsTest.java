package dev.hsresnet.data.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.Crops;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.data.segmentation.PhotometricJitter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Masks through the detection transforms: each box carries the rectangle mask of its own pixels,
 * so after every step the mask must lie where the box says, and the i-th mask must stay the i-th
 * box's.
 */
class InstanceTransformsTest {

    private static Image image(int h, int w) {
        float[] v = new float[3 * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 251) / 251f;
        }
        return new Image(3, h, w, v);
    }

    /** The pixels a box with whole-pixel corners covers. */
    private static InstanceMask rect(int h, int w, BoxAnnotation b) {
        return InstanceMask.rectangle(h, w, (int) b.x1(), (int) b.y1(), (int) b.x2(), (int) b.y2());
    }

    /** A sample whose masks are its boxes' rectangles. */
    private static DetectionSample sample(int h, int w, BoxAnnotation... boxes) {
        List<InstanceMask> masks = new ArrayList<>();
        for (BoxAnnotation b : boxes) {
            masks.add(rect(h, w, b));
        }
        return new DetectionSample(image(h, w), List.of(boxes), masks);
    }

    private static int[] corners(BoxAnnotation b) {
        return new int[] {(int) b.x1(), (int) b.y1(), (int) b.x2(), (int) b.y2()};
    }

    /** Every mask's tight box is its box, within {@code tol} pixels on each edge. */
    private static void assertMasksOnBoxes(DetectionSample s, double tol) {
        assertEquals(s.boxes().size(), s.masks().size(), "one mask per box");
        for (int i = 0; i < s.boxes().size(); i++) {
            BoxAnnotation b = s.boxes().get(i);
            int[] m = s.masks().get(i).bounds();
            assertNotNull(m, "mask " + i + " is empty, box " + b);
            float[] e = {b.x1(), b.y1(), b.x2(), b.y2()};
            for (int k = 0; k < 4; k++) {
                assertTrue(Math.abs(m[k] - e[k]) <= tol, "mask " + i + " bounds "
                        + java.util.Arrays.toString(m) + " vs box " + b);
            }
        }
    }

    @Test
    void resizeMovesMasksToTheScaledBoxes() {
        DetectionSample s = sample(30, 40, new BoxAnnotation(0, 4, 2, 20, 12),
                new BoxAnnotation(0, 30, 10, 40, 30));
        // f = 0.5: 15 x 20; nearest output column o samples source 2o + 1
        DetectionSample half = new ResizeKeepAspect(15, 100).apply(s, new SplittableRandom(1));
        assertEquals(15, half.masks().get(0).height());
        assertEquals(20, half.masks().get(0).width());
        assertArrayEquals(new int[] {2, 1, 10, 6}, half.masks().get(0).bounds());
        assertArrayEquals(new int[] {15, 5, 20, 15}, half.masks().get(1).bounds());
        assertEquals(rect(15, 20, half.boxes().get(0)), half.masks().get(0), "exactly the box");
        // f = 1.5 (long side capped): 45 x 60; source floor((2o + 1) / 3)
        DetectionSample up = new ResizeKeepAspect(60, 60).apply(s, new SplittableRandom(1));
        assertEquals(45, up.height());
        assertArrayEquals(new int[] {6, 3, 30, 18}, up.masks().get(0).bounds());
        assertEquals(rect(45, 60, up.boxes().get(1)), up.masks().get(1));
        // an uneven factor: 30 x 40 -> 17 x 23 (short side 17, f 0.5667); the masks' edges
        // lie within half a pixel of the scaled box
        DetectionSample odd = new ResizeKeepAspect(17, 100).apply(s, new SplittableRandom(1));
        assertEquals(List.of(17, 23), List.of(odd.height(), odd.width()));
        assertMasksOnBoxes(odd, 0.5);
    }

    @Test
    void rescaleByThreeIsExact() {
        DetectionSample s = sample(10, 20, new BoxAnnotation(0, 1, 2, 5, 10));
        DetectionSample out = new RandomRescale(3, 3).apply(s, new SplittableRandom(4));
        assertEquals(List.of(30, 60), List.of(out.height(), out.width()));
        assertEquals(rect(30, 60, out.boxes().get(0)), out.masks().get(0));
        assertArrayEquals(new int[] {3, 6, 15, 30}, out.masks().get(0).bounds());
    }

    /** A seed whose two draws of {@code nextInt(bound)} are {@code top} and {@code left}. */
    private static long seedFor(int bound, int top, int left) {
        for (long seed = 0; ; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            if (r.nextInt(bound) == top && r.nextInt(bound) == left) {
                return seed;
            }
        }
    }

    @Test
    void cropDropsMasksWithTheirBoxesAndKeepsThePairing() {
        // DetectionTransformsTest's crop: boxes 1, 2 and 3 are dropped, 0, 4 and 5 kept
        BoxAnnotation[] boxes = {
                new BoxAnnotation(0, 12, 12, 18, 18),
                new BoxAnnotation(1, 25, 25, 40, 40),
                new BoxAnnotation(2, 0, 0, 5, 5),
                new BoxAnnotation(0, 29, 12, 35, 20),
                new BoxAnnotation(1, 5, 15, 15, 25),
                new BoxAnnotation(2, 20, 0, 30, 40)};
        DetectionSample s = sample(40, 40, boxes);
        long seed = seedFor(21, 10, 10); // window rows and columns [10, 30)
        DetectionSample out = new RandomBoxCrop(20, 20).apply(s, new SplittableRandom(seed));
        assertEquals(3, out.masks().size());
        assertArrayEquals(new int[] {2, 2, 8, 8}, out.masks().get(0).bounds(), "object 0");
        assertArrayEquals(new int[] {0, 5, 5, 15}, out.masks().get(1).bounds(), "object 4");
        assertArrayEquals(new int[] {10, 0, 20, 20}, out.masks().get(2).bounds(), "object 5");
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(corners(out.boxes().get(i)), out.masks().get(i).bounds());
            assertEquals(20, out.masks().get(i).height());
        }
        // each mask equals the crop of its own original mask
        assertEquals(s.masks().get(4).cropped(10, 10, 20, 20), out.masks().get(1));
        DetectionSample loose = new RandomBoxCrop(20, 20, 0, 0).apply(s, new SplittableRandom(seed));
        assertEquals(5, loose.masks().size());
        assertMasksOnBoxes(loose, 0);
    }

    @Test
    void theBoxDecidesAndAKeptBoxMayKeepAnEmptyMask() {
        // the object fills only columns [5, 8) of its box [5, 15): the window [10, 30) keeps half
        // the box and none of the object
        BoxAnnotation box = new BoxAnnotation(0, 5, 15, 15, 25);
        DetectionSample s = new DetectionSample(image(40, 40), List.of(box),
                List.of(InstanceMask.rectangle(40, 40, 5, 15, 8, 25)));
        long seed = seedFor(21, 10, 10);
        DetectionSample out = new RandomBoxCrop(20, 20).apply(s, new SplittableRandom(seed));
        assertEquals(1, out.boxes().size());
        assertTrue(out.masks().get(0).isEmpty());
    }

    @Test
    void cropPadsMasksWithZero() {
        DetectionSample s = sample(8, 10, new BoxAnnotation(0, 1, 1, 10, 8));
        DetectionSample out = new RandomBoxCrop(16, 16).apply(s, new SplittableRandom(3));
        assertEquals(InstanceMask.rectangle(16, 16, 1, 1, 10, 8), out.masks().get(0));
        assertEquals(Crops.crop(s.image(), 0, 0, 16, 16), out.image());
    }

    @Test
    void flipMirrorsTheMasks() {
        DetectionSample s = sample(5, 20, new BoxAnnotation(0, 2, 3, 8, 5),
                new BoxAnnotation(1, 0, 0, 20, 1));
        DetectionSample out = new HorizontalBoxFlip(1).apply(s, new SplittableRandom(0));
        assertArrayEquals(new int[] {12, 3, 18, 5}, out.masks().get(0).bounds());
        assertEquals(rect(5, 20, out.boxes().get(1)), out.masks().get(1));
        assertSame(s, new HorizontalBoxFlip(0).apply(s, new SplittableRandom(0)));
    }

    @Test
    void photometricStepsLeaveTheMasksAlone() {
        DetectionSample s = sample(6, 8, new BoxAnnotation(0, 1, 1, 4, 4));
        DetectionSample j = new ImageStep(new PhotometricJitter(0.4, 0.4, 0.4))
                .apply(s, new SplittableRandom(9));
        DetectionSample n = new ImageStep(Normalize.imagenet()).apply(j, new SplittableRandom(0));
        assertFalse(s.image().equals(n.image()));
        assertEquals(s.masks(), n.masks());
        assertEquals(s.boxes(), n.boxes());
    }

    @Test
    void theTrainingRecipeKeepsEveryMaskOnItsBox() {
        DetectionSample s = sample(30, 40, new BoxAnnotation(0, 0, 0, 40, 30),
                new BoxAnnotation(1, 10, 5, 20, 25), new BoxAnnotation(1, 22, 8, 37, 14));
        DetectionTransform t = DetectionTransforms.compose(
                DetectionTransforms.train(20, 40, 80, Normalize.imagenet()),
                new RandomRescale(0.5, 1.5), new RandomBoxCrop(24, 24));
        int kept = 0;
        for (long seed = 0; seed < 40; seed++) {
            DetectionSample a = t.apply(s, new SplittableRandom(seed));
            assertEquals(a, t.apply(s, new SplittableRandom(seed)), "reproducible");
            // two nearest resizes: up to half a pixel each, the first scaled by at most 1.5
            assertMasksOnBoxes(a, 1.25);
            kept += a.boxes().size();
        }
        assertTrue(kept > 40, "most objects survive: " + kept);
    }

    @Test
    void samplesRefuseMasksThatDoNotFit() {
        BoxAnnotation b = new BoxAnnotation(0, 1, 1, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DetectionSample(image(6, 8), List.of(b, b),
                        List.of(InstanceMask.empty(6, 8))));
        assertTrue(e.getMessage().contains("1 masks for 2 boxes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DetectionSample(image(6, 8),
                List.of(b), List.of(InstanceMask.empty(8, 6))));
        assertTrue(e.getMessage().contains("mask 0 is 8x6 but the image is 6x8"), e.getMessage());
        DetectionSample s = sample(6, 8, b);
        assertTrue(s.hasMasks());
        assertFalse(new DetectionSample(image(6, 8), List.of(b)).hasMasks());
        // the four-argument with() keeps the masks, so a step that resizes through it is caught
        assertEquals(s.masks(), s.with(image(6, 8), s.boxes(), 1, 1).masks());
        assertThrows(IllegalArgumentException.class,
                () -> s.with(image(3, 4), List.of(new BoxAnnotation(0, 0, 0, 2, 2)), 0.5, 0.5));
    }
}
