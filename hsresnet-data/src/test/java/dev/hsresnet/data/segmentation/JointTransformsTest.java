package dev.hsresnet.data.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.Bilinear;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.Resize;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JointTransformsTest {

    /** 2 channels x 3 x 4, values 1000 c + 100 y + x + 1; mask 10 y + x. */
    private static SegmentationSample sample() {
        return new SegmentationSample(Fixtures.coded(2, 3, 4), Fixtures.codedMask(3, 4));
    }

    private static void assertUnchanged(SegmentationSample before, SegmentationSample s) {
        assertEquals(before.image(), s.image());
        assertEquals(before.mask(), s.mask());
    }

    @Test
    void flipReversesTheRowsOfImageAndMask() {
        SegmentationSample in = sample();
        SegmentationSample out = new JointHorizontalFlip(1.0).apply(in, new SplittableRandom(1));
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(10 * y + (3 - x), out.mask().get(y, x));
                for (int c = 0; c < 2; c++) {
                    assertEquals(1000 * c + 100 * y + (3 - x) + 1, out.image().get(c, y, x));
                }
            }
        }
        assertUnchanged(sample(), in);
        assertSame(in, new JointHorizontalFlip(0.0).apply(in, new SplittableRandom(1)));
        // exactly one draw either way
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        new JointHorizontalFlip(0.5).apply(in, a);
        b.nextDouble();
        assertEquals(b.nextLong(), a.nextLong());
        assertThrows(IllegalArgumentException.class, () -> new JointHorizontalFlip(1.5));
    }

    @Test
    void cropWithPaddingFillsImageZeroAndMaskIgnore() {
        SegmentationSample in = sample(); // 3 x 4
        SegmentationSample out = new RandomCrop(5, 6, 99).apply(in, new SplittableRandom(3));
        assertEquals(5, out.height());
        assertEquals(6, out.width());
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 6; x++) {
                boolean inside = y < 3 && x < 4;
                assertEquals(inside ? 10 * y + x : 99, out.mask().get(y, x));
                for (int c = 0; c < 2; c++) {
                    assertEquals(inside ? 1000 * c + 100 * y + x + 1 : 0f, out.image().get(c, y, x));
                }
            }
        }
        assertUnchanged(sample(), in);
    }

    @Test
    void cropPadsOnlyTheShortSideAndKeepsImageAndMaskAligned() {
        SegmentationSample in = sample(); // 3 x 4
        RandomCrop crop = new RandomCrop(4, 2, 99); // taller than the sample, narrower
        Set<Integer> lefts = new HashSet<>();
        for (int seed = 0; seed < 200; seed++) {
            SegmentationSample out = crop.apply(in, new SplittableRandom(seed));
            int left = out.mask().get(0, 0) % 10;
            lefts.add(left);
            for (int x = 0; x < 2; x++) {
                assertEquals(99, out.mask().get(3, x)); // padded bottom row
                assertEquals(0f, out.image().get(1, 3, x));
                for (int y = 0; y < 3; y++) {
                    assertEquals(10 * y + left + x, out.mask().get(y, x));
                    assertEquals(1000 + 100 * y + left + x + 1, out.image().get(1, y, x));
                }
            }
        }
        assertEquals(Set.of(0, 1, 2), lefts);
    }

    @Test
    void scaleByTwoDuplicatesLabelsAndResizesTheImageBilinearly() {
        SegmentationSample in = sample();
        SegmentationSample out = new RandomScale(2, 2).apply(in, new SplittableRandom(0));
        assertEquals(Bilinear.resize(in.image(), 6, 8), out.image());
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(10 * (y / 2) + x / 2, out.mask().get(y, x));
            }
        }
        assertUnchanged(sample(), in);
    }

    @Test
    void scaleByOneAndAHalfUsesCentredNearestNeighbours() {
        SegmentationSample in = new SegmentationSample(
                Image.zeros(1, 1, 4), new LabelMask(1, 4, new int[] {0, 1, 2, 3}));
        SegmentationSample out = new RandomScale(1.5, 1.5).apply(in, new SplittableRandom(0));
        assertEquals(2, out.height()); // round(1.5) = 2
        assertArrayEquals(new int[] {0, 1, 1, 2, 3, 3, 0, 1, 1, 2, 3, 3}, out.mask().labels());
    }

    @Test
    void randomScaleKeepsLabelsFromTheInputAndSizesInRange() {
        LabelMask mask = new LabelMask(5, 7, new int[35]);
        int[] l = mask.labels();
        for (int i = 0; i < l.length; i++) {
            l[i] = (i * 7) % 5 * 3; // labels 0, 3, 6, 9, 12
        }
        SegmentationSample in = new SegmentationSample(Fixtures.coded(3, 5, 7), mask);
        RandomScale scale = new RandomScale(0.3, 2.5);
        Set<String> sizes = new HashSet<>();
        for (int seed = 0; seed < 100; seed++) {
            SegmentationSample out = scale.apply(in, new SplittableRandom(seed));
            double f = 0.3 + 2.2 * new SplittableRandom(seed).nextDouble();
            assertEquals(Math.max(1, Math.round(5 * f)), out.height());
            assertEquals(Math.max(1, Math.round(7 * f)), out.width());
            for (int v : out.mask().labels()) {
                assertTrue(v % 3 == 0 && v <= 12, "label " + v);
            }
            sizes.add(out.height() + "x" + out.width());
        }
        assertTrue(sizes.size() > 5, sizes.toString());
        assertThrows(IllegalArgumentException.class, () -> new RandomScale(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomScale(2, 1));
    }

    @Test
    void jitterLeavesTheMaskAndClampsTheImage() {
        float[] px = new float[3 * 4 * 5];
        SplittableRandom fill = new SplittableRandom(9);
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) fill.nextDouble();
        }
        SegmentationSample in = new SegmentationSample(new Image(3, 4, 5, px), Fixtures.codedMask(4, 5));
        float[] copy = px.clone();
        PhotometricJitter jitter = new PhotometricJitter(0.9, 0.9, 0.9);
        boolean changed = false;
        for (int seed = 0; seed < 50; seed++) {
            SegmentationSample out = jitter.apply(in, new SplittableRandom(seed));
            assertSame(in.mask(), out.mask());
            for (float v : out.image().pixels()) {
                assertTrue(v >= 0 && v <= 1, "value " + v);
            }
            changed |= !out.image().equals(in.image());
        }
        assertTrue(changed);
        assertArrayEquals(copy, px);
    }

    @Test
    void jitterFactorsFollowTheFormulas() {
        SegmentationSample in = new SegmentationSample(
                new Image(1, 1, 4, new float[] {0.1f, 0.2f, 0.4f, 0.9f}), LabelMask.filled(1, 4, 0));
        long seed = 12;
        double u = new SplittableRandom(seed).nextDouble();
        float fb = (float) (1 - 0.5 + 2 * 0.5 * u);
        float[] b = new PhotometricJitter(0.5, 0, 0).apply(in, new SplittableRandom(seed))
                .image().pixels();
        float[] c = new PhotometricJitter(0, 0.5, 0).apply(in, new SplittableRandom(seed))
                .image().pixels();
        SplittableRandom r = new SplittableRandom(seed);
        r.nextDouble();
        float fc = (float) (1 - 0.5 + 2 * 0.5 * r.nextDouble());
        float mean = 0.4f;
        float[] v = in.image().pixels();
        for (int i = 0; i < 4; i++) {
            assertEquals(clamp(v[i] * fb), b[i], 1e-6f);
            assertEquals(clamp(fc * v[i] + (1 - fc) * mean), c[i], 1e-6f);
        }
        // saturation blends with the pixel's luma: a gray pixel stays, a red one moves
        SegmentationSample rgb = new SegmentationSample(
                new Image(3, 1, 2, new float[] {0.5f, 0.8f, 0.5f, 0, 0.5f, 0}), LabelMask.filled(1, 2, 0));
        SplittableRandom s = new SplittableRandom(seed);
        s.nextDouble();
        s.nextDouble();
        float fs = (float) (1 - 0.5 + 2 * 0.5 * s.nextDouble());
        Image sat = new PhotometricJitter(0, 0, 0.5).apply(rgb, new SplittableRandom(seed)).image();
        float luma = 0.299f * 0.8f;
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(0.5f, sat.get(ch, 0, 0), 1e-6f);
        }
        assertEquals(clamp(fs * 0.8f + (1 - fs) * luma), sat.get(0, 0, 1), 1e-6f);
        assertEquals(clamp((1 - fs) * luma), sat.get(1, 0, 1), 1e-6f);
        assertTrue(sat.get(1, 0, 1) > 0, "seed 12 lowers saturation: green rises above 0");
        assertTrue(c[0] == 0f, "seed 12 raises contrast: the darkest pixel is clamped at 0");
        assertThrows(IllegalArgumentException.class, () -> new PhotometricJitter(1.1, 0, 0));
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    @Test
    void imageOnlyAppliesSizePreservingTransformsAndRefusesResizes() {
        float[] px = {0.5f, 0.25f, 1f, 0f, 0.5f, 0.5f};
        SegmentationSample in = new SegmentationSample(new Image(3, 1, 2, px), LabelMask.filled(1, 2, 4));
        Normalize norm = new Normalize(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.5f, 0.5f});
        SegmentationSample out = new ImageOnly(norm).apply(in, new SplittableRandom(0));
        assertArrayEquals(new float[] {0f, -1f, 1f, -1f, 0f, 0f}, out.image().pixels(), 1e-6f);
        assertSame(in.mask(), out.mask());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ImageOnly(new Resize(2, 2)).apply(in, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("1x2") && e.getMessage().contains("2x2"), e.getMessage());
    }

    @Test
    void composeIsDeterministicPerSeed() {
        SegmentationSample in = new SegmentationSample(
                Fixtures.coded(3, 9, 11), Fixtures.codedMask(9, 11));
        JointTransform t = JointTransforms.compose(new RandomScale(0.5, 2.0), new RandomCrop(8, 8, 255),
                new JointHorizontalFlip(), new ImageOnly((img, rng) -> img));
        Set<String> distinct = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            SegmentationSample a = t.apply(in, new SplittableRandom(seed));
            SegmentationSample b = t.apply(in, new SplittableRandom(seed));
            assertEquals(a.image(), b.image());
            assertEquals(a.mask(), b.mask());
            assertEquals(8, a.height());
            distinct.add(java.util.Arrays.toString(a.mask().labels()));
        }
        assertTrue(distinct.size() > 10, "only " + distinct.size() + " distinct outputs");
        assertUnchanged(new SegmentationSample(Fixtures.coded(3, 9, 11), Fixtures.codedMask(9, 11)), in);
        SegmentationSample twice = JointTransforms.compose(new JointHorizontalFlip(1), new JointHorizontalFlip(1))
                .apply(in, new SplittableRandom(0));
        assertUnchanged(in, twice);
        assertNotEquals(in.mask(), new JointHorizontalFlip(1).apply(in, new SplittableRandom(0)).mask());
    }
}
