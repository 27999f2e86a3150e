package dev.hsresnet.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.WeightsMismatchException;
import dev.hsresnet.core.testing.Nets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirTest {

    private static final String NAME = "hs_resnet29_cifar";

    @TempDir
    Path tmp;

    private static ResNetModel small(long seed) {
        return ResNetModel.create(ModelConfig.of(NAME, 10, 3)
                .withLabels(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")), seed);
    }

    private static float[] logits(ResNetModel model, long inputSeed) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = Nets.randomInput(m, new Shape(2, 3, 32, 32), inputSeed);
            return model.forward(x, false).singletonOrThrow().toFloatArray();
        }
    }

    @Test
    void saveThenLoadGivesTheSameNetwork() throws IOException {
        Path dir = tmp.resolve("model");
        try (ResNetModel model = small(1)) {
            ModelConfig written = ModelDir.save(model, dir);
            try (ResNetModel loaded = ModelDir.load(dir)) {
                assertEquals(written, loaded.config());
                assertEquals(model.config().architecture(), loaded.config().architecture());
                assertEquals("c", loaded.config().labels().get(2));
                assertArrayEquals(logits(model, 5), logits(loaded, 5));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("model.json", "serving.properties", "weights.safetensors"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() throws IOException {
        try (ResNetModel a = small(7); ResNetModel b = small(7); ResNetModel c = small(8)) {
            String sa = ModelDir.save(a, tmp.resolve("a")).weights().sha256();
            String sb = ModelDir.save(b, tmp.resolve("b")).weights().sha256();
            String sc = ModelDir.save(c, tmp.resolve("c")).weights().sha256();
            assertEquals(sa, sb);
            assertNotEquals(sa, sc);
        }
    }

    @Test
    void weightsUseThePyTorchNamesAndNoBatchCounter() throws IOException {
        Path dir = tmp.resolve("model");
        try (ResNetModel model = small(1)) {
            ModelDir.save(model, dir);
        }
        Map<String, Tensor> tensors = Safetensors.read(dir.resolve("weights.safetensors")).tensors();
        assertTrue(tensors.containsKey("conv1.weight"));
        assertTrue(tensors.containsKey("layer1.0.hs.convs.2.weight"));
        assertTrue(tensors.containsKey("layer2.0.downsample.1.weight"));
        assertTrue(tensors.containsKey("layer3.2.bn3.running_var"));
        assertTrue(tensors.containsKey("fc.bias"));
        assertFalse(tensors.keySet().stream().anyMatch(k -> k.contains("num_batches_tracked")));
    }

    @Test
    void missingDirectoryAndMissingConfigAreNamed() {
        NoSuchFileException e1 = assertThrows(NoSuchFileException.class,
                () -> ModelDir.load(tmp.resolve("nope")));
        assertTrue(e1.getMessage().contains("nope"));
        assertTrue(e1.getMessage().contains("no such model directory"));
        NoSuchFileException e2 = assertThrows(NoSuchFileException.class, () -> ModelDir.load(tmp));
        assertTrue(e2.getMessage().contains("model.json is missing"), e2.getMessage());
    }

    @Test
    void badConfigNamesTheFileAndTheField() throws IOException {
        Path dir = savedModel();
        Path json = dir.resolve("model.json");
        String good = Files.readString(json);

        Files.writeString(json, good.replaceFirst("\"depth\" : 3", "\"depth\" : 0"));
        IOException e = assertThrows(IOException.class, () -> ModelDir.load(dir));
        assertEquals(json + ": architecture.stages[0].depth: must be in 1..1000, got 0",
                e.getMessage());

        Files.writeString(json, good.replaceFirst("\"stem\" : \"cifar\"", "\"stem\" : \"tiny\""));
        e = assertThrows(IOException.class, () -> ModelDir.load(dir));
        assertTrue(e.getMessage().contains("architecture.stem: unknown stem 'tiny', expected one of "
                + "deep, resnet, cifar"), e.getMessage());

        Files.writeString(json, good.replaceFirst("\"expansion\"", "\"color\" : 1, \"expansion\""));
        e = assertThrows(IOException.class, () -> ModelDir.load(dir));
        assertTrue(e.getMessage().startsWith(json + ": architecture.color: Unrecognized field"),
                e.getMessage());

        Files.writeString(json, good.replaceFirst("\"expansion\" : 4,", ""));
        e = assertThrows(IOException.class, () -> ModelDir.load(dir));
        assertTrue(e.getMessage().startsWith(json + ": architecture.expansion: Missing required"),
                e.getMessage());

        Files.writeString(json, good.substring(0, good.length() / 2));
        e = assertThrows(IOException.class, () -> ModelDir.load(dir));
        assertTrue(e.getMessage().startsWith(json.toString()), e.getMessage());
    }

    @Test
    void truncatedOrCorruptWeightsAreDetected() throws IOException {
        Path dir = savedModel();
        Path weights = dir.resolve("weights.safetensors");
        byte[] bytes = Files.readAllBytes(weights);

        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        IOException e = assertThrows(IOException.class, () -> ModelDir.load(dir));
        assertTrue(e.getMessage().contains("has " + (bytes.length - 100) + " bytes but model.json "
                + "records " + bytes.length), e.getMessage());

        byte[] flipped = bytes.clone();
        flipped[bytes.length - 5] ^= 0x40;
        Files.write(weights, flipped);
        e = assertThrows(IOException.class, () -> ModelDir.load(dir));
        assertTrue(e.getMessage().contains("has SHA-256"), e.getMessage());

        Files.delete(weights);
        e = assertThrows(NoSuchFileException.class, () -> ModelDir.load(dir));
        assertTrue(e.getMessage().contains("weights file is missing"), e.getMessage());
    }

    @Test
    void tensorsThatDoNotFitAreListed() throws IOException {
        Path dir = savedModel();
        Path weights = dir.resolve("weights.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>(Safetensors.read(weights).tensors());
        tensors.remove("layer1.0.conv1.weight");
        tensors.put("fc.bias", Tensor.ofFloats(new long[] {11}, new float[11]));
        tensors.put("extra.weight", Tensor.ofFloats(new long[] {1}, new float[1]));
        rewriteWeights(dir, tensors);
        WeightsMismatchException e =
                assertThrows(WeightsMismatchException.class, () -> ModelDir.load(dir));
        assertEquals(List.of("missing layer1.0.conv1.weight", "unexpected extra.weight",
                "fc.bias has shape [11], expected [10]"), e.problems());
        assertTrue(e.getMessage().startsWith(weights + " does not fit model '" + NAME + "': "));
    }

    @Test
    void aFailedLoadLeavesTheModelUntouched() {
        try (ResNetModel model = small(3)) {
            float[] before = logits(model, 9);
            Map<String, Tensor> other = new LinkedHashMap<>();
            try (ResNetModel donor = small(4)) {
                other.putAll(donor.stateDict());
            }
            other.remove("fc.weight");
            assertThrows(WeightsMismatchException.class,
                    () -> model.loadStateDict(other, "donor"));
            assertArrayEquals(before, logits(model, 9));
        }
    }

    @Test
    void backboneLoadSkipsTheClassifier() throws IOException {
        Path dir = savedModel();
        try (ResNetModel backbone = ModelDir.loadBackbone(dir, 1, 2, 3);
                NDManager m = backbone.manager().newSubManager()) {
            NDList levels = backbone.forward(Nets.randomInput(m, new Shape(1, 3, 32, 32), 1), false);
            assertEquals(new Shape(1, 64, 32, 32), levels.get(0).getShape());
            assertEquals(new Shape(1, 128, 16, 16), levels.get(1).getShape());
            assertEquals(new Shape(1, 256, 8, 8), levels.get(2).getShape());
        }
    }

    @Test
    void djlParamsLoadThroughDjlsOwnModelApi() throws Exception {
        Path dir = tmp.resolve("djl");
        try (ResNetModel model = small(2)) {
            DjlParams.write(model, dir.resolve("net-0000.params"));
            float[] expected = logits(model, 3);
            try (ai.djl.Model djl = ai.djl.Model.newInstance("net")) {
                djl.setBlock(dev.hsresnet.core.nn.ResNet.of(model.config().architecture()));
                djl.load(dir, "net");
                try (NDManager m = djl.getNDManager().newSubManager()) {
                    NDArray x = Nets.randomInput(m, new Shape(2, 3, 32, 32), 3);
                    float[] actual = Nets.forward(djl.getBlock(), x, false).singletonOrThrow()
                            .toFloatArray();
                    assertArrayEquals(expected, actual);
                }
            }
        }
    }

    private Path savedModel() throws IOException {
        Path dir = tmp.resolve("saved");
        try (ResNetModel model = small(1)) {
            ModelDir.save(model, dir);
        }
        return dir;
    }

    /** Rewrites the weights and the checksum in model.json, as a tool editing the file would. */
    private static void rewriteWeights(Path dir, Map<String, Tensor> tensors) throws IOException {
        Path weights = dir.resolve("weights.safetensors");
        Safetensors.write(weights, tensors, Map.of());
        ModelConfig config = ModelDir.readConfig(dir);
        ModelDir.writeConfig(dir, config.withWeights(new WeightsInfo("weights.safetensors",
                "safetensors", Files.size(weights), ModelDir.sha256(weights))));
        assertTrue(Files.readString(dir.resolve("model.json"), StandardCharsets.UTF_8)
                .contains(ModelDir.sha256(weights)));
    }
}
