package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResizeAndNormalizeTest {

    @Test
    void resizeGivesTheRequestedShape() {
        Image out = new Resize(7, 3).apply(Images.constant(3, 20, 10, 0.5f), null);
        assertEquals(Images.constant(3, 7, 3, 0.5f), out);
        assertThrows(IllegalArgumentException.class, () -> new Resize(0, 3));
    }

    @Test
    void normalizeIsPerChannel() {
        float[] px = {0f, 1f, 0.5f, 0.25f};
        Image img = new Image(2, 1, 2, px);
        Image out = new Normalize(new float[] {0.5f, 0.25f}, new float[] {0.5f, 0.25f})
                .apply(img, null);
        assertEquals(-1f, out.pixels()[0], 1e-6);
        assertEquals(1f, out.pixels()[1], 1e-6);
        assertEquals(1f, out.pixels()[2], 1e-6);
        assertEquals(0f, out.pixels()[3], 1e-6);
        assertEquals(0.5f, img.pixels()[2], "input untouched");
        Image cifar = Normalize.cifar10().apply(Images.constant(3, 1, 1, 0.4914f), null);
        assertEquals(0f, cifar.pixels()[0], 1e-6);
        assertEquals((0.4914f - 0.4822f) / 0.2435f, cifar.pixels()[1], 1e-5);
        assertThrows(IllegalArgumentException.class, () -> Normalize.cifar10().apply(img, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Normalize(new float[] {0f}, new float[] {0f}));
        assertThrows(IllegalArgumentException.class,
                () -> new Normalize(new float[] {0f, 0f}, new float[] {1f}));
    }

    @Test
    void composeAppliesInOrderSharingTheGenerator() {
        Transform t = Transforms.compose(new PadRandomCrop(6, 2), new HorizontalFlip(),
                Normalize.fashionMnist());
        Image img = Images.coded(1, 6, 6);
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        Image manual = Normalize.fashionMnist().apply(
                new HorizontalFlip().apply(new PadRandomCrop(6, 2).apply(img, b), b), b);
        assertEquals(manual, t.apply(img, a));
        assertEquals(img, Transforms.identity().apply(img, a));
    }
}
