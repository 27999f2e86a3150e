package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.deploy.instance.OrtInstanceBackend;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.instance.InstanceModel;
import dev.hsresnet.vision.instance.InstanceSpec;
import dev.hsresnet.vision.instance.InstanceTask;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The instance segmentation export as a file and a graph: the metadata give the configuration
 * back, the graph is the detector's plus {@code conv_coeff} per level and the prototype branch,
 * the five outputs; a detector's file and an instance file are each refused where the other is
 * expected, and a missing tensor is named.
 */
class OnnxInstanceExportTest {

    private static InstanceModel model;
    private static InstanceSpec spec;

    @BeforeAll
    static void network() {
        model = DetNets.createInstance(DetNets.hs5(), 4, 3);
        spec = model.spec();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theMetadataDescribeTheSegmenterAndGiveItsConfigurationBack() throws Exception {
        OnnxMetadata meta = OnnxMetadata.parse(OnnxExporter.exportInstance(model,
                OnnxOptions.defaults()), "mem");
        assertEquals(OnnxMetadata.TASK_INSTANCE, meta.task());
        assertEquals("tiny-yolact", meta.properties().get(OnnxMetadata.MODEL_NAME));
        assertEquals(spec, meta.instanceSpec("mem"));
        assertTrue(meta.docString().contains("'prototypes' (batch, 4, 2 ceil(height / 8)"),
                meta.docString());
        ModelConfig config = meta.instanceConfig("mem");
        assertEquals(InstanceTask.NAME, config.task());
        assertEquals(spec, InstanceTask.spec(config));
        assertEquals(List.of("c0", "c1", "c2"), config.labels());
        assertEquals(model.config().preprocessing().mean(), config.preprocessing().mean());

        IOException e = assertThrows(IOException.class, () -> meta.detectionConfig("mem"));
        assertEquals("mem is not a detector exported by hsresnet (task 'instance', no "
                + "'hsresnet.detection_spec' metadata; producer 'hsresnet')", e.getMessage());
        e = assertThrows(IOException.class, () -> meta.modelConfig("mem"));
        assertTrue(e.getMessage().startsWith("mem is an instance segmenter"), e.getMessage());
        try (DetectionModel detector = DetNets.create(DetNets.hs5(), 3)) {
            OnnxMetadata det = OnnxMetadata.parse(OnnxExporter.exportDetection(detector,
                    OnnxOptions.defaults()), "det");
            e = assertThrows(IOException.class, () -> det.instanceConfig("det"));
            assertEquals("det is not an instance segmenter exported by hsresnet (task "
                    + "'detection', no 'hsresnet.instance_spec' metadata; producer 'hsresnet')",
                    e.getMessage());
            try (OrtDetector ort = OrtDetector.open(OnnxExporter.exportDetection(detector,
                    OnnxOptions.defaults()), "det", 1)) {
                assertNull(ort.instanceSpec());
                IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                        () -> new OrtInstanceBackend(ort));
                assertTrue(wrong.getMessage().contains("is a detector, not an instance "
                        + "segmenter"), wrong.getMessage());
            }
        }
    }

    @Test
    void theGraphIsTheDetectorsWithCoefficientsAndPrototypes() throws Exception {
        GraphSummary g = GraphSummary.of(OnnxExporter.exportInstance(model,
                OnnxOptions.defaults()));
        List<GraphSummary.Node> coeff = g.nodes("Conv").stream()
                .filter(n -> n.name().endsWith(".conv_coeff")).toList();
        assertEquals(5, coeff.size(), "one per level, P3-P7");
        for (GraphSummary.Node n : coeff) {
            assertEquals(List.of("bbox_head.conv_coeff.weight", "bbox_head.conv_coeff.bias"),
                    n.inputs().subList(1, 3), n.name());
            assertTrue(n.inputs().get(0).contains("reg_convs.1.relu"), "on the regression "
                    + "tower: " + n.inputs());
        }
        assertEquals(5, g.count("Tanh"));
        assertEquals(List.of("cls_logits", "box_distances", "coefficients"),
                g.nodes("Transpose").stream().map(GraphSummary.Node::name).toList());
        List<String> protonet = g.nodes("Conv").stream().map(GraphSummary.Node::name)
                .filter(n -> n.startsWith("mask_head.")).toList();
        assertEquals(List.of("mask_head.protonet.0", "mask_head.protonet.2",
                "mask_head.protonet.4", "mask_head.protonet.7", "mask_head.protonet.9"), protonet);
        assertEquals(3, g.count("Resize"), "the FPN's two and the prototype branch's 2x");
        GraphSummary.Node last = g.nodes("Relu").stream()
                .filter(n -> n.name().equals("prototypes")).findFirst().orElseThrow();
        assertEquals(List.of("mask_head.protonet.9"), last.inputs());
    }

    @Test
    void aMissingPrototypeTensorIsNamed() {
        Map<String, Tensor> w = new LinkedHashMap<>(model.stateDict());
        w.remove("mask_head.protonet.9.weight");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.exportInstance(spec, w, "m", DetNets.preprocessing(), null,
                        OnnxOptions.defaults()));
        assertTrue(e.getMessage().contains("mask_head.protonet.9.weight"), e.getMessage());
    }
}
