package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.DetectionTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection export as a file and a graph: self-describing metadata (the configuration comes
 * back from the file alone), the structure (the head's tensors once, its nodes per level, the
 * GroupNorm lowering, no BatchNorm once folded, the three outputs), atomic writing, and the
 * errors of exporter and runner, which name the tensor or the file and the problem.
 */
class OnnxDetectionExportTest {

    private static DetectionModel model;
    private static DetectionSpec spec;

    @TempDir
    Path tmp;

    @BeforeAll
    static void network() {
        spec = DetNets.hs5();
        model = DetNets.create(spec, 3);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static byte[] export(OnnxOptions options) {
        return OnnxExporter.exportDetection(model, options);
    }

    @Test
    void theMetadataDescribesTheDetectorAndGivesItsConfigurationBack() throws Exception {
        OnnxMetadata meta = OnnxMetadata.parse(export(OnnxOptions.defaults()), "mem");
        Map<String, String> p = meta.properties();
        assertEquals(OnnxMetadata.TASK_DETECTION, meta.task());
        assertEquals("tiny-fcos", p.get(OnnxMetadata.MODEL_NAME));
        assertEquals("3", p.get(OnnxMetadata.NUM_CLASSES));
        assertEquals("[\"c0\",\"c1\",\"c2\"]", p.get(OnnxMetadata.LABELS));
        assertEquals("0.485,0.456,0.406", p.get(OnnxMetadata.MEAN));
        assertEquals("0.229,0.224,0.225", p.get(OnnxMetadata.STD));
        assertEquals("true", p.get(OnnxMetadata.FOLD_BN));
        assertEquals(spec, meta.detectionSpec("mem"));
        assertEquals(OnnxOptions.DEFAULT_OPSET, meta.opset());
        assertEquals("tiny-fcos", meta.graphName());
        assertTrue(meta.docString().contains("'cls_logits' (batch, P, 3)"), meta.docString());

        ModelConfig config = meta.detectionConfig("mem");
        assertEquals("tiny-fcos", config.name());
        assertEquals(DetectionTask.NAME, config.task());
        assertEquals(spec, DetectionTask.spec(config));
        assertEquals(List.of("c0", "c1", "c2"), config.labels());
        assertEquals(model.config().preprocessing().mean(), config.preprocessing().mean());
        assertEquals(model.config().preprocessing().std(), config.preprocessing().std());

        IOException e = assertThrows(IOException.class, () -> meta.modelConfig("mem"));
        assertTrue(e.getMessage().startsWith("mem is a detector"), e.getMessage());
        e = assertThrows(IOException.class, () -> meta.segmentationSpec("mem"));
        assertTrue(e.getMessage().startsWith("mem is not a segmentation network"),
                e.getMessage());
        OnnxMetadata seg = OnnxMetadata.parse(OnnxExporter.exportSegmentation(SegNets.hs(),
                segWeights(), "seg", SegNets.preprocessing(), OnnxOptions.defaults()), "seg");
        e = assertThrows(IOException.class, () -> seg.detectionSpec("seg"));
        assertEquals("seg is not a detector exported by hsresnet (task 'segmentation', no "
                + "'hsresnet.detection_spec' metadata; producer 'hsresnet')", e.getMessage());
    }

    @Test
    void theHeadIsSharedOverTheLevelsAndTheGroupNormsAreLowered() throws Exception {
        GraphSummary folded = GraphSummary.of(export(OnnxOptions.defaults()));
        // P3-P7, two towers of 2 units each on every level
        assertEquals(5 * 2 * 2, folded.count("InstanceNormalization"));
        assertEquals(0, folded.count("GroupNormalization"));
        assertEquals(0, folded.count("BatchNormalization"));
        List<GraphSummary.Node> cls = folded.nodes("Conv").stream()
                .filter(n -> n.name().endsWith(".conv_cls")).toList();
        assertEquals(List.of("bbox_head.P3.conv_cls", "bbox_head.P4.conv_cls",
                "bbox_head.P5.conv_cls", "bbox_head.P6.conv_cls", "bbox_head.P7.conv_cls"),
                cls.stream().map(GraphSummary.Node::name).toList());
        for (GraphSummary.Node n : cls) {
            assertEquals(List.of("bbox_head.conv_cls.weight", "bbox_head.conv_cls.bias"),
                    n.inputs().subList(1, 3), n.name());
        }
        // a GroupNorm's affine tensors once, as (C, 1, 1); each level's scale; the strides
        assertEquals(8 * 4, folded.initializers().get("bbox_head.reg_convs.1.gn.bias")
                .remaining());
        for (int i = 0; i < 5; i++) {
            assertTrue(folded.initializers().containsKey("bbox_head.scales." + i + ".scale"));
            assertTrue(folded.initializers().containsKey("bbox_head.stride." + (8 << i)));
        }
        // the FPN: two top-down upsamplings, P6 from P5's output, P7 from relu(P6)
        assertEquals(2, folded.count("Resize"));
        GraphSummary.Node p7 = folded.nodes("Conv").stream()
                .filter(n -> n.name().equals("neck.fpn_convs.4")).findFirst().orElseThrow();
        assertEquals("neck.extra_relu.4", p7.inputs().get(0));
        // the outputs: the levels joined, then transposed to (N, P, K) and (N, P, 4)
        assertEquals(List.of("cls_logits", "box_distances"), folded.nodes("Transpose").stream()
                .map(GraphSummary.Node::name).toList());
        GraphSummary.Node ctr = folded.nodes("Concat").stream()
                .filter(n -> n.name().equals("centerness_logits")).findFirst().orElseThrow();
        assertEquals(5, ctr.inputs().size());

        GraphSummary unfolded = GraphSummary.of(export(new OnnxOptions(11, false)));
        assertTrue(unfolded.count("BatchNormalization") > 0);
        assertTrue(unfolded.nodes("BatchNormalization").stream()
                .allMatch(n -> n.name().startsWith("backbone.")));
        assertTrue(unfolded.initializers().containsKey("backbone.layer2.0.hs.bns.1.running_var"));

        GraphSummary p5 = GraphSummary.of(OnnxExporter.exportDetection(DetNets.plain3(),
                weightsOf(DetNets.plain3()), "p5", DetNets.preprocessing(), null,
                OnnxOptions.defaults()));
        assertEquals(3 * 2 * 1, p5.count("InstanceNormalization"));
        assertTrue(p5.initializers().containsKey("bbox_head.scales.2.scale"));
        assertTrue(p5.nodes("Conv").stream().noneMatch(n -> n.name().equals("neck.fpn_convs.3")));
    }

    @Test
    void theFileIsWrittenAtomicallyAndReplaced() throws Exception {
        Path file = tmp.resolve("sub/det.onnx");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "an older file");
        OnnxExporter.exportDetection(model, OnnxOptions.defaults(), file);
        try (var dir = Files.list(file.getParent())) {
            assertEquals(List.of(file), dir.toList(), "no temporary file is left behind");
        }
        assertEquals(OnnxMetadata.TASK_DETECTION, OnnxMetadata.read(file).task());
    }

    @Test
    void aMissingOrMisshapenTensorOrBadLabelsAreNamed() {
        Map<String, Tensor> weights = model.stateDict();
        Preprocessing pre = DetNets.preprocessing();
        Map<String, Tensor> missing = new LinkedHashMap<>(weights);
        missing.remove("bbox_head.scales.3.scale");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.exportDetection(spec, missing, "x", pre, null,
                        OnnxOptions.defaults()));
        assertEquals("state dict has no tensor 'bbox_head.scales.3.scale', which the "
                + "architecture needs", e.getMessage());

        Map<String, Tensor> misshapen = new LinkedHashMap<>(weights);
        misshapen.put("bbox_head.cls_convs.1.gn.weight", Tensor.ofFloats(new long[] {4},
                new float[4]));
        e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.exportDetection(spec, misshapen, "x", pre, null,
                        OnnxOptions.defaults()));
        assertEquals("state dict tensor 'bbox_head.cls_convs.1.gn.weight' has shape [4] but the "
                + "architecture needs [8]", e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.exportDetection(spec, weights, "x", pre, List.of("a", "b"),
                        OnnxOptions.defaults()));
        assertEquals("2 labels given but the detector has 3 classes", e.getMessage());

        Preprocessing gray = new Preprocessing(64, 1.0, "bilinear", List.of(0.5), List.of(0.25));
        e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.exportDetection(spec, weights, "x", gray, null,
                        OnnxOptions.defaults()));
        assertEquals("preprocessing has 1 channel statistics but the network takes 3 input "
                + "channels", e.getMessage());
    }

    @Test
    void theDetectorRefusesBadInputNamingTheFile() throws Exception {
        Path file = tmp.resolve("det.onnx");
        Files.write(file, export(OnnxOptions.defaults()));
        OrtDetector ort = OrtDetector.open(file, 1);
        assertEquals(3, ort.inChannels());
        assertEquals(3, ort.numClasses());
        assertEquals(spec, ort.spec());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ort.run(new float[64], new long[] {1, 1, 8, 8}));
        assertEquals(file + " takes 3 input channels, got 1 (input shape [1, 1, 8, 8])",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ort.run(new float[10], new long[] {1, 3, 8, 8}));
        assertEquals(file + ": input has 10 floats but shape [1, 3, 8, 8] needs 192",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ort.run(new float[192], new long[] {3, 8, 8}));
        assertTrue(e.getMessage().startsWith(file + ": input shape [3, 8, 8] is not (N, C, H, W)"),
                e.getMessage());
        // 32x40: levels 4x5, 2x3, 1x2, 1x1, 1x1
        OrtDetector.Outputs out = ort.run(new float[2 * 3 * 32 * 40], new long[] {2, 3, 32, 40});
        assertEquals(2, out.batch());
        assertEquals(20 + 6 + 2 + 1 + 1, out.locations());
        assertEquals(2 * 30 * 3, out.clsLogits().length);
        assertEquals(2 * 30 * 4, out.boxDistances().length);
        assertEquals(2 * 30, out.centernessLogits().length);
        ort.close();
        ort.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> ort.run(new float[192], new long[] {1, 3, 8, 8}));
        assertTrue(closed.getMessage().endsWith("is closed"), closed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OrtDetector.open(file, -1));
    }

    @Test
    void otherFilesAreNotOpenedAsDetectors() throws Exception {
        Path detector = tmp.resolve("det.onnx");
        Files.write(detector, export(OnnxOptions.defaults()));
        IOException e = assertThrows(IOException.class, () -> OrtSegmenter.open(detector, 1));
        assertTrue(e.getMessage().startsWith(detector + " is a detector"), e.getMessage());
        e = assertThrows(IOException.class, () -> OrtBackend.open(detector, 1));
        assertTrue(e.getMessage().startsWith(detector + " is a detector"), e.getMessage());

        Path seg = tmp.resolve("seg.onnx");
        OnnxExporter.exportSegmentation(SegNets.hs(), segWeights(), "seg",
                SegNets.preprocessing(), OnnxOptions.defaults(), seg);
        e = assertThrows(IOException.class, () -> OrtDetector.open(seg, 1));
        assertTrue(e.getMessage().startsWith(seg + " is a segmentation network"),
                e.getMessage());

        ExportCase c = ExportCase.all().get(1);
        Path classifier = tmp.resolve("classifier.onnx");
        try (var m = dev.hsresnet.core.model.ResNetModel.create(
                SmallNets.config("classifier", c.spec(), c.size()), 1)) {
            OnnxExporter.export(m, OnnxOptions.defaults(), classifier);
        }
        e = assertThrows(IOException.class, () -> OrtDetector.open(classifier, 1));
        assertTrue(e.getMessage().startsWith(classifier + " is a classifier"), e.getMessage());

        Path missing = tmp.resolve("missing.onnx");
        e = assertThrows(NoSuchFileException.class, () -> OrtDetector.open(missing, 1));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    private static Map<String, Tensor> segWeights() {
        try (SegNets.Built net = SegNets.create(SegNets.hs(), 3)) {
            return net.stateDict();
        }
    }

    private static Map<String, Tensor> weightsOf(DetectionSpec s) {
        try (DetectionModel m = DetNets.create(s, 4)) {
            return m.stateDict();
        }
    }
}
