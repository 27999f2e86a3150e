package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.testing.Nets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered network exports at full size and passes ONNX's checker; HS-ResNet-50 at
 * 224x224 also matches DJL in ONNX Runtime.
 */
class OnnxRegistryTest {

    @TempDir
    Path tmp;

    static Stream<String> names() {
        return Models.list().stream().map(ModelEntry::name);
    }

    /**
     * Deeper twins of checked networks (the same layers, more blocks), whose 170-260 MB files take
     * the Python checker 10-20 s each: exported and read back, not checked.
     */
    private static final Set<String> NOT_CHECKED =
            Set.of("hs_resnet101", "hs_resnet152", "resnet101d", "resnet152d");

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void everyRegisteredNetworkExports(String name) throws Exception {
        ModelEntry entry = Models.get(name);
        ModelConfig config = ModelConfig.of(name, entry.spec().numClasses(),
                entry.spec().inChannels());
        Path file = tmp.resolve(name + ".onnx");
        long convs;
        try (ResNetModel model = ResNetModel.create(config, 1)) {
            OnnxExporter.export(model, OnnxOptions.defaults(), file);
            convs = model.stateDict().keySet().stream()
                    .filter(k -> k.endsWith(".running_mean")).count();
        }
        try {
            OnnxMetadata meta = OnnxMetadata.read(file);
            assertEquals(config, meta.modelConfig(file.toString()));
            assertEquals(OnnxOptions.DEFAULT_OPSET, meta.opset());
            assertEquals(name, meta.graphName());
            // every BN folded into its conv: a weight and a bias each, then fc.weight and fc.bias
            assertTrue(meta.initializerCount() >= 2 * convs + 2, meta.toString());
            if (!NOT_CHECKED.contains(name)) {
                PythonOnnxChecker.check(List.of(file));
            }
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void hsResnet50MatchesDjlAtBatch1() throws Exception {
        ModelConfig registry = ModelConfig.of("hs_resnet50", 1000, 3);
        ModelConfig config = new ModelConfig(registry.format(), registry.formatVersion(),
                registry.name(), registry.architecture().toBuilder().zeroInitLastBn(false).build(),
                registry.preprocessing(), null, null);
        try (ResNetModel model = SmallNets.create(config, 3)) {
            byte[] onnx = OnnxExporter.export(model, OnnxOptions.defaults());
            float[] image = SmallNets.images(config, 1, 4);
            float[] djl = SmallNets.djlForward(model, image, 1);
            try (OrtBackend ort = OrtBackend.open(onnx, config, 0)) {
                float[] actual = ort.logits(image, 1)[0];
                double err = Nets.relativeError(actual, djl);
                assertTrue(err <= 1e-4, "relative error " + err);
            }
        }
    }
}
