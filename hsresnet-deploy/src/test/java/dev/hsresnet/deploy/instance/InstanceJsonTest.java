package dev.hsresnet.deploy.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.data.mask.Rle;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.instance.DetectedInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link InstanceJson}: the fields, masks as COCO RLE, an exact round trip, the errors. */
class InstanceJsonTest {

    private static final List<String> CLASSES = List.of("person", "bike");

    @TempDir
    Path tmp;

    /** A 3 x 4 mask whose set pixels are (0, 1), (1, 1), (2, 3): row-major 0100 0100 0001. */
    private static InstanceMask small() {
        return new InstanceMask(3, 4, new byte[] {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1});
    }

    @Test
    void writesTheDetectorsFieldsAndTheMaskAsCompressedRle() throws IOException {
        InstanceResult r = new InstanceResult("m", 4, 3, List.of(new DetectedInstance(
                new DetectedBox(1, 0.75f, 0.5f, 0f, 4f, 2.5f), small())), CLASSES);
        JsonNode o = new ObjectMapper().readTree(InstanceJson.toText(r));
        assertEquals("m", o.get("model").asText());
        assertEquals(4, o.get("width").asInt());
        assertEquals(3, o.get("height").asInt());
        JsonNode d = o.get("instances").get(0);
        assertEquals("bike", d.get("label").asText());
        assertEquals(1, d.get("classIndex").asInt());
        assertEquals(0.75, d.get("score").asDouble());
        assertEquals(0.5, d.get("box").get("x1").asDouble());
        assertEquals(2.5, d.get("box").get("y2").asDouble());
        assertEquals("[3,4]", d.get("mask").get("size").toString());
        // column-major runs: column 0 has 0 set (3 zeros), column 1 rows 0-1 set, then 5 zeros
        // (column 1 row 2, columns 2 and the first two rows of column 3), the last pixel set
        Rle expected = Rle.fromCounts(3, 4, 3, 2, 6, 1);
        assertEquals(expected.toCocoString(), d.get("mask").get("counts").asText());
        assertEquals(expected, InstanceJson.rle(small()));
    }

    @Test
    void randomResultsReadBackExactlyThroughTextAndAFile() throws IOException {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int w = 1 + rng.nextInt(40);
            int h = 1 + rng.nextInt(30);
            List<DetectedInstance> instances = new ArrayList<>();
            for (int i = 0, n = rng.nextInt(5); i < n; i++) {
                float x1 = rng.nextFloat() * (w - 0.5f);
                float y1 = rng.nextFloat() * (h - 0.5f);
                float x2 = x1 + (w - x1) * Math.max(1e-3f, rng.nextFloat());
                float y2 = y1 + (h - y1) * Math.max(1e-3f, rng.nextFloat());
                byte[] bits = new byte[w * h];
                double density = rng.nextDouble();
                for (int k = 0; k < bits.length; k++) {
                    bits[k] = (byte) (rng.nextDouble() < density ? 1 : 0);
                }
                instances.add(new DetectedInstance(new DetectedBox(rng.nextInt(2),
                        rng.nextFloat(), x1, y1, Math.min(w, x2), Math.min(h, y2)),
                        new InstanceMask(h, w, bits)));
            }
            InstanceResult r = new InstanceResult("yolact", w, h, instances, CLASSES);
            assertEquals(r, InstanceJson.parse(InstanceJson.toText(r), CLASSES, "text"));
            Path file = tmp.resolve("r" + trial + ".json");
            InstanceJson.write(r, file);
            assertEquals(r, InstanceJson.parse(Files.readString(file), CLASSES, "file"));
            for (int i = 0; i < r.count(); i++) {
                InstanceMask m = r.instances().get(i).mask();
                assertEquals(m, new InstanceMask(h, w, InstanceJson.rle(m).decode()));
            }
        }
        try (var files = Files.list(tmp)) {
            assertEquals(20, files.count(), "no temporary files left");
        }
    }

    @Test
    void badInputIsNamedWithItsSourceInstanceAndField() {
        String good = InstanceJson.toText(new InstanceResult("m", 4, 3, List.of(
                new DetectedInstance(new DetectedBox(0, 0.5f, 0, 0, 2, 2), small())), CLASSES));
        assertError(good.replace("\"instances\"", "\"detections\""),
                "answer: 'instances' must be an array");
        assertError(good.replace("\"person\"", "\"bike\""),
                "answer: instances[0].label 'bike' is not the name of class 0 ('person')");
        assertError(good.replace("\"size\" : [ 3, 4 ]", "\"size\" : [ 4, 3 ]"),
                "answer: instances[0].mask: ");
        assertError(good.replaceAll("\"counts\" : \"[^\"]*\"", "\"counts\" : \"x\""),
                "answer: instances[0].mask: ");
        assertError(good.replaceAll(",\\s*\"mask\" : \\{[^}]*}", ""),
                "answer: instances[0].mask must be an RLE object");
        assertError(good.replace("\"y2\" : 2.0", "\"y2\" : 7.0"), "answer: box 0 [");
        assertError("[1]", "answer is not a JSON object");
    }

    @Test
    void aMaskMustHaveTheImagesSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InstanceResult("m", 5, 3, List.of(new DetectedInstance(
                        new DetectedBox(0, 0.5f, 0, 0, 2, 2), small())), CLASSES));
        assertEquals("instance 0: mask of 4x3 for a 5x3 image (width x height)", e.getMessage());
    }

    private static void assertError(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InstanceJson.parse(json, CLASSES, "answer"));
        assertTrue(e.getMessage().startsWith(expected) || e.getMessage().contains(expected),
                e.getMessage());
    }
}
