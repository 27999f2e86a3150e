package dev.hsresnet.vision.instance;

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
import dev.hsresnet.core.io.Safetensors;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance segmenter in a model directory: task and head in model.json, the weights file under
 * the PyTorch names, strict loading, the same outputs after a round trip.
 */
class InstanceModelDirTest {

    private static final List<String> CLASSES = List.of("person", "cyclist");

    @TempDir
    Path dir;

    @Test
    void savesAndLoadsWithTaskAndHeadAndTheSameOutputs() throws IOException {
        ModelConfig config = InstanceModels.config("yolact_hs_resnet26_nano", CLASSES);
        Path saved = dir.resolve("m");
        List<float[]> before;
        try (InstanceModel m = InstanceModel.create(config, 5)) {
            before = outputs(m);
            ModelDir.save(m, saved);
            Map<String, long[]> shapes = ModelTasks.get("instance").stateDictShapes(config);
            assertEquals(m.parameters().keySet(), shapes.keySet());
            assertArrayEquals(new long[] {16, 64, 1, 1}, shapes.get("mask_head.protonet.9.weight"));
            assertArrayEquals(new long[] {16, 64, 3, 3}, shapes.get("bbox_head.conv_coeff.weight"));
        }
        JsonNode json = SpecJson.mapper().readTree(saved.resolve(ModelDir.CONFIG_FILE).toFile());
        assertEquals("instance", json.get("task").asText());
        assertEquals(2, json.get("head").get("numClasses").asInt());
        assertEquals(16, json.get("head").get("prototypes").asInt());
        assertEquals(0.6, json.get("head").get("nmsIou").asDouble());
        assertTrue(!json.get("head").has("backbone"));
        // the weights file holds exactly the PyTorch state dict's names (no num_batches_tracked)
        List<String> names;
        try (Stream<Path> files = Files.list(saved)) {
            Path weights = files.filter(f -> f.toString().endsWith(".safetensors")).findFirst()
                    .orElseThrow();
            names = new ArrayList<>(Safetensors.read(weights).tensors().keySet());
        }
        assertTrue(names.contains("mask_head.protonet.7.bias"), names.toString());
        assertTrue(names.contains("bbox_head.conv_coeff.bias"), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("num_batches")));
        try (NetworkModel loaded = ModelDir.loadAny(saved, LoadOptions.DEFAULT)) {
            assertTrue(loaded instanceof InstanceModel);
            assertEquals(CLASSES, loaded.config().labels());
            assertEquals(config.head(), loaded.config().head());
            List<float[]> after = outputs((InstanceModel) loaded);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(before.get(i), after.get(i), "output " + i);
            }
        }
    }

    @Test
    void aBadHeadIsRefusedNamingTheField() throws IOException {
        Path saved = dir.resolve("m");
        try (InstanceModel m = InstanceModel.create(
                InstanceModels.config("yolact_resnet26_nano", CLASSES), 1)) {
            ModelDir.save(m, saved);
        }
        Path file = saved.resolve(ModelDir.CONFIG_FILE);
        ObjectNode json = (ObjectNode) SpecJson.mapper().readTree(Files.readString(file));
        ObjectNode head = (ObjectNode) json.get("head");
        head.put("prototypes", 0);
        write(file, json);
        IOException zero = assertThrows(IOException.class, () -> ModelDir.readConfig(saved));
        assertTrue(zero.getMessage().contains("head") && zero.getMessage().contains("prototypes")
                && zero.getMessage().contains("got 0"), zero.getMessage());
        head.put("prototypes", 8);
        write(file, json);
        Exception other = assertThrows(Exception.class,
                () -> ModelDir.loadAny(saved, LoadOptions.DEFAULT));
        assertTrue(other.getMessage().contains("mask_head.") || other.getMessage()
                .contains("bbox_head.conv_coeff"), other.getMessage());
        head.put("prototypes", 16).put("groups", 24);
        write(file, json);
        IOException groups = assertThrows(IOException.class, () -> ModelDir.readConfig(saved));
        assertTrue(groups.getMessage().contains("groups") && groups.getMessage().contains("24"),
                groups.getMessage());
    }

    private static void write(Path file, JsonNode json) throws IOException {
        Files.writeString(file, SpecJson.write(json), StandardCharsets.UTF_8);
    }

    private static List<float[]> outputs(InstanceModel m) {
        try (NDManager sub = m.manager().newSubManager()) {
            NDArray x = Nets.randomInput(sub, new Shape(1, 3, 64, 96), 11);
            NDList out = m.forward(x, false);
            List<float[]> values = new ArrayList<>();
            for (NDArray a : out) {
                values.add(a.toFloatArray());
            }
            return values;
        }
    }
}
