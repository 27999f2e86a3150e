package dev.hsresnet.vision.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The registered segmentation networks and their cost. */
class SegmentationModelsTest {

    @Test
    void everySmallAndImagenetBackboneHasAnFpnAndADeeplabModelWithItsTwin() {
        List<String> names = SegmentationModels.names();
        assertTrue(names.containsAll(List.of("fpn_hs_resnet26_lite", "fpn_resnet26_lite",
                "fpn_hs_resnet50", "fpn_resnet50d", "deeplabv3_hs_resnet26_lite",
                "deeplabv3_resnet26_lite", "deeplabv3_hs_resnet50", "deeplabv3_resnet50d")),
                names.toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("cifar")));
        assertEquals(names.size(), 2 * names.stream().filter(n -> n.startsWith("fpn_")).count());
        for (String name : names) {
            String twin = SegmentationModels.twin(name);
            assertTrue(names.contains(twin), twin);
            assertEquals(name.substring(0, name.indexOf('_')), twin.substring(0, twin.indexOf('_')));
            SegmentationSpec spec = SegmentationModels.spec(name, 11);
            SegmentationSpec twinSpec = SegmentationModels.spec(twin, 11);
            assertTrue(spec.backbone().hasHsStages() != twinSpec.backbone().hasHsStages(), name);
            assertEquals(SegmentationModels.DEFAULT_CLASSES, spec.numClasses());
            assertFalse(spec.auxHead(), name);
            assertEquals(spec.headChannels(), twinSpec.headChannels(), name);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentationModels.spec("fpn_hs_resnet29_cifar", 11));
        assertTrue(e.getMessage().startsWith("unknown segmentation model 'fpn_hs_resnet29_cifar';"
                + " known: fpn_resnet50d, "), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SegmentationModels.spec("deeplabv3_", 11));
    }

    @Test
    void deeplabModelsAreAsppOnTheBackboneAtOutputStride8() {
        SegmentationSpec lite = SegmentationModels.spec("DeepLabV3_HS_ResNet26_Lite", 5);
        assertEquals(DecodeHead.ASPP, lite.decodeHead());
        assertEquals(8, lite.backbone().effectiveOutputStride());
        assertArrayEquals(new int[] {12, 24, 36}, lite.asppRates());
        assertEquals(64, lite.headChannels());
        assertEquals(5, lite.numClasses());
        SegmentationSpec imagenet = SegmentationModels.spec("deeplabv3_hs_resnet50", 11);
        assertEquals(256, imagenet.headChannels());
        assertEquals(8, imagenet.backbone().effectiveOutputStride());
        // the backbone is the classifier's, dilated: only the output stride differs
        assertEquals(SegmentationModels.spec("fpn_hs_resnet50", 11).backbone()
                .withOutputStride(8), imagenet.backbone());
        assertTrue(SegmentationModels.spec("deeplabv3_resnet26_lite", 11).withAuxHead(true)
                .auxHead());
    }

    @Test
    void theCountedParametersAreThoseOfTheBuiltNetwork() {
        checkBuilt(SegmentationModels.spec("fpn_hs_resnet26_nano", 7));
    }

    @Test
    void theDeeplabNetworkWithAuxHeadIsCountedBuiltAndFolded() {
        SegmentationSpec spec = SegmentationModels.spec("deeplabv3_hs_resnet26_nano", 7)
                .withAuxHead(true);
        Map<String, Parameter> params = checkBuilt(spec);
        assertTrue(params.keySet().stream().noneMatch(k -> k.startsWith("neck.")));
        assertTrue(params.containsKey("decode_head.aspp.convs.3.conv.weight"));
        assertTrue(params.containsKey("decode_head.aspp.pooling.1.bn.running_var"));
        assertTrue(params.containsKey("auxiliary_head.convs.0.conv.weight"));
        // C4 of the nano backbone: 64 planes x 4 = 256 channels, the aux head 64
        assertEquals(new Shape(64, 256, 3, 3),
                params.get("auxiliary_head.convs.0.conv.weight").getArray().getShape());
        assertEquals(new Shape(64, 5 * 64, 1, 1),
                params.get("decode_head.aspp.project.conv.weight").getArray().getShape());
    }

    @Test
    void asppRefusesATrainingBatchOfOneImageAsPyTorchDoes() {
        SegmentationNet net = new SegmentationNet(
                SegmentationModels.spec("deeplabv3_resnet26_nano", 3));
        Shape one = new Shape(1, 3, 32, 32);
        try (Model model = Nets.initialized(net, one, 4)) {
            NDArray x = Nets.randomInput(model.getNDManager(), one, 5);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Nets.forward(net, x, true));
            assertEquals(Aspp.SINGLE_IMAGE_REFUSED, e.getMessage());
            assertEquals(new Shape(1, 3, 32, 32), Nets.forward(net, x, false).singletonOrThrow()
                    .getShape());
        }
    }

    /**
     * Builds the network at 64x96: the parameters it holds are those counted, the inference
     * output is the logits alone, a training forward adds the aux logits when the spec has the
     * head, and folding for inference keeps the output and refuses training.
     */
    private static Map<String, Parameter> checkBuilt(SegmentationSpec spec) {
        SegmentationNet net = new SegmentationNet(spec);
        Shape input = new Shape(2, 3, 64, 96);
        try (Model model = Nets.initialized(net, input, 3)) {
            Map<String, Parameter> params = StateDict.of(net);
            long built = 0;
            long aux = 0;
            for (var e : params.entrySet()) {
                if (!e.getKey().contains("running_")) {
                    built += e.getValue().getArray().size();
                    aux += e.getKey().startsWith("auxiliary_head.")
                            ? e.getValue().getArray().size() : 0;
                }
            }
            SegmentationComplexity cost = SegmentationComplexity.of(spec, 64, 96);
            assertEquals(built, cost.params());
            assertEquals(aux, cost.auxParams());
            assertEquals(spec.auxHead(), cost.auxMacs() > 0);
            NDArray x = Nets.randomInput(model.getNDManager(), input, 2);
            NDList training = Nets.forward(net, x, true);
            assertEquals(spec.auxHead() ? 2 : 1, training.size());
            for (NDArray out : training) {
                assertEquals(new Shape(2, spec.numClasses(), 64, 96), out.getShape());
            }
            float[] unfolded = Nets.forward(net, x, false).singletonOrThrow().toFloatArray();
            net.prepareForInference();
            float[] folded = Nets.forward(net, x, false).singletonOrThrow().toFloatArray();
            assertTrue(Nets.relativeError(folded, unfolded) < 1e-5);
            assertThrows(IllegalStateException.class, () -> Nets.forward(net, x, true));
            return params;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"seg_fpn_deep_hs", "seg_fpn_resnet_os8", "seg_deeplabv3_hs_os1",
        "seg_fpn_aux_resnet"})
    void costEqualsTheReferenceCount(String fixture) throws IOException {
        Path dir = Path.of("src", "test", "resources", "fixtures", fixture);
        SegmentationSpec spec = SpecJson.mapper().readValue(
                Files.readString(dir.resolve("spec.json")), SegmentationSpec.class);
        JsonNode expected = SpecJson.mapper().readTree(
                Files.readString(dir.resolve("complexity.json")));
        SegmentationComplexity c = SegmentationComplexity.of(spec, expected.get("height").asInt(),
                expected.get("width").asInt());
        assertEquals(expected.get("params").asLong(), c.params());
        assertEquals(expected.get("macs").asLong(), c.macs());
        assertEquals(expected.path("auxParams").asLong(0), c.auxParams());
        assertEquals(expected.path("auxMacs").asLong(0), c.auxMacs());
        assertEquals(c.macs() + c.auxMacs(), c.trainingMacs());
    }
}
