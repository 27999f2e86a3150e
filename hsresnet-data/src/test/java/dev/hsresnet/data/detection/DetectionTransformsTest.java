package dev.hsresnet.data.detection;

import static dev.hsresnet.data.detection.DetectionFixtures.assertBox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.Resize;
import dev.hsresnet.data.segmentation.LabelMask;
import dev.hsresnet.data.segmentation.PhotometricJitter;
import dev.hsresnet.data.segmentation.SegmentationSample;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Box coordinates after resize, rescale, crop and flip, computed by hand. */
class DetectionTransformsTest {

    /** A {@code 3 x h x w} image whose value at (c, y, x) is {@code c * 10000 + y * 100 + x}. */
    private static Image coded(int h, int w) {
        float[] v = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    v[(c * h + y) * w + x] = c * 10000 + y * 100 + x;
                }
            }
        }
        return new Image(3, h, w, v);
    }

    private static DetectionSample sample(int h, int w, BoxAnnotation... boxes) {
        return new DetectionSample(coded(h, w), List.of(boxes));
    }

    @Test
    void resizeKeepsTheAspectAndScalesTheBoxes() {
        DetectionSample s = sample(30, 40, new BoxAnnotation(1, 0, 1, 20, 30));
        // short side 30 -> 15: f = 0.5, 15 x 20
        DetectionSample half = new ResizeKeepAspect(15, 100).apply(s, new SplittableRandom(1));
        assertEquals(15, half.height());
        assertEquals(20, half.width());
        assertBox(half.boxes().get(0), 1, 0, 0.5f, 10, 15);
        assertEquals(0.5, half.scaleX());
        assertEquals(0.5, half.scaleY());
        // short side 60 would make the long side 80 > 60: f = min(2, 1.5) = 1.5, 45 x 60
        DetectionSample capped = new ResizeKeepAspect(60, 60).apply(s, new SplittableRandom(1));
        assertEquals(45, capped.height());
        assertEquals(60, capped.width());
        assertBox(capped.boxes().get(0), 1, 0, 1.5f, 30, 45);
        // the raccoon-1 size: 417 x 650 to short side 800: 800 x round(650 * 800 / 417 =
        // 1247.002) = 1247; boxes use 1247 / 650 and 800 / 417
        DetectionSample r = sample(417, 650, new BoxAnnotation(0, 80, 87, 650, 417));
        DetectionSample big = new ResizeKeepAspect(800, 1333).apply(r, new SplittableRandom(1));
        assertEquals(800, big.height());
        assertEquals(1247, big.width());
        assertEquals(1247.0 / 650, big.scaleX(), 1e-15);
        assertEquals(800.0 / 417, big.scaleY(), 1e-15);
        assertBox(big.boxes().get(0), 0, (float) (80 * 1247.0 / 650), (float) (87 * 800.0 / 417),
                1247, 800);
        assertEquals(List.of(800L, 1247L), List.of(ResizeKeepAspect.outputSize(417, 650, 800,
                1333)[0], ResizeKeepAspect.outputSize(417, 650, 800, 1333)[1]));
        assertSame(s, new ResizeKeepAspect(30, 40).apply(s, new SplittableRandom(1)));
    }

    @Test
    void randomShortSideCoversItsRangeReproducibly() {
        DetectionSample s = sample(20, 30, new BoxAnnotation(0, 3, 3, 9, 9));
        ResizeKeepAspect t = new ResizeKeepAspect(10, 14, 1000);
        Set<Integer> shorts = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            DetectionSample out = t.apply(s, new SplittableRandom(seed));
            shorts.add(out.height());
            assertEquals(out, t.apply(s, new SplittableRandom(seed)));
        }
        assertEquals(Set.of(10, 11, 12, 13, 14), shorts);
        assertThrows(IllegalArgumentException.class, () -> new ResizeKeepAspect(10, 9, 100));
        assertThrows(IllegalArgumentException.class, () -> new ResizeKeepAspect(10, 20, 15));
        ResizeKeepAspect refused = new ResizeKeepAspect(1000, 1000, 100_000,
                new ImageGuard(ImageGuard.DEFAULT_MAX_PIXELS, 100, 1000));
        assertThrows(ImageBudgetException.class, () -> refused.apply(s, new SplittableRandom(0)));
    }

    @Test
    void randomRescaleMultipliesTheScale() {
        DetectionSample s = sample(10, 20, new BoxAnnotation(2, 1, 2, 5, 10));
        DetectionSample twice = DetectionTransforms.compose(new ResizeKeepAspect(5, 100),
                new RandomRescale(3, 3)).apply(s, new SplittableRandom(4));
        // 10 x 20 -> 5 x 10 (f 0.5) -> 15 x 30 (f 3): total 1.5
        assertEquals(15, twice.height());
        assertEquals(30, twice.width());
        assertEquals(1.5, twice.scaleX());
        assertBox(twice.boxes().get(0), 2, 1.5f, 3, 7.5f, 15);
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
    void cropClipsShiftsAndDropsBoxes() {
        DetectionSample s = sample(40, 40,
                new BoxAnnotation(0, 12, 12, 18, 18), // inside: (2, 2, 8, 8)
                new BoxAnnotation(1, 25, 25, 40, 40), // keeps 25 of 225 px: < 0.25, dropped
                new BoxAnnotation(2, 0, 0, 5, 5), // outside the window: dropped
                new BoxAnnotation(0, 29, 12, 35, 20), // 1 px wide inside: < 2 px, dropped
                new BoxAnnotation(1, 5, 15, 15, 25), // keeps half: (0, 5, 5, 15)
                new BoxAnnotation(2, 20, 0, 30, 40)); // keeps half: (10, 0, 20, 20)
        long seed = seedFor(21, 10, 10); // window rows and columns [10, 30)
        DetectionSample out = new RandomBoxCrop(20, 20).apply(s, new SplittableRandom(seed));
        assertEquals(20, out.height());
        assertEquals(20, out.width());
        assertEquals(3, out.boxes().size(), out.boxes().toString());
        assertBox(out.boxes().get(0), 0, 2, 2, 8, 8);
        assertBox(out.boxes().get(1), 1, 0, 5, 5, 15);
        assertBox(out.boxes().get(2), 2, 10, 0, 20, 20);
        assertEquals(1 * 10000 + 10 * 100 + 10, out.image().get(1, 0, 0), "pixel (10, 10)");
        assertEquals(1.0, out.scaleX());
        // with no area threshold and no side threshold the sliver and the corner stay
        DetectionSample loose = new RandomBoxCrop(20, 20, 0, 0).apply(s, new SplittableRandom(seed));
        assertEquals(5, loose.boxes().size(), "only the box outside the window goes");
    }

    @Test
    void cropPadsSmallImagesAtTheBottomRight() {
        DetectionSample s = sample(8, 10, new BoxAnnotation(0, 1, 1, 10, 8));
        DetectionSample out = new RandomBoxCrop(16, 16).apply(s, new SplittableRandom(3));
        assertEquals(16, out.height());
        assertEquals(16, out.width());
        assertEquals(s.boxes(), out.boxes());
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                float want = y < 8 && x < 10 ? s.image().get(2, y, x) : 0;
                assertEquals(want, out.image().get(2, y, x), "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void flipMirrorsPixelsAndBoxes() {
        DetectionSample s = sample(5, 20, new BoxAnnotation(0, 2, 3, 8, 5),
                new BoxAnnotation(1, 0, 0, 20, 1));
        DetectionSample out = new HorizontalBoxFlip(1).apply(s, new SplittableRandom(0));
        assertBox(out.boxes().get(0), 0, 12, 3, 18, 5);
        assertBox(out.boxes().get(1), 1, 0, 0, 20, 1);
        assertEquals(s.image().get(0, 2, 19), out.image().get(0, 2, 0));
        assertEquals(s.image().get(0, 2, 3), out.image().get(0, 2, 16));
        assertSame(s, new HorizontalBoxFlip(0).apply(s, new SplittableRandom(0)));
    }

    @Test
    void imageStepsKeepTheBoxesAndRefuseResizes() {
        DetectionSample s = new DetectionSample(scaled(coded(6, 8)),
                List.of(new BoxAnnotation(0, 1, 1, 4, 4)), 2, 3);
        DetectionSample n = new ImageStep(Normalize.imagenet()).apply(s, new SplittableRandom(0));
        assertEquals(s.boxes(), n.boxes());
        assertEquals(2, n.scaleX());
        assertEquals(3, n.scaleY());
        assertEquals((s.image().get(0, 1, 1) - 0.485f) / 0.229f, n.image().get(0, 1, 1), 1e-6);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ImageStep(new Resize(3, 3)).apply(s, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("misplace the boxes"), e.getMessage());

        PhotometricJitter jitter = new PhotometricJitter(0.4, 0.4, 0.4);
        DetectionSample j = new ImageStep(jitter).apply(s, new SplittableRandom(9));
        SegmentationSample seg = jitter.apply(new SegmentationSample(s.image(),
                new LabelMask(6, 8, new int[48])), new SplittableRandom(9));
        assertEquals(seg.image(), j.image(), "the same jitter as segmentation's");
        assertNotEquals(s.image(), j.image());
        assertEquals(s.boxes(), j.boxes());
    }

    private static Image scaled(Image img) {
        float[] v = img.pixels().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = (v[i] % 997) / 997f;
        }
        return new Image(img.channels(), img.height(), img.width(), v);
    }

    @Test
    void theTrainingRecipeIsReproduciblePerSeedAndKeepsBoxesInside() {
        DetectionSample s = new DetectionSample(scaled(coded(30, 40)), List.of(
                new BoxAnnotation(0, 0, 0, 40, 30), new BoxAnnotation(1, 10, 5, 20, 25)));
        DetectionTransform t = DetectionTransforms.compose(
                DetectionTransforms.train(20, 40, 80, Normalize.imagenet()),
                new RandomRescale(0.5, 1.5), new RandomBoxCrop(24, 24));
        Set<List<BoxAnnotation>> distinct = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            DetectionSample a = t.apply(s, new SplittableRandom(seed));
            assertEquals(a, t.apply(s, new SplittableRandom(seed)));
            distinct.add(a.boxes());
        }
        assertTrue(distinct.size() > 10, "different seeds give different boxes");
    }

    @Test
    void valueTypesRefuseBadBoxes() {
        assertThrows(IllegalArgumentException.class, () -> new BoxAnnotation(0, 5, 0, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> new BoxAnnotation(0, 5, 1, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> new BoxAnnotation(-1, 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new BoxAnnotation(0, 0, 0, Float.NaN, 1));
        BoxAnnotation b = new BoxAnnotation(0, 1, 2, 4, 6);
        assertEquals(3, b.width());
        assertEquals(4, b.height());
        assertEquals(12, b.area());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sample(5, 3, b));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new DetectionSample(coded(10, 10), List.of(), 0, 1));
    }
}
