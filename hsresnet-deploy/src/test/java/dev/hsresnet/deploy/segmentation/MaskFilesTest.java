package dev.hsresnet.deploy.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.data.segmentation.LabelMask;
import dev.hsresnet.data.segmentation.MaskDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MaskPng} and {@link SegmentationJson}: what the files hold, read back. */
class MaskFilesTest {

    @TempDir
    Path tmp;

    private static LabelMask random(int h, int w, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] labels = new int[h * w];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(classes);
        }
        labels[0] = classes - 1; // the largest index is present
        return new LabelMask(h, w, labels);
    }

    private static int bitsPerSample(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(1, img.getRaster().getNumBands());
        return img.getColorModel().getComponentSize(0);
    }

    @Test
    void anEightBitMaskRoundTripsThroughTheDatasetDecoder() throws IOException {
        LabelMask mask = random(45, 61, 11, 1);
        Path file = tmp.resolve("out/a-mask.png");
        MaskPng.write(mask, 11, file);
        assertEquals(mask, MaskDecoder.decode(file));
        assertEquals(8, bitsPerSample(Files.readAllBytes(file)));
        assertEquals(mask, MaskDecoder.decode(MaskPng.encode(mask, 11), "bytes",
                dev.hsresnet.data.ImageGuard.DEFAULT));
        assertEquals(8, MaskPng.bitDepth(256));
    }

    @Test
    void moreThan256ClassesNeedSixteenBits() throws IOException {
        LabelMask mask = random(20, 30, 1000, 2);
        byte[] png = MaskPng.encode(mask, 1000);
        assertEquals(16, bitsPerSample(png));
        assertEquals(16, MaskPng.bitDepth(257));
        assertEquals(mask, MaskDecoder.decode(png, "bytes", dev.hsresnet.data.ImageGuard.DEFAULT));
    }

    @Test
    void writesAreAtomicAndRefuseLabelsOutsideTheClasses() throws IOException {
        Path file = tmp.resolve("m.png");
        MaskPng.write(random(4, 5, 3, 3), 3, file);
        LabelMask second = random(6, 7, 3, 4);
        MaskPng.write(second, 3, file);
        assertEquals(second, MaskDecoder.decode(file));
        LabelMask bad = new LabelMask(2, 2, new int[] {0, 1, 3, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskPng.write(bad, 3, file));
        assertTrue(e.getMessage().contains("label 3 at pixel (1, 0)"), e.getMessage());
        assertEquals(second, MaskDecoder.decode(file), "the failed write left the file as it was");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
        }
        assertThrows(IllegalArgumentException.class, () -> MaskPng.bitDepth(0));
        assertThrows(IllegalArgumentException.class, () -> MaskPng.bitDepth(65537));
    }

    @Test
    void theJsonSummaryListsEveryClassWithItsArea() throws IOException {
        LabelMask mask = new LabelMask(2, 3, new int[] {2, 2, 0, 2, 0, 2});
        SegmentationResult r = SegmentationResult.of("m", mask, List.of("a", "b", "c"));
        Path file = tmp.resolve("a.json");
        SegmentationJson.write(r, file);
        JsonNode o = new ObjectMapper().readTree(file.toFile());
        assertEquals("m", o.get("model").asText());
        assertEquals(3, o.get("width").asInt());
        assertEquals(2, o.get("height").asInt());
        JsonNode classes = o.get("classes");
        assertEquals(3, classes.size());
        long[] pixels = {2, 0, 4};
        IntStream.range(0, 3).forEach(k -> {
            assertEquals(k, classes.get(k).get("index").asInt());
            assertEquals(List.of("a", "b", "c").get(k), classes.get(k).get("name").asText());
            assertEquals(pixels[k], classes.get(k).get("pixels").asLong());
            assertEquals(pixels[k] / 6.0, classes.get(k).get("fraction").asDouble(), 1e-12);
        });
        assertEquals(List.of("c", "a"), r.largest(5).stream()
                .map(SegmentationResult.ClassArea::name).toList());
        assertThrows(IllegalArgumentException.class,
                () -> SegmentationResult.of("m", mask, List.of("a", "b")));
    }
}
