package dev.hsresnet.vision.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ModelTasks;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.testing.Nets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A detection model in a model directory: task and head in model.json, strict loading. */
class DetectionModelDirTest {

    private static final List<String> CLASSES = List.of("person", "raccoon");

    @TempDir
    Path dir;

    @Test
    void savesAndLoadsWithTaskAndHeadAndTheSameOutputs() throws IOException {
        ModelConfig config = DetectionModels.config("fcos_hs_resnet26_nano", CLASSES);
        Path saved = dir.resolve("m");
        List<float[]> before;
        try (DetectionModel m = DetectionModel.create(config, 5)) {
            before = outputs(m);
            ModelDir.save(m, saved);
            Map<String, long[]> shapes = ModelTasks.get("detection").stateDictShapes(config);
            assertEquals(m.parameters().keySet(), shapes.keySet());
            assertArrayEquals(new long[0], shapes.get("bbox_head.scales.0.scale"));
        }
        JsonNode json = SpecJson.mapper().readTree(saved.resolve(ModelDir.CONFIG_FILE).toFile());
        assertEquals("detection", json.get("task").asText());
        assertEquals(2, json.get("head").get("numClasses").asInt());
        assertEquals(5, json.get("head").get("levels").asInt());
        assertEquals(0.6, json.get("head").get("nmsIou").asDouble());
        assertTrue(!json.get("head").has("backbone"));
        assertTrue(!Files.exists(saved.resolve(ModelDir.SERVING_PROPERTIES)),
                "DJL Serving's classifier factory is not written for a detection model");
        try (NetworkModel loaded = ModelDir.loadAny(saved, LoadOptions.DEFAULT)) {
            assertTrue(loaded instanceof DetectionModel);
            assertEquals(CLASSES, loaded.config().labels());
            assertEquals(2, loaded.config().numClasses());
            assertEquals(config.head(), loaded.config().head());
            List<float[]> after = outputs((DetectionModel) loaded);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(before.get(i), after.get(i), "output " + i);
            }
        }
        IOException notClassifier = assertThrows(IOException.class, () -> ModelDir.load(saved));
        assertTrue(notClassifier.getMessage().contains("'detection' model, not a classifier"),
                notClassifier.getMessage());
    }

    @Test
    void aBadHeadOrForeignWeightsAreRefusedNamingTheProblem() throws IOException {
        Path saved = dir.resolve("m");
        try (DetectionModel m = DetectionModel.create(
                DetectionModels.config("fcos_resnet26_nano", CLASSES), 1)) {
            ModelDir.save(m, saved);
        }
        Path file = saved.resolve(ModelDir.CONFIG_FILE);
        ObjectNode json = (ObjectNode) SpecJson.mapper().readTree(Files.readString(file));
        ObjectNode head = (ObjectNode) json.get("head");
        head.put("numClasses", 3);
        write(file, json);
        IOException labels = assertThrows(IOException.class, () -> ModelDir.readConfig(saved));
        assertTrue(labels.getMessage().contains("labels") && labels.getMessage().contains("3"),
                labels.getMessage());
        head.put("numClasses", 2).put("groups", 24);
        write(file, json);
        IOException groups = assertThrows(IOException.class, () -> ModelDir.readConfig(saved));
        assertTrue(groups.getMessage().contains("head") && groups.getMessage().contains("groups")
                && groups.getMessage().contains("24"), groups.getMessage());
        head.put("groups", 16).put("levels", 3);
        write(file, json);
        Exception levels = assertThrows(Exception.class,
                () -> ModelDir.loadAny(saved, LoadOptions.DEFAULT));
        assertTrue(levels.getMessage().contains("bbox_head.scales.3.scale")
                || levels.getMessage().contains("neck.fpn_convs.3"), levels.getMessage());
        head.put("levels", 5).put("neckChannels", 32);
        write(file, json);
        Exception neck = assertThrows(Exception.class,
                () -> ModelDir.loadAny(saved, LoadOptions.DEFAULT));
        assertTrue(neck.getMessage().contains("neck.") || neck.getMessage().contains("bbox_head."),
                neck.getMessage());
        head.remove("neckChannels");
        write(file, json);
        IOException missing = assertThrows(IOException.class, () -> ModelDir.readConfig(saved));
        assertTrue(missing.getMessage().contains("neckChannels"), missing.getMessage());
    }

    private static void write(Path file, JsonNode json) throws IOException {
        Files.writeString(file, SpecJson.write(json), StandardCharsets.UTF_8);
    }

    private static List<float[]> outputs(DetectionModel m) {
        try (NDManager sub = m.manager().newSubManager()) {
            NDArray x = Nets.randomInput(sub, new Shape(1, 3, 64, 96), 11);
            NDList out = m.forward(x, false);
            return List.of(out.get(0).toFloatArray(), out.get(1).toFloatArray(),
                    out.get(2).toFloatArray());
        }
    }
}
