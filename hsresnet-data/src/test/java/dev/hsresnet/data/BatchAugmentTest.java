package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchAugmentTest {

    private static final int CLASSES = 5;

    /** 4 samples of 2x4x6, sample i filled with 10 (i + 1) (channel 1: negated); labels 0..3. */
    private static Batch batch() {
        int per = 2 * 4 * 6;
        float[] images = new float[4 * per];
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < per; k++) {
                images[i * per + k] = (k < per / 2 ? 1 : -1) * 10f * (i + 1);
            }
        }
        return new Batch(images, 4, 2, 4, 6, new int[] {0, 1, 2, 3}, null);
    }

    private static void assertRowsSumToOne(Batch b) {
        for (int i = 0; i < b.n(); i++) {
            double sum = 0;
            for (int k = 0; k < b.classes(); k++) {
                float t = b.targets()[i * b.classes() + k];
                assertTrue(t >= 0, "negative target");
                sum += t;
            }
            assertEquals(1.0, sum, 1e-5, "row " + i);
        }
    }

    @Test
    void labelSmoothingOnly() {
        BatchAugment aug = BatchAugment.builder(CLASSES).labelSmoothing(0.1).build();
        Batch in = batch();
        Batch out = aug.apply(in, new SplittableRandom(1));
        assertArrayEquals(in.images(), out.images(), "images untouched");
        assertArrayEquals(in.labels(), out.labels());
        assertNull(in.targets(), "input not modified");
        assertEquals(CLASSES, out.classes());
        assertRowsSumToOne(out);
        assertEquals(0.9f + 0.02f, out.targets()[2 * CLASSES + 2], 1e-6);
        assertEquals(0.02f, out.targets()[2 * CLASSES + 4], 1e-6);
        Batch hard = BatchAugment.builder(CLASSES).build().apply(in, new SplittableRandom(1));
        assertEquals(1f, hard.targets()[3 * CLASSES + 3]);
        assertEquals(0f, hard.targets()[3 * CLASSES + 0]);
    }

    @Test
    void mixupBlendsWithTheReversedBatchAndTargetsFollowLambda() {
        BatchAugment aug = BatchAugment.builder(CLASSES).mixup(1.0).build();
        double lambdaSum = 0;
        int trials = 400;
        for (int s = 0; s < trials; s++) {
            Batch in = batch();
            BatchAugment.Result r = aug.applyDetailed(in, new SplittableRandom(s));
            Batch out = r.batch();
            double lam = r.lambda();
            assertFalse(r.cutmix());
            assertTrue(lam >= 0 && lam <= 1);
            lambdaSum += lam;
            assertRowsSumToOne(out);
            int per = in.sampleSize();
            for (int i = 0; i < 4; i++) {
                int j = 3 - i;
                assertEquals(lam * in.images()[i * per] + (1 - lam) * in.images()[j * per],
                        out.images()[i * per], 1e-4);
                assertEquals(lam * in.images()[i * per + per - 1]
                        + (1 - lam) * in.images()[j * per + per - 1], out.images()[i * per + per - 1], 1e-4);
                assertEquals(lam, out.targets()[i * CLASSES + i], 1e-6);
                assertEquals(1 - lam, out.targets()[i * CLASSES + j], 1e-6);
            }
        }
        assertEquals(0.5, lambdaSum / trials, 0.05, "Beta(1, 1) lambda mean");
    }

    @Test
    void cutmixPastesOneBoxAndAreaCorrectsLambda() {
        BatchAugment aug = BatchAugment.builder(CLASSES).cutmix(1.0).labelSmoothing(0.1).build();
        int mixedBatches = 0;
        for (int s = 0; s < 200; s++) {
            Batch in = batch();
            BatchAugment.Result r = aug.applyDetailed(in, new SplittableRandom(s));
            assertTrue(r.cutmix());
            Batch out = r.batch();
            assertRowsSumToOne(out);
            int per = in.sampleSize();
            for (int i = 0; i < 4; i++) {
                int j = 3 - i;
                int fromPartner = 0;
                for (int k = 0; k < per; k++) {
                    float v = out.images()[i * per + k];
                    if (v == in.images()[j * per + k] && v != in.images()[i * per + k]) {
                        fromPartner++;
                    } else {
                        assertEquals(in.images()[i * per + k], v, "pixel from neither sample");
                    }
                }
                double partnerShare = fromPartner / (double) per;
                assertEquals(1 - r.lambda(), partnerShare, 1e-9, "box area = 1 - lambda");
                // smoothed targets: lambda * (0.9 + 0.02) + (1 - lambda) * 0.02 on the own class
                assertEquals(0.02 + 0.9 * r.lambda(), out.targets()[i * CLASSES + i], 1e-5);
            }
            if (r.lambda() < 1) {
                mixedBatches++;
                int[] box = r.box();
                assertTrue(box[0] >= 0 && box[2] <= 4 && box[1] >= 0 && box[3] <= 6);
            }
        }
        assertTrue(mixedBatches > 50, "cutmix pasted a box in " + mixedBatches + " of 200");
    }

    @Test
    void mixProbAndSwitchProbChooseTheMethod() {
        Batch in = batch();
        BatchAugment off = BatchAugment.builder(CLASSES).mixup(1).cutmix(1).mixProb(0).build();
        BatchAugment allCut = BatchAugment.builder(CLASSES).mixup(1).cutmix(1).switchProb(1).build();
        BatchAugment noCut = BatchAugment.builder(CLASSES).mixup(1).cutmix(1).switchProb(0).build();
        BatchAugment both = BatchAugment.builder(CLASSES).mixup(1).cutmix(1).mixProb(0.5).build();
        int cut = 0;
        int mixed = 0;
        for (int s = 0; s < 400; s++) {
            BatchAugment.Result r = off.applyDetailed(in, new SplittableRandom(s));
            assertEquals(1.0, r.lambda());
            assertArrayEquals(in.images(), r.batch().images());
            assertTrue(allCut.applyDetailed(in, new SplittableRandom(s)).cutmix());
            assertFalse(noCut.applyDetailed(in, new SplittableRandom(s)).cutmix());
            BatchAugment.Result b = both.applyDetailed(in, new SplittableRandom(s));
            cut += b.cutmix() ? 1 : 0;
            mixed += b.lambda() < 1 ? 1 : 0;
        }
        assertTrue(mixed > 150 && mixed < 250, "mixed " + mixed + " of 400 at mixProb 0.5");
        assertTrue(cut > 60 && cut < 140, "cutmix " + cut + " of 400 (0.5 * 0.5)");
    }

    @Test
    void rejectsBadSettingsAndLabels() {
        assertThrows(IllegalArgumentException.class, () -> BatchAugment.builder(1));
        assertThrows(IllegalArgumentException.class,
                () -> BatchAugment.builder(3).labelSmoothing(1.0));
        assertThrows(IllegalArgumentException.class, () -> BatchAugment.builder(3).mixup(-1));
        assertThrows(IllegalArgumentException.class, () -> BatchAugment.builder(3).mixProb(2));
        assertThrows(IllegalArgumentException.class,
                () -> BatchAugment.builder(3).build().apply(batch(), new SplittableRandom(1)));
    }
}
