package dev.hsresnet.data.detection;

import static dev.hsresnet.data.detection.DetectionFixtures.image;
import static dev.hsresnet.data.detection.DetectionFixtures.refused;
import static dev.hsresnet.data.detection.DetectionFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.CocoInstanceFiles;
import dev.hsresnet.data.TestData;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.data.mask.Rle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COCO JSON read with every object's segmentation (kind {@code coco-instances}). */
class CocoInstancesTest {

    @TempDir
    Path dir;

    @Test
    void realPennFudanMasksComeBackUnchangedThroughCocoRle() throws IOException {
        DetectionDataset pf = DetectionSets.open("pennfudan-instances", TestData.pennFudan(),
                "test");
        Path root = dir.resolve("coco");
        CocoInstanceFiles.write(pf, root, "pf-test");
        DetectionDataset coco = DetectionSets.open("coco-instances", root, "pf-test");
        assertTrue(coco.hasInstanceMasks());
        assertEquals("coco-instances pf-test", coco.name());
        assertEquals(List.of("pedestrian"), coco.classes());
        assertEquals(50, coco.size());
        assertEquals(106, coco.boxCount());
        assertEquals(pf.boxCount(), coco.boxCount());
        assertEquals(pf.report(), coco.report());
        for (int i = 0; i < pf.size(); i++) {
            ImageAnnotations a = coco.annotations(i);
            assertEquals(pf.annotations(i).boxes(), a.boxes(), a.image().toString());
            assertEquals(a.boxes().size(), a.segments().size());
            assertEquals(pf.masks(i), coco.masks(i), a.image().toString());
        }
        DetectionSample s = coco.load(3);
        assertEquals(pf.load(3).masks(), s.masks(), "load() gives each box its mask");
        assertFalse(DetectionSets.open("coco", root, "pf-test").hasInstanceMasks(),
                "kind coco reads the boxes only");
    }

    private static final String HEAD = "{\"images\": [{\"id\": 1, \"file_name\": \"a.png\","
            + " \"width\": 20, \"height\": 10}], \"categories\": [{\"id\": 3, \"name\": \"dog\"}],"
            + " \"annotations\": [";

    private Path json(String... annotations) throws IOException {
        image(dir.resolve("images/a.png"), 20, 10);
        return text(dir.resolve("instances.json"), HEAD + String.join(", ", annotations) + "]}");
    }

    private static String ann(int id, String bbox, String rest) {
        return "{\"id\": " + id + ", \"image_id\": 1, \"category_id\": 3, \"bbox\": " + bbox
                + (rest.isEmpty() ? "" : ", " + rest) + "}";
    }

    private DetectionDataset read(Path json, AnnotationPolicy policy) {
        return CocoReader.readInstances(json, dir.resolve("images"), policy);
    }

    @Test
    void polygonsRleAndCrowdRegionsBecomeTheBoxesMasks() throws IOException {
        // a 10 x 5 rectangle polygon at (2, 3); the 20 x 10 image's first column (counts
        // 0 then 10: column-major) as uncompressed RLE; a crowd region with counts, one without
        Path json = json(
                ann(1, "[2, 3, 10, 5]", "\"segmentation\": [[2, 3, 12, 3, 12, 8, 2, 8]]"),
                ann(2, "[0, 0, 1, 10]", "\"segmentation\": {\"size\": [10, 20], \"counts\": [0,"
                        + " 10, 190]}"),
                ann(3, "[15, 0, 5, 10]", "\"iscrowd\": 1, \"segmentation\": {\"size\": [10, 20],"
                        + " \"counts\": [150, 50]}"),
                ann(4, "[0, 0, 4, 4]", "\"iscrowd\": 1"));
        DetectionDataset ds = read(json, AnnotationPolicy.STRICT);
        assertTrue(ds.hasInstanceMasks());
        List<InstanceMask> masks = ds.load(0).masks();
        assertEquals(2, masks.size());
        assertEquals(50, masks.get(0).area(), "the rectangle's 10 x 5 pixels");
        assertArrayEquals(new int[] {2, 3, 12, 8}, masks.get(0).bounds());
        assertEquals(10, masks.get(1).area());
        assertTrue(masks.get(1).get(9, 0) && !masks.get(1).get(0, 1), "column 0 only");
        ImageAnnotations a = ds.annotations(0);
        assertEquals(2, a.ignored().size());
        assertEquals(50, a.ignoredSegments().get(0).area(), "columns 15..19: the crowd's runs");
        assertEquals(Rle.fromBox(0, 0, 4, 4, 10, 20), a.ignoredSegments().get(1),
                "a crowd region without segmentation keeps its box");
    }

    @Test
    void badSegmentationsAreRefusedNamingTheAnnotationOrDroppedByPolicy() throws IOException {
        Path missing = json(ann(5, "[0, 0, 4, 4]", ""));
        refused(missing, () -> read(missing, AnnotationPolicy.STRICT), "annotations[0] (id 5)",
                "segmentation is missing", "bbox=[0,0,4,4]");
        DetectionDataset lenient = read(missing, AnnotationPolicy.LENIENT);
        assertTrue(lenient.annotations(0).isNegative());
        assertEquals(1, lenient.report().dropped().size());
        assertTrue(lenient.report().dropped().get(0).contains("segmentation is missing"),
                lenient.report().dropped().toString());

        Path nan = json(ann(6, "[0, 0, 4, 4]", "\"segmentation\": [[0, 0, 4, \"x\", 4, 4]]"));
        refused(nan, () -> read(nan, AnnotationPolicy.STRICT), "annotations[0] (id 6)",
                "segmentation[0][3] is not a number");
        Path size = json(ann(7, "[0, 0, 4, 4]", "\"segmentation\": {\"size\": [20, 10],"
                + " \"counts\": [200]}"));
        refused(size, () -> read(size, AnnotationPolicy.STRICT), "annotations[0] (id 7)",
                "segmentation.size is [20, 10]", "10x20");
        Path empty = json(ann(8, "[0, 0, 4, 4]", "\"segmentation\": {\"size\": [10, 20],"
                + " \"counts\": [200]}"));
        refused(empty, () -> read(empty, AnnotationPolicy.STRICT), "annotations[0] (id 8)",
                "covers no pixel");
        Path counts = json(ann(9, "[0, 0, 4, 4]", "\"segmentation\": {\"size\": [10, 20],"
                + " \"counts\": [100, 50]}"));
        refused(counts, () -> read(counts, AnnotationPolicy.STRICT), "annotations[0] (id 9)",
                "segmentation.counts");
        Path crowd = json(ann(10, "[0, 0, 4, 4]", "\"iscrowd\": 1, \"segmentation\": [[1, 2, null]]"));
        refused(crowd, () -> read(crowd, AnnotationPolicy.STRICT), "annotations[0] (id 10)",
                "segmentation[0][2] is not a number");
        assertFalse(CocoReader.read(missing, dir.resolve("images"), AnnotationPolicy.STRICT)
                .hasInstanceMasks(), "the box reader ignores segmentation");
    }
}
