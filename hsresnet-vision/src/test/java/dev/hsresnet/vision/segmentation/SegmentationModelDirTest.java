package dev.hsresnet.vision.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.spec.SpecJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A segmentation model in a model directory: task and head in model.json, strict loading. */
class SegmentationModelDirTest {

    private static final List<String> CLASSES = List.of("sky", "road", "car");

    @TempDir
    Path dir;

    @Test
    void savesAndLoadsWithTaskAndHeadAndTheSameOutputs() throws IOException {
        ModelConfig config = SegmentationModels.config("fpn_hs_resnet26_nano", CLASSES);
        Path saved = dir.resolve("m");
        float[] before;
        try (SegmentationModel m = SegmentationModel.create(config, 5)) {
            before = logits(m);
            ModelDir.save(m, saved);
        }
        JsonNode json = SpecJson.mapper().readTree(saved.resolve(ModelDir.CONFIG_FILE).toFile());
        assertEquals("segmentation", json.get("task").asText());
        assertEquals(3, json.get("head").get("numClasses").asInt());
        assertTrue(!json.get("head").has("backbone"));
        assertTrue(!Files.exists(saved.resolve(ModelDir.SERVING_PROPERTIES)),
                "DJL Serving's classifier factory is not written for a segmentation model");
        try (NetworkModel loaded = ModelDir.loadAny(saved, LoadOptions.DEFAULT)) {
            assertTrue(loaded instanceof SegmentationModel);
            assertEquals(CLASSES, loaded.config().labels());
            assertEquals(3, loaded.config().numClasses());
            assertArrayEquals(before, logits((SegmentationModel) loaded));
        }
        IOException notClassifier = assertThrows(IOException.class, () -> ModelDir.load(saved));
        assertTrue(notClassifier.getMessage().contains("'segmentation' model, not a classifier"),
                notClassifier.getMessage());
    }

    @Test
    void aBadHeadOrForeignWeightsAreRefusedNamingTheProblem() throws IOException {
        Path saved = dir.resolve("m");
        try (SegmentationModel m = SegmentationModel.create(
                SegmentationModels.config("fpn_resnet26_nano", CLASSES), 1)) {
            ModelDir.save(m, saved);
        }
        Path file = saved.resolve(ModelDir.CONFIG_FILE);
        String original = Files.readString(file);
        ObjectNode json = (ObjectNode) SpecJson.mapper().readTree(original);
        ((ObjectNode) json.get("head")).put("numClasses", 4);
        Files.writeString(file, SpecJson.write(json), StandardCharsets.UTF_8);
        IOException labels = assertThrows(IOException.class, () -> ModelDir.readConfig(saved));
        assertTrue(labels.getMessage().contains("labels") && labels.getMessage().contains("4"),
                labels.getMessage());
        ((ObjectNode) json.get("head")).put("numClasses", 3).put("neckChannels", 0);
        Files.writeString(file, SpecJson.write(json), StandardCharsets.UTF_8);
        IOException neck = assertThrows(IOException.class, () -> ModelDir.readConfig(saved));
        assertTrue(neck.getMessage().contains("head") && neck.getMessage().contains("neckChannels"),
                neck.getMessage());
        ((ObjectNode) json.get("head")).put("neckChannels", 32);
        Files.writeString(file, SpecJson.write(json), StandardCharsets.UTF_8);
        Exception shapes = assertThrows(Exception.class,
                () -> ModelDir.loadAny(saved, LoadOptions.DEFAULT));
        assertTrue(shapes.getMessage().contains("neck."), shapes.getMessage());
        json.put("task", "detection3d");
        Files.writeString(file, SpecJson.write(json), StandardCharsets.UTF_8);
        IOException task = assertThrows(IOException.class, () -> ModelDir.readConfig(saved));
        assertTrue(task.getMessage().contains("'detection3d' is not a known task (known: "
                + "classification, detection, instance, segmentation"), task.getMessage());
    }

    @Test
    void theBackboneStartsFromAClassifierCheckedByNameAndShape() throws IOException {
        Path classifier = dir.resolve("cls");
        Map<String, Tensor> trained;
        try (ResNetModel c = ResNetModel.create(ModelConfig.of("hs_resnet26_nano", 10, 3), 9)) {
            ModelDir.save(c, classifier);
            trained = c.stateDict();
        }
        ModelConfig config = SegmentationModels.config("fpn_hs_resnet26_nano", CLASSES);
        assertNull(ModelConfig.of("hs_resnet26_nano", 10, 3).task());
        try (SegmentationModel m = SegmentationModel.create(config, 2)) {
            Map<String, Tensor> head = m.stateDict();
            int copied = BackboneWeights.load(m, classifier);
            Map<String, Tensor> after = m.stateDict();
            assertEquals(trained.size() - 2, copied, "every tensor but fc.weight and fc.bias");
            assertEquals(trained.get("layer2.0.conv1.weight"),
                    after.get("backbone.layer2.0.conv1.weight"));
            assertEquals(head.get("decode_head.conv_seg.weight"),
                    after.get("decode_head.conv_seg.weight"));
        }
        try (SegmentationModel twin = SegmentationModel.create(
                SegmentationModels.config("fpn_resnet26_nano", CLASSES), 2)) {
            Map<String, Tensor> untouched = twin.stateDict();
            IOException e = assertThrows(IOException.class,
                    () -> BackboneWeights.load(twin, classifier));
            assertTrue(e.getMessage().contains("has no counterpart")
                    || e.getMessage().contains("has shape"), e.getMessage());
            assertEquals(untouched.get("backbone.conv1.0.weight"),
                    twin.stateDict().get("backbone.conv1.0.weight"), "a failed load changes nothing");
        }
    }

    private static float[] logits(SegmentationModel m) {
        try (NDManager sub = m.manager().newSubManager()) {
            NDArray x = sub.create(seeded(3 * 64 * 96), new Shape(1, 3, 64, 96));
            return m.forward(x, false).head().toFloatArray();
        }
    }

    private static float[] seeded(int n) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }
}
