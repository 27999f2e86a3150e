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

/** COCO JSON: ids, classes, crowd, bbox conversion, and the refusals. */
class CocoReaderTest {

    @TempDir
    Path dir;

    private Path images() throws IOException {
        image(dir.resolve("images/a.png"), 40, 30);
        image(dir.resolve("images/b.png"), 30, 20);
        image(dir.resolve("images/sub/c.png"), 16, 16);
        return dir.resolve("images");
    }

    @Test
    void fixtureFileFollowsTheConventions() throws IOException {
        Path json = DetectionFixtures.resource("coco/instances.json", dir.resolve("instances.json"));
        DetectionDataset ds = CocoReader.read(json, images(), AnnotationPolicy.STRICT);
        assertEquals(List.of("car", "dog"), ds.classes(), "class index = ascending category id");
        assertEquals(3, ds.size());
        assertEquals(dir.resolve("images/a.png"), ds.image(0), "ascending image id: 7, 9, 20");
        assertEquals(dir.resolve("images/sub/c.png"), ds.image(1));
        assertEquals(dir.resolve("images/b.png"), ds.image(2));
        ImageAnnotations a = ds.annotations(0);
        assertEquals(2, a.boxes().size());
        assertBox(a.boxes().get(0), 1, 2.5f, 3, 12.5f, 23.25f); // x, y, x + w, y + h
        assertBox(a.boxes().get(1), 0, 30, 10, 40, 15); // x2 40.5 clipped to 40
        assertEquals(1, a.ignored().size(), "iscrowd");
        assertBox(a.ignored().get(0), 0, 20, 0, 40, 30);
        assertTrue(ds.annotations(1).isNegative());
        assertBox(ds.annotations(2).boxes().get(0), 0, 0, 0, 30, 20);
        assertEquals(new AnnotationReport(3, 3, 1, 1, 1, List.of()), ds.report());
    }

    private static final String CATS = "\"categories\": [{\"id\": 1, \"name\": \"dog\"}]";
    private static final String IMGS = "\"images\": [{\"id\": 1, \"file_name\": \"a.png\","
            + " \"width\": 40, \"height\": 30}]";

    private Path json(String body) throws IOException {
        return text(dir.resolve("bad.json"), body);
    }

    private void read(Path json, AnnotationPolicy policy) throws IOException {
        CocoReader.read(json, images(), policy);
    }

    private String ann(String fields) {
        return "{" + IMGS + ", " + CATS + ", \"annotations\": [{\"id\": 5, " + fields + "}]}";
    }

    @Test
    void inconsistentFilesAreRefusedNamingElementFieldAndValue() throws IOException {
        AnnotationPolicy s = AnnotationPolicy.STRICT;
        Path j = json("[1, 2]");
        refused(j, () -> read(j, s), "top level is not a JSON object");
        Path k = json("{\"images\": [], " + CATS + "}");
        refused(k, () -> read(k, s), "no \"annotations\" array");
        Path l = json("{\"images\": [}");
        refused(l, () -> read(l, s), "not valid JSON", "line 1");
        Path m = json(ann("\"image_id\": 99, \"category_id\": 1, \"bbox\": [0, 0, 5, 5]"));
        refused(m, () -> read(m, s), "annotations[0] (id 5)", "image_id 99",
                "annotation without its image");
        Path n = json(ann("\"image_id\": 1, \"category_id\": 4, \"bbox\": [0, 0, 5, 5]"));
        refused(n, () -> read(n, s), "annotations[0] (id 5)", "category_id 4", "unknown class");
        Path o = json(ann("\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5]"));
        refused(o, () -> read(o, s), "bbox", "[0,0,5]");
        Path p = json(ann("\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, \"x\", 5, 5]"));
        refused(p, () -> read(p, s), "bbox[1]");
        Path q = json(ann("\"image_id\": \"1\", \"category_id\": 1, \"bbox\": [0, 0, 5, 5]"));
        refused(q, () -> read(q, s), "image_id must be an integer");
        Path r = json(ann("\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5, 5],"
                + " \"iscrowd\": 2"));
        refused(r, () -> read(r, s), "iscrowd", "2");
        Path t = json("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 40,"
                + " \"height\": 30}, {\"id\": 2, \"file_name\": \"a.png\", \"width\": 40,"
                + " \"height\": 30}], " + CATS + ", \"annotations\": []}");
        refused(t, () -> read(t, s), "images[1] (id 2)", "duplicate file name");
        Path u = json("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 0,"
                + " \"height\": 30}], " + CATS + ", \"annotations\": []}");
        refused(u, () -> read(u, s), "images[0] (id 1)", "width", "positive");
        Path v = json("{\"images\": [{\"id\": 1, \"file_name\": \"../a.png\", \"width\": 4,"
                + " \"height\": 3}], " + CATS + ", \"annotations\": []}");
        refused(v, () -> read(v, s), "file_name", "../a.png");
        Path w = json("{" + IMGS + ", \"categories\": [{\"id\": 1, \"name\": \"dog\"}, {\"id\": 1,"
                + " \"name\": \"cat\"}], \"annotations\": []}");
        refused(w, () -> read(w, s), "categories[1]", "listed twice");
    }

    @Test
    void zeroSizeBoxesAreRefusedOrDroppedByPolicy() throws IOException {
        Path j = json(ann("\"image_id\": 1, \"category_id\": 1, \"bbox\": [3, 4, 0, 5]"));
        refused(j, () -> read(j, AnnotationPolicy.STRICT), "annotations[0] (id 5)", "zero-area",
                "bbox=[3,4,0,5]");
        DetectionDataset ds = CocoReader.read(j, images(), AnnotationPolicy.LENIENT);
        assertTrue(ds.annotations(0).isNegative());
        assertEquals(1, ds.report().dropped().size());
        Path k = json(ann("\"image_id\": 1, \"category_id\": 1, \"bbox\": [3, 4, -2, 5]"));
        refused(k, () -> read(k, AnnotationPolicy.STRICT), "inverted");
    }
}
