package dev.hsresnet.data.detection;

import static dev.hsresnet.data.detection.DetectionFixtures.assertBox;
import static dev.hsresnet.data.detection.DetectionFixtures.image;
import static dev.hsresnet.data.detection.DetectionFixtures.refused;
import static dev.hsresnet.data.detection.DetectionFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PASCAL Annotation v1.00 text (Penn-Fudan) on a hand-written file, and the refusals. */
class PennFudanReaderTest {

    @TempDir
    Path dir;

    private Path fixture() throws IOException {
        DetectionFixtures.resource("pennfudan/Annotation/TestPed00001.txt",
                dir.resolve("Annotation/TestPed00001.txt"));
        image(dir.resolve("PNGImages/TestPed00001.png"), 40, 30);
        return dir;
    }

    @Test
    void fixtureFileFollowsTheConventions() throws IOException {
        DetectionDataset ds = PennFudanReader.read(fixture(), AnnotationPolicy.STRICT);
        assertEquals(List.of("pedestrian"), ds.classes());
        ImageAnnotations a = ds.annotations(0);
        assertEquals(dir.resolve("PNGImages/TestPed00001.png"), a.image());
        assertEquals(40, a.width());
        assertEquals(30, a.height());
        assertBox(a.boxes().get(0), 0, 2, 3, 12, 30); // (3, 4) - (12, 30), 1-based inclusive
        assertBox(a.boxes().get(1), 0, 19, 0, 40, 29); // Standing maps to pedestrian too
        assertEquals(dir.resolve("PedMasks/TestPed00001_mask.png"), a.mask());
    }

    private Path variant(String from, String to) throws IOException {
        fixture();
        Path f = dir.resolve("Annotation/TestPed00001.txt");
        String s = Files.readString(f, StandardCharsets.ISO_8859_1);
        return text(f, s.replace(from, to));
    }

    @Test
    void badFilesAreRefusedNamingLineAndValue() throws IOException {
        Path f = variant("# Compatible with PASCAL Annotation Version 1.00", "hello");
        refused(f, () -> PennFudanReader.read(dir, AnnotationPolicy.STRICT), "not a PASCAL");
        f = variant("Objects with ground truth : 2", "Objects with ground truth : 3");
        refused(f, () -> PennFudanReader.read(dir, AnnotationPolicy.STRICT), "says 3",
                "2 bounding boxes");
        f = variant("for object 2 \"PASpersonStanding\" (Xmin", "for object 3 \"PASpersonStanding\""
                + " (Xmin");
        refused(f, () -> PennFudanReader.read(dir, AnnotationPolicy.STRICT), "line 16",
                "object 3 where object 2");
        f = variant("\"PASpersonStanding\" (Xmin", "\"PASbicycle\" (Xmin");
        refused(f, () -> PennFudanReader.read(dir, AnnotationPolicy.STRICT), "object 2",
                "unknown class name \"PASbicycle\"");
        f = variant(": (20, 1) - (40, 29)", ": (20, 1) - (4O, 29)");
        refused(f, () -> PennFudanReader.read(dir, AnnotationPolicy.STRICT), "line 16",
                "cannot read the bounding box");
        f = variant("40 x 30 x 3", "40 x 20 x 3");
        refused(f, () -> PennFudanReader.read(dir, AnnotationPolicy.STRICT), "object 1",
                "more than 2 px outside", "40x20");
        f = variant("Image size (X x Y x C) : 40 x 30 x 3\n", "");
        refused(f, () -> PennFudanReader.read(dir, AnnotationPolicy.STRICT), "Image size");
    }
}
