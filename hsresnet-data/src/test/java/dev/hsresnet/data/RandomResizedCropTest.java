package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomResizedCropTest {

    @Test
    void outputSizeIsFixed() {
        RandomResizedCrop rrc = new RandomResizedCrop(24);
        for (int s = 0; s < 50; s++) {
            Image out = rrc.apply(Images.coded(3, 40, 60), new SplittableRandom(s));
            assertEquals(3, out.channels());
            assertEquals(24, out.height());
            assertEquals(24, out.width());
        }
    }

    @Test
    void boxesRespectScaleRatioAndBounds() {
        RandomResizedCrop rrc = new RandomResizedCrop(32, 0.2, 0.5, 3.0 / 4.0, 4.0 / 3.0);
        double minScale = 1;
        double maxScale = 0;
        for (int s = 0; s < 2000; s++) {
            int[] box = rrc.sampleBox(100, 100, new SplittableRandom(s));
            int top = box[0];
            int left = box[1];
            int h = box[2];
            int w = box[3];
            assertTrue(top >= 0 && left >= 0 && top + h <= 100 && left + w <= 100);
            double scale = h * w / 10000.0;
            // rounding each side to an integer moves the area by at most about one row and column
            assertTrue(scale >= 0.2 - 0.02 && scale <= 0.5 + 0.02, "scale " + scale);
            double ratio = (double) w / h;
            assertTrue(ratio >= 0.75 - 0.03 && ratio <= 4.0 / 3.0 + 0.03, "ratio " + ratio);
            minScale = Math.min(minScale, scale);
            maxScale = Math.max(maxScale, scale);
        }
        assertTrue(minScale < 0.22 && maxScale > 0.48, "scale range used: " + minScale + ".."
                + maxScale);
    }

    @Test
    void impossibleScaleFallsBackToCentreCrop() {
        RandomResizedCrop impossible = new RandomResizedCrop(8, 2.0, 3.0, 3.0 / 4.0, 4.0 / 3.0);
        // square: the whole image
        assertArrayEquals(new int[] {0, 0, 50, 50},
                impossible.sampleBox(50, 50, new SplittableRandom(1)));
        // too wide (ratio 10 > 4/3): full height, width round(10 * 4/3) = 13, centred
        assertArrayEquals(new int[] {0, 43, 10, 13},
                impossible.sampleBox(10, 100, new SplittableRandom(1)));
        // too tall (ratio 1/10 < 3/4): full width, height round(10 / 0.75) = 13, centred
        assertArrayEquals(new int[] {43, 0, 13, 10},
                impossible.sampleBox(100, 10, new SplittableRandom(1)));
    }

    @Test
    void fullScaleSquareCropOfSquareImageIsTheImage() {
        RandomResizedCrop full = new RandomResizedCrop(16, 1.0, 1.0, 1.0, 1.0);
        Image img = Images.coded(2, 16, 16);
        assertEquals(img, full.apply(img, new SplittableRandom(9)));
    }
}
