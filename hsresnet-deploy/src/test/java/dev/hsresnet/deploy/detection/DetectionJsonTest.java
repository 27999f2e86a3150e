package dev.hsresnet.deploy.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.vision.detection.DetectedBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DetectionJson}: the fields, an exact round trip, and clear errors on bad input. */
class DetectionJsonTest {

    private static final List<String> CLASSES = List.of("red", "green", "blue");

    @TempDir
    Path tmp;

    /** Random float32 boxes inside a 641 x 479 image, best first. */
    private static DetectionResult random(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<DetectedBox> boxes = new ArrayList<>();
        float score = 1;
        for (int i = 0; i < 40; i++) {
            score *= (float) rng.nextDouble(0.8, 1);
            float x1 = (float) rng.nextDouble(0, 600);
            float y1 = (float) rng.nextDouble(0, 400);
            boxes.add(new DetectedBox(rng.nextInt(3), score, x1, y1,
                    Math.min(641, x1 + (float) rng.nextDouble(0.001, 200)),
                    Math.min(479, y1 + (float) rng.nextDouble(0.001, 200))));
        }
        return new DetectionResult("m", 641, 479, boxes, CLASSES);
    }

    @Test
    void theJsonHoldsLabelIndexScoreAndPixelBoxesAndReadsBackExactly() throws IOException {
        DetectionResult r = new DetectionResult("fcos", 64, 48, List.of(
                new DetectedBox(2, 0.75f, 1.5f, 2f, 30.25f, 48f)), CLASSES);
        JsonNode o = new ObjectMapper().readTree(DetectionJson.toText(r));
        assertEquals("fcos", o.get("model").asText());
        assertEquals(64, o.get("width").asInt());
        assertEquals(48, o.get("height").asInt());
        JsonNode d = o.get("detections").get(0);
        assertEquals("blue", d.get("label").asText());
        assertEquals(2, d.get("classIndex").asInt());
        assertEquals(0.75, d.get("score").asDouble());
        assertEquals(1.5, d.get("box").get("x1").asDouble());
        assertEquals(30.25, d.get("box").get("x2").asDouble());
        assertEquals(48.0, d.get("box").get("y2").asDouble());

        for (long seed = 0; seed < 20; seed++) {
            DetectionResult many = random(seed);
            assertEquals(many, DetectionJson.parse(DetectionJson.toText(many), CLASSES, "text"));
        }
        Path file = tmp.resolve("out/a.json");
        DetectionJson.write(random(3), file);
        assertEquals(random(3), DetectionJson.parse(Files.readString(file), CLASSES,
                file.toString()));
        try (var left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no temporary file is left behind");
        }
    }

    @Test
    void badJsonIsRefusedNamingTheDetectionAndTheField() {
        String ok = "{\"model\": \"m\", \"width\": 10, \"height\": 10, \"detections\": [%s]}";
        String box = "\"box\": {\"x1\": 1, \"y1\": 1, \"x2\": 5, \"y2\": 5}";
        assertError(String.format(ok, "{\"label\": \"green\", \"classIndex\": 0, "
                + "\"score\": 0.5, " + box + "}"),
                "answer: detections[0].label 'green' is not the name of class 0 ('red')");
        assertError(String.format(ok, "{\"label\": \"red\", \"classIndex\": 3, "
                + "\"score\": 0.5, " + box + "}"),
                "answer: detections[0].classIndex 3 is not one of the 3 classes");
        assertError(String.format(ok, "{\"label\": \"red\", \"classIndex\": 0, "
                + "\"score\": 0.5, \"box\": {\"x1\": 1, \"y1\": 1, \"x2\": 5}}"),
                "answer: detections[0].box: 'y2' must be a finite number, got null");
        assertError(String.format(ok, "{\"label\": \"red\", \"classIndex\": 0, "
                + "\"score\": 0.5, \"box\": {\"x1\": 1, \"y1\": 1, \"x2\": 11, \"y2\": 5}}"),
                "answer: box 0 [1.0, 1.0, 11.0, 5.0] must have x2 > x1, y2 > y1 and lie inside "
                + "the 10x10 image");
        assertError(String.format(ok, "{\"label\": \"red\", \"classIndex\": 0, "
                + "\"score\": 1.5, " + box + "}"), "answer: box 0: score 1.5 is not in [0, 1]");
        assertError("{\"model\": \"m\", \"width\": 10.5, \"height\": 10, \"detections\": []}",
                "answer: 'width' must be an integer, got 10.5");
        assertError("[1, 2]", "answer is not a JSON object");
        assertError("{", "answer is not JSON");
    }

    private static void assertError(String json, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DetectionJson.parse(json, CLASSES, "answer"));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
