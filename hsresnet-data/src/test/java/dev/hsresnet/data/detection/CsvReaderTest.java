package dev.hsresnet.data.detection;

import static dev.hsresnet.data.detection.DetectionFixtures.assertBox;
import static dev.hsresnet.data.detection.DetectionFixtures.image;
import static dev.hsresnet.data.detection.DetectionFixtures.refused;
import static dev.hsresnet.data.detection.DetectionFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raccoon-style CSV: grouping, quoting, negatives, and the refusals. */
class CsvReaderTest {

    @TempDir
    Path dir;

    private Path images() throws IOException {
        image(dir.resolve("images/a.png"), 40, 30);
        image(dir.resolve("images/b.png"), 30, 20);
        image(dir.resolve("images/negative.png"), 16, 16);
        return dir.resolve("images");
    }

    @Test
    void fixtureFileFollowsTheConventions() throws IOException {
        Path csv = DetectionFixtures.resource("csv/labels.csv", dir.resolve("labels.csv"));
        DetectionDataset ds = CsvReader.read(csv, images(), null, AnnotationPolicy.STRICT);
        assertEquals(List.of("car", "dog"), ds.classes());
        assertEquals(3, ds.size());
        assertEquals(dir.resolve("images/a.png"), ds.image(0), "sorted by file name");
        ImageAnnotations a = ds.annotations(0);
        assertEquals(2, a.boxes().size(), "rows of one file form one image, quoted or not");
        assertBox(a.boxes().get(0), 1, 10, 5, 20, 25); // 1-based inclusive 11..20 -> [10, 20]
        assertBox(a.boxes().get(1), 1, 0, 0, 5, 5);
        assertBox(ds.annotations(1).boxes().get(0), 0, 0, 0, 30, 20);
        assertTrue(ds.annotations(2).isNegative());
        assertEquals(16, ds.annotations(2).width());
    }

    private Path csv(String body) throws IOException {
        return text(dir.resolve("bad.csv"), body);
    }

    private void read(Path csv, List<String> classes) throws IOException {
        CsvReader.read(csv, images(), classes, AnnotationPolicy.STRICT);
    }

    @Test
    void badFilesAreRefusedNamingLineColumnAndValue() throws IOException {
        String h = "filename,width,height,class,xmin,ymin,xmax,ymax\n";
        Path a = csv("filename,width,class,xmin,ymin,xmax,ymax\n");
        refused(a, () -> read(a, null), "line 1", "lacks the column height");
        Path b = csv(h + "a.png,40,30,dog,1,1,5\n");
        refused(b, () -> read(b, null), "line 2", "7 fields", "has 8");
        Path c = csv(h + "a.png,40,30,dog,1,1,5,5\na.png,41,30,dog,2,2,6,6\n");
        refused(c, () -> read(c, null), "line 3", "41x30", "40x30 on line 2");
        Path d = csv(h + "a.png,40,30,dog,1,one,5,5\n");
        refused(d, () -> read(d, null), "line 2", "column ymin", "\"one\"");
        Path e = csv(h + "a.png,forty,30,dog,1,1,5,5\n");
        refused(e, () -> read(e, null), "line 2", "column width", "\"forty\"");
        Path f = csv(h + "a.png,40,30,cat,1,1,5,5\n");
        refused(f, () -> read(f, List.of("dog")), "line 2", "unknown class name \"cat\"");
        Path g = csv(h + "a.png,40,30,,1,1,5,5\n");
        refused(g, () -> read(g, null), "line 2", "class is empty");
        Path i = csv(h + "a.png,40,30,dog,1,1,45,5\n");
        refused(i, () -> read(i, null), "line 2", "more than 2 px outside", "xmax=45");
        Path j = csv(h + "missing.png,40,30,dog,1,1,5,5\n");
        refused(j, () -> read(j, null), "missing.png", "does not exist");
        Path k = csv(h);
        refused(k, () -> read(k, null), "no rows");
        Path l = csv(h + "\"a.png,40,30,dog,1,1,5,5\n");
        refused(l, () -> read(l, null), "line 2", "unterminated");
        Path m = csv(h + "/etc/a.png,40,30,dog,1,1,5,5\n");
        refused(m, () -> read(m, null), "line 2", "relative path");
    }
}
