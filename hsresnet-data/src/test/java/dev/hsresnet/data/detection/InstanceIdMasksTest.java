package dev.hsresnet.data.detection;

import static dev.hsresnet.data.detection.DetectionFixtures.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.mask.InstanceMask;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instance-id mask PNGs on the hand-written Penn-Fudan fixture (40 x 30, object 1 = box [2, 12]
 * x [3, 30], object 2 = box [19, 40] x [0, 29]): reading, the pairing with the boxes, and every
 * policy case.
 */
class InstanceIdMasksTest {

    @TempDir
    Path dir;

    /** Writes an 8-bit grayscale PNG of ids: {@code rects[k] = {value, x1, y1, x2, y2}}. */
    static Path idPng(Path file, int w, int h, int[]... rects) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        paint(img.getRaster(), rects);
        assertTrue(ImageIO.write(img, "png", file.toFile()));
        return file;
    }

    private static void paint(WritableRaster r, int[]... rects) {
        for (int[] q : rects) {
            for (int y = q[2]; y < q[4]; y++) {
                for (int x = q[1]; x < q[3]; x++) {
                    r.setSample(x, y, 0, q[0]);
                }
            }
        }
    }

    private static final int[] OBJECT_1 = {1, 2, 3, 12, 30};
    private static final int[] OBJECT_2 = {2, 19, 0, 40, 29};

    /** The fixture with its image; the mask is written by each test. */
    private Path fixture() throws IOException {
        DetectionFixtures.resource("pennfudan/Annotation/TestPed00001.txt",
                dir.resolve("Annotation/TestPed00001.txt"));
        DetectionFixtures.image(dir.resolve("PNGImages/TestPed00001.png"), 40, 30);
        return dir;
    }

    private Path mask() {
        return dir.resolve("PedMasks/TestPed00001_mask.png");
    }

    private DetectionDataset open(AnnotationPolicy policy) {
        return InstanceIdMasks.attach(PennFudanReader.read(dir, policy), policy);
    }

    @Test
    void eachBoxGetsThePixelsOfItsValue() throws IOException {
        fixture();
        idPng(mask(), 40, 30, OBJECT_1, OBJECT_2);
        DetectionDataset ds = open(AnnotationPolicy.STRICT);
        assertTrue(ds.hasInstanceMasks());
        assertEquals(List.of(1, 2), ds.annotations(0).maskValues());
        DetectionSample s = ds.load(0);
        assertEquals(2, s.masks().size());
        assertEquals(InstanceMask.rectangle(30, 40, 2, 3, 12, 30), s.masks().get(0));
        assertEquals(InstanceMask.rectangle(30, 40, 19, 0, 40, 29), s.masks().get(1));
        assertArrayEquals(new int[] {2, 3, 12, 30}, s.masks().get(0).bounds(), "= box 0");
        assertEquals(ds.annotations(0).boxes(), s.boxes());
        assertEquals(new AnnotationReport(1, 2, 0, 0, 0, List.of()), ds.report());
        assertFalse(PennFudanReader.read(dir, AnnotationPolicy.STRICT).hasInstanceMasks(),
                "the detection reader decodes no mask");
        assertTrue(ds.subset("s", new int[] {0}).hasInstanceMasks());
        assertTrue(ds.renamed("r").toString().contains("instance masks"));
        DetectionDataset viaSets = DetectionSets.open("pennfudan-instances", dir, "all");
        assertEquals("pennfudan-instances all", viaSets.name());
        assertEquals(s, viaSets.load(0));
    }

    @Test
    void theMasksAloneAreThoseOfTheLoadedSample() throws IOException {
        fixture();
        idPng(mask(), 40, 30, OBJECT_1, OBJECT_2);
        DetectionDataset ds = open(AnnotationPolicy.STRICT);
        assertEquals(ds.load(0).masks(), ds.masks(0));
        DetectionDataset boxesOnly = PennFudanReader.read(dir, AnnotationPolicy.STRICT);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> boxesOnly.masks(0));
        assertTrue(e.getMessage().contains("has no instance masks"), e.getMessage());
    }

    @Test
    void paletteMasksAreReadByIndexNotColour() throws IOException {
        fixture();
        // palette: index 1 is bright red, index 2 dark grey; the ids are the indices
        byte[] r = {0, (byte) 255, 40};
        byte[] g = {0, 0, 40};
        byte[] b = {0, 0, 40};
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(2, 3, r, g, b));
        paint(img.getRaster(), OBJECT_1, OBJECT_2);
        Files.createDirectories(mask().getParent());
        assertTrue(ImageIO.write(img, "png", mask().toFile()));
        DetectionSample s = open(AnnotationPolicy.STRICT).load(0);
        assertEquals(InstanceMask.rectangle(30, 40, 19, 0, 40, 29), s.masks().get(1));
    }

    @Test
    void aBoxWithoutPixelsIsRefusedOrDropped() throws IOException {
        fixture();
        idPng(mask(), 40, 30, OBJECT_1);
        refused(mask(), () -> open(AnnotationPolicy.STRICT), "box 1", "mask value 2",
                "has no pixel of value 2", "TestPed00001.txt");
        DetectionDataset lenient = open(AnnotationPolicy.LENIENT);
        assertEquals(1, lenient.boxCount());
        assertEquals(List.of(1), lenient.annotations(0).maskValues());
        assertEquals(1, lenient.report().dropped().size());
        assertTrue(lenient.report().dropped().get(0).contains("box left out"),
                lenient.report().dropped().get(0));
        DetectionSample s = lenient.load(0);
        assertEquals(List.of(InstanceMask.rectangle(30, 40, 2, 3, 12, 30)), s.masks());
    }

    @Test
    void aValueWithoutBoxIsRefusedOrListed() throws IOException {
        fixture();
        idPng(mask(), 40, 30, OBJECT_1, OBJECT_2, new int[] {3, 14, 10, 17, 20});
        refused(mask(), () -> open(AnnotationPolicy.STRICT), "mask value 3 (30 px) has no box",
                "[1, 2]");
        DetectionDataset lenient = open(AnnotationPolicy.LENIENT);
        assertEquals(2, lenient.boxCount(), "both objects stay");
        assertTrue(lenient.report().dropped().get(0).contains("belong to no instance"));
        DetectionSample s = lenient.load(0);
        assertEquals(InstanceMask.rectangle(30, 40, 2, 3, 12, 30), s.masks().get(0),
                "value 3 is in no mask");
    }

    @Test
    void aBoxDroppedByTheReaderKeepsTheOthersValues() throws IOException {
        fixture();
        idPng(mask(), 40, 30, OBJECT_1, OBJECT_2);
        Path f = dir.resolve("Annotation/TestPed00001.txt");
        String text = Files.readString(f, StandardCharsets.ISO_8859_1);
        DetectionFixtures.text(f, text.replace("(3, 4) - (12, 30)", "(3, 4) - (12, 60)"));
        DetectionDataset lenient = open(AnnotationPolicy.LENIENT);
        assertEquals(List.of(2), lenient.annotations(0).maskValues(), "object 2 keeps value 2");
        assertEquals(2, lenient.report().dropped().size(), "the box, then its orphaned value");
        assertTrue(lenient.report().dropped().get(1).contains("mask value 1"));
        assertEquals(List.of(InstanceMask.rectangle(30, 40, 19, 0, 40, 29)),
                lenient.load(0).masks());
    }

    @Test
    void unusableMaskFilesAreRefusedOrTheirImageDropped() throws IOException {
        fixture();
        // a second image, TestPed00002, with a good mask
        Path a1 = dir.resolve("Annotation/TestPed00001.txt");
        String text = Files.readString(a1, StandardCharsets.ISO_8859_1);
        DetectionFixtures.text(dir.resolve("Annotation/TestPed00002.txt"),
                text.replace("TestPed00001", "TestPed00002"));
        DetectionFixtures.image(dir.resolve("PNGImages/TestPed00002.png"), 40, 30);
        idPng(dir.resolve("PedMasks/TestPed00002_mask.png"), 40, 30, OBJECT_1, OBJECT_2);

        refused(mask(), () -> open(AnnotationPolicy.STRICT), "does not exist",
                "TestPed00001.txt");
        DetectionDataset lenient = open(AnnotationPolicy.LENIENT);
        assertEquals(1, lenient.size());
        assertEquals(dir.resolve("PNGImages/TestPed00002.png"), lenient.image(0));
        assertEquals(1, lenient.report().dropped().size());

        idPng(mask(), 20, 30, OBJECT_1);
        refused(mask(), () -> open(AnnotationPolicy.STRICT), "is 20x30 (width x height)",
                "declares 40x30");
        Files.writeString(mask(), "not a png");
        refused(mask(), () -> open(AnnotationPolicy.STRICT), "cannot use the instance mask");
        BufferedImage rgb = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        assertTrue(ImageIO.write(rgb, "png", mask().toFile()));
        refused(mask(), () -> open(AnnotationPolicy.STRICT), "3 channels");
        assertEquals(1, open(AnnotationPolicy.LENIENT).size());
    }

    @Test
    void aMaskChangedAfterOpeningFailsAtLoadTime() throws IOException {
        fixture();
        idPng(mask(), 40, 30, OBJECT_1, OBJECT_2);
        DetectionDataset ds = open(AnnotationPolicy.STRICT);
        idPng(mask(), 40, 20);
        IOException e = assertThrows(IOException.class, () -> ds.load(0));
        assertTrue(e.getMessage().contains("is 40x20") && e.getMessage().contains(mask().toString()),
                e.getMessage());
        idPng(mask(), 40, 30, OBJECT_1, OBJECT_2);
        ImageGuard tiny = new ImageGuard(100, ImageGuard.DEFAULT_MAX_ASPECT_RATIO,
                ImageGuard.DEFAULT_MAX_RESIZE_PIXELS);
        assertThrows(IOException.class, () -> InstanceIdMasks.read(ds.annotations(0), tiny),
                "the guard applies to masks too");
    }

    @Test
    void datasetsWithoutMaskFilesAreRefused() throws IOException {
        Path img = DetectionFixtures.image(dir.resolve("a.png"), 8, 6);
        DetectionDataset plain = DetectionDataset.of("plain", List.of(new ImageAnnotations(img, 8,
                6, List.of(new BoxAnnotation(0, 1, 1, 3, 3)), List.of(), dir.resolve("a.csv"),
                null)), List.of("x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InstanceIdMasks.attach(plain, AnnotationPolicy.LENIENT));
        assertTrue(e.getMessage().contains("names no instance mask file"), e.getMessage());
        assertEquals(List.of(), plain.annotations(0).maskValues());
    }

    @Test
    void maskValuesAreOnePerBoxDistinctAndPositive() {
        Path img = dir.resolve("a.png");
        Path m = dir.resolve("a_mask.png");
        List<BoxAnnotation> two = List.of(new BoxAnnotation(0, 1, 1, 3, 3),
                new BoxAnnotation(0, 2, 2, 4, 4));
        assertEquals(List.of(1, 2), new ImageAnnotations(img, 8, 6, two, List.of(), img, m)
                .maskValues(), "object k is value k by default");
        assertThrows(IllegalArgumentException.class,
                () -> new ImageAnnotations(img, 8, 6, two, List.of(), img, m, List.of(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageAnnotations(img, 8, 6, two, List.of(), img, m, List.of(2, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageAnnotations(img, 8, 6, two, List.of(), img, m, List.of(0, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageAnnotations(img, 8, 6, two, List.of(), img, null, List.of(1, 2)));
    }
}
