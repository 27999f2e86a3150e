package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.testing.HostilePngs;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image guard on headers, in the transforms, and in the loader. */
class ImageGuardTest {

    @TempDir Path tmp;

    @Test
    void stripsAreRefusedFromTheirHeaderNamingFileSizeAndLimit() throws IOException {
        Path tall = HostilePngs.black(tmp.resolve("tall.png"), 1, 20_000_000);
        Path wide = HostilePngs.black(tmp.resolve("wide.png"), 20_000_000, 1);
        assertTrue(Files.size(tall) < 64 * 1024, "a small file: " + Files.size(tall));
        for (Path p : List.of(tall, wide)) {
            ImageAspectRatioException e = assertThrows(ImageAspectRatioException.class,
                    () -> ImageDecoder.decode(p, 3));
            assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("20000000:1"), e.getMessage());
            assertTrue(e.getMessage().contains("limit of 100:1"), e.getMessage());
        }
    }

    @Test
    void theHeaderIsCheckedBeforeAnyPixelIsDecoded() throws IOException {
        // a strip header followed by no pixel data: decoding it would fail as truncated
        byte[] headerOnly = HostilePngs.headerOnly(1, 20_000_000);
        assertThrows(ImageAspectRatioException.class,
                () -> ImageDecoder.readImage(headerOnly, "request body", ImageGuard.DEFAULT, 0));
        ImageTooLargeException big = assertThrows(ImageTooLargeException.class,
                () -> ImageDecoder.readImage(HostilePngs.headerOnly(30_000, 30_000),
                        "request body", ImageGuard.DEFAULT, 0));
        assertTrue(big.getMessage().contains("30000x30000"), big.getMessage());
    }

    @Test
    void aResizeOverTheBudgetIsRefusedFromTheHeader() throws IOException {
        byte[] png = HostilePngs.black(20, 2000); // aspect 100: legal
        assertEquals(2000, ImageDecoder.readImage(png, "x", ImageGuard.DEFAULT, 32).getHeight());
        ImageGuard small = ImageGuard.DEFAULT.withMaxResizePixels(100_000);
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
                () -> ImageDecoder.readImage(png, "uploaded file 'p.png'", small, 32));
        assertTrue(e.getMessage().contains("uploaded file 'p.png' is 20x2000"), e.getMessage());
        assertTrue(e.getMessage().contains("32x3200 = 102400 pixels, more than the resize limit "
                + "of 100000"), e.getMessage());
    }

    @Test
    void ordinaryPhotosPanoramasAndCifarPass() throws IOException {
        for (int[] wh : new int[][] {{32, 32}, {640, 480}, {1000, 50}, {50, 1000}}) {
            Path p = tmp.resolve(wh[0] + "x" + wh[1] + ".png");
            ImageIO.write(new BufferedImage(wh[0], wh[1], BufferedImage.TYPE_INT_RGB), "png",
                    p.toFile());
            Image img = ImageDecoder.decode(p, 3);
            Image out = new ResizeShortCenterCrop(36, 32).apply(img, new SplittableRandom(0));
            assertEquals("Image[3x32x32]", out.toString());
        }
    }

    @Test
    void decodedStripsAreRefusedByTheResizeBeforeAllocating() {
        Image strip = Image.zeros(3, 1, 100_000);
        ImageBudgetException e = assertThrows(ImageBudgetException.class,
                () -> new ResizeShortCenterCrop(32, 32).apply(strip, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("100000x1 image to 3200000x32"), e.getMessage());
        assertTrue(e.getMessage().contains("limit of " + ImageGuard.DEFAULT_MAX_RESIZE_PIXELS),
                e.getMessage());
        ImageBudgetException array = assertThrows(ImageBudgetException.class,
                () -> Bilinear.resize(strip, 100_000, 100_000));
        assertTrue(array.getMessage().contains("3x100000x100000"), array.getMessage());
        assertThrows(ImageBudgetException.class, () -> Crops.crop(strip, 0, 0, 50_000, 50_000));
    }

    @Test
    void limitsAreValidatedAndResizeArithmeticIsLong() {
        assertThrows(IllegalArgumentException.class, () -> new ImageGuard(0, 100, 1));
        assertThrows(IllegalArgumentException.class, () -> new ImageGuard(1, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new ImageGuard(1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new ImageGuard(1, 100, 0));
        assertArrayEquals(new long[] {640_000_000L, 32},
                ImageGuard.resizeShort(20_000_000, 1, 32));
        assertArrayEquals(new long[] {32, 42}, ImageGuard.resizeShort(480, 640, 32));
    }

    @Test
    void aTransformRefusalIsASkippedSampleAndADeadClassIsNamed() {
        Set<Integer> failing = Set.of(1, 4, 7, 10);
        SyntheticDataset ds = new SyntheticDataset(12, 3, failing, 0); // class1: 1, 4, 7, 10
        DataLoader ok = new DataLoader(new SyntheticDataset(12), null, 2, false, false, 0, 0, 0,
                null);
        ok.requireLoadableClasses("training set");
        assertEquals(0, ok.skippedImages().count());

        DataLoader loader = new DataLoader(ds, null, 2, false, false, 0, 0, 0, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loader.requireLoadableClasses("training set"));
        assertTrue(e.getMessage().startsWith("class 'class1' (4 images) of the training set has "
                + "no readable image"), e.getMessage());
        assertArrayEquals(new int[] {1, 4, 7, 10}, loader.skippedImages().indices());

        Transform refuseIndexZero = (img, rng) -> {
            if (img.get(0, 0, 0) == 0) {
                throw new ImageBudgetException("too large");
            }
            return img;
        };
        DataLoader refusing = new DataLoader(new SyntheticDataset(12), refuseIndexZero, 4, false,
                false, 0, 0, 0, null);
        List<Batch> batches = Batches.collect(refusing, 0, 0);
        assertEquals(11, batches.stream().mapToInt(Batch::n).sum());
        assertEquals(1, refusing.skippedImages().count());
        assertTrue(refusing.skippedImages().entries().get(0).message()
                .contains("synthetic #0: too large"));
    }
}
