package dev.hsresnet.vision.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.testing.Nets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The registered segmentation networks and their cost. */
class SegmentationModelsTest {

    @Test
    void everySmallAndImagenetBackboneHasAnFpnModelWithItsTwin() {
        List<String> names = SegmentationModels.names();
        assertTrue(names.containsAll(List.of("fpn_hs_resnet26_lite", "fpn_resnet26_lite",
                "fpn_hs_resnet50", "fpn_resnet50d")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("cifar")));
        for (String name : names) {
            String twin = SegmentationModels.twin(name);
            assertTrue(names.contains(twin), twin);
            assertTrue(SegmentationModels.spec(name, 11).backbone().hasHsStages()
                    != SegmentationModels.spec(twin, 11).backbone().hasHsStages(), name);
            assertEquals(SegmentationModels.DEFAULT_CLASSES,
                    SegmentationModels.spec(name, 11).numClasses());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentationModels.spec("fpn_hs_resnet29_cifar", 11));
        assertTrue(e.getMessage().startsWith("unknown segmentation model 'fpn_hs_resnet29_cifar';"
                + " known: fpn_resnet50d, "), e.getMessage());
    }

    @Test
    void theCountedParametersAreThoseOfTheBuiltNetwork() {
        FpnSegmentationSpec spec = SegmentationModels.spec("fpn_hs_resnet26_nano", 7);
        SegmentationNet net = new SegmentationNet(spec);
        Shape input = new Shape(1, 3, 64, 96);
        try (Model model = Nets.initialized(net, input, 3)) {
            long built = 0;
            for (var e : StateDict.of(net).entrySet()) {
                Parameter p = e.getValue();
                if (!e.getKey().contains("running_")) {
                    built += p.getArray().size();
                }
            }
            assertEquals(built, SegmentationComplexity.of(spec, 64, 96).params());
            NDArray out = Nets.forward(net, Nets.randomInput(model.getNDManager(), input, 1),
                    false).singletonOrThrow();
            assertEquals(new Shape(1, 7, 64, 96), out.getShape());
            // folded for inference: the same output, and training refused
            NDArray x = Nets.randomInput(model.getNDManager(), input, 2);
            float[] unfolded = Nets.forward(net, x, false).singletonOrThrow().toFloatArray();
            net.prepareForInference();
            float[] folded = Nets.forward(net, x, false).singletonOrThrow().toFloatArray();
            assertTrue(Nets.relativeError(folded, unfolded) < 1e-5);
            assertThrows(IllegalStateException.class, () -> Nets.forward(net, x, true));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"seg_fpn_deep_hs", "seg_fpn_resnet_os8"})
    void costEqualsTheReferenceCount(String fixture) throws IOException {
        Path dir = Path.of("src", "test", "resources", "fixtures", fixture);
        FpnSegmentationSpec spec = SpecJson.mapper().readValue(
                Files.readString(dir.resolve("spec.json")), FpnSegmentationSpec.class);
        JsonNode expected = SpecJson.mapper().readTree(
                Files.readString(dir.resolve("complexity.json")));
        SegmentationComplexity c = SegmentationComplexity.of(spec, expected.get("height").asInt(),
                expected.get("width").asInt());
        assertEquals(expected.get("params").asLong(), c.params());
        assertEquals(expected.get("macs").asLong(), c.macs());
    }
}
