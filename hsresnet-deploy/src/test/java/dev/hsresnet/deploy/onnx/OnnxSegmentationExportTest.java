package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.vision.segmentation.SegmentationSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segmentation export as a file and a graph: self-describing metadata, the structure (every
 * resize and no BatchNorm node once folded), atomic writing, and the errors of exporter and
 * runner, which name the tensor or the file and the problem.
 */
class OnnxSegmentationExportTest {

    private static SegmentationSpec spec;
    private static Map<String, Tensor> weights;

    @TempDir
    Path tmp;

    @BeforeAll
    static void network() {
        spec = SegNets.hs();
        try (SegNets.Built net = SegNets.create(spec, 3)) {
            weights = net.stateDict();
        }
    }

    private static byte[] export(OnnxOptions options) {
        return OnnxExporter.exportSegmentation(spec, weights, "tiny-seg", SegNets.preprocessing(),
                options);
    }

    @Test
    void theMetadataDescribesTheNetwork() throws Exception {
        OnnxMetadata meta = OnnxMetadata.parse(export(OnnxOptions.defaults()), "mem");
        Map<String, String> p = meta.properties();
        assertEquals(OnnxMetadata.TASK_SEGMENTATION, meta.task());
        assertEquals("tiny-seg", p.get(OnnxMetadata.MODEL_NAME));
        assertEquals("5", p.get(OnnxMetadata.NUM_CLASSES));
        assertEquals("0.485,0.456,0.406", p.get(OnnxMetadata.MEAN));
        assertEquals("0.229,0.224,0.225", p.get(OnnxMetadata.STD));
        assertEquals("true", p.get(OnnxMetadata.FOLD_BN));
        assertEquals(spec, meta.segmentationSpec("mem"));
        assertEquals(OnnxOptions.DEFAULT_OPSET, meta.opset());
        assertEquals("tiny-seg", meta.graphName());
        assertTrue(meta.docString().contains("(batch, 5, height, width)"), meta.docString());
        IOException e = assertThrows(IOException.class, () -> meta.modelConfig("mem"));
        assertTrue(e.getMessage().startsWith("mem is a segmentation network"), e.getMessage());
    }

    @Test
    void everyResizeIsThereAndFoldingLeavesNoBatchNorm() throws Exception {
        GraphSummary folded = GraphSummary.of(export(OnnxOptions.defaults()));
        // strides 4, 8, 16, 32: 3 FPN upsamplings, 0 + 1 + 2 + 3 head upsamplings, 3 resizes to
        // the finest level, 1 to the input
        assertEquals(3 + 6 + 3 + 1, folded.count("Resize"));
        assertEquals(0, folded.count("BatchNormalization"));
        for (GraphSummary.Node n : folded.nodes("Resize")) {
            assertTrue(n.attributes().contains("coordinate_transformation_mode"), n.name());
        }
        assertEquals(3, folded.nodes("Resize").stream()
                .filter(n -> n.attributes().contains("nearest_mode")).count());
        // the output size comes from the input at run time
        assertEquals(List.of("input"), folded.nodes("Shape").stream()
                .filter(n -> n.name().equals("input_shape")).findFirst().orElseThrow().inputs());
        GraphSummary unfolded = GraphSummary.of(export(OnnxOptions.defaults().withFoldBn(false)));
        // the head's units: 1 + 1 + 2 + 3 conv-BN-ReLU
        long headBn = unfolded.nodes("BatchNormalization").stream()
                .filter(n -> n.name().startsWith("decode_head.")).count();
        assertEquals(7, headBn);
        assertTrue(unfolded.initializers().containsKey("backbone.layer2.0.hs.convs.0.weight"));
        assertTrue(unfolded.initializers().containsKey("decode_head.scale_heads.3.4.bn.running_var"));
    }

    @Test
    void theFileIsWrittenAtomicallyAndReplaced() throws Exception {
        Path file = tmp.resolve("sub/seg.onnx");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "an older file");
        OnnxExporter.exportSegmentation(spec, weights, "tiny-seg", SegNets.preprocessing(),
                OnnxOptions.defaults(), file);
        try (var dir = Files.list(file.getParent())) {
            assertEquals(List.of(file), dir.toList(), "no temporary file is left behind");
        }
        assertEquals(OnnxMetadata.TASK_SEGMENTATION, OnnxMetadata.read(file).task());
    }

    @Test
    void aMissingOrMisshapenTensorIsNamed() {
        Map<String, Tensor> missing = new LinkedHashMap<>(weights);
        missing.remove("neck.lateral_convs.2.bias");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.exportSegmentation(spec, missing, "x", SegNets.preprocessing(),
                        OnnxOptions.defaults()));
        assertEquals("state dict has no tensor 'neck.lateral_convs.2.bias', which the "
                + "architecture needs", e.getMessage());

        Map<String, Tensor> misshapen = new LinkedHashMap<>(weights);
        misshapen.put("decode_head.conv_seg.weight", Tensor.ofFloats(new long[] {4, 6, 1, 1},
                new float[24]));
        e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.exportSegmentation(spec, misshapen, "x",
                        SegNets.preprocessing(), OnnxOptions.defaults()));
        assertEquals("state dict tensor 'decode_head.conv_seg.weight' has shape [4, 6, 1, 1] but "
                + "the architecture needs [5, 6, 1, 1]", e.getMessage());

        Preprocessing gray = new Preprocessing(64, 1.0, "bilinear", List.of(0.5), List.of(0.25));
        e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.exportSegmentation(spec, weights, "x", gray,
                        OnnxOptions.defaults()));
        assertEquals("preprocessing has 1 channel statistics but the network takes 3 input "
                + "channels", e.getMessage());
    }

    @Test
    void theSegmenterRefusesBadInputNamingTheFile() throws Exception {
        Path file = tmp.resolve("seg.onnx");
        Files.write(file, export(OnnxOptions.defaults()));
        OrtSegmenter ort = OrtSegmenter.open(file, 1);
        assertEquals(3, ort.inChannels());
        assertEquals(5, ort.numClasses());
        assertEquals("tiny-seg", ort.metadata().properties().get(OnnxMetadata.MODEL_NAME));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ort.logits(new float[1 * 1 * 8 * 8], new long[] {1, 1, 8, 8}));
        assertEquals(file + " takes 3 input channels, got 1 (input shape [1, 1, 8, 8])",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ort.logits(new float[10], new long[] {1, 3, 8, 8}));
        assertEquals(file + ": input has 10 floats but shape [1, 3, 8, 8] needs 192",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ort.logits(new float[192], new long[] {3, 8, 8}));
        assertTrue(e.getMessage().startsWith(file + ": input shape [3, 8, 8] is not (N, C, H, W)"),
                e.getMessage());
        OrtSegmenter.Logits out = ort.logits(new float[192], new long[] {1, 3, 8, 8});
        assertEquals(5 * 8 * 8, out.values().length);
        ort.close();
        ort.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> ort.logits(new float[192], new long[] {1, 3, 8, 8}));
        assertTrue(closed.getMessage().endsWith("is closed"), closed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OrtSegmenter.open(file, -1));
    }

    @Test
    void aClassifierOrAForeignGraphIsNotOpened() throws Exception {
        ExportCase c = ExportCase.all().get(1);
        ModelConfig config = SmallNets.config("classifier", c.spec(), c.size());
        Path classifier = tmp.resolve("classifier.onnx");
        try (ResNetModel model = ResNetModel.create(config, 1)) {
            OnnxExporter.export(model, OnnxOptions.defaults(), classifier);
        }
        IOException e = assertThrows(IOException.class, () -> OrtSegmenter.open(classifier, 1));
        assertTrue(e.getMessage().startsWith(classifier + " is a classifier"), e.getMessage());

        // a valid graph of another tool, input and output named but not NCHW logits
        GraphBuilder g = new GraphBuilder(17);
        g.input("input");
        g.node("Relu", "relu", List.of("input"), List.of("logits"), List.of());
        ProtoMessage graph = g.build("relu", "", List.of(OnnxProto.floatValueInfo("input",
                List.of("batch", 3L))), List.of(OnnxProto.floatValueInfo("logits",
                List.of("batch", 3L))));
        ProtoMessage model = new ProtoMessage().varint(OnnxProto.MODEL_IR_VERSION, 8)
                .message(OnnxProto.MODEL_OPSET_IMPORT, OnnxProto.opsetId(17))
                .string(OnnxProto.MODEL_PRODUCER_NAME, "elsewhere")
                .message(OnnxProto.MODEL_GRAPH, graph);
        Path foreign = tmp.resolve("foreign.onnx");
        Files.write(foreign, model.toByteArray());
        e = assertThrows(IOException.class, () -> OrtSegmenter.open(foreign, 1));
        assertEquals(foreign + ": input 'input' is of shape [?, 3]; a segmentation export writes "
                + "float32 (batch, channels, height, width)", e.getMessage());
        Path missing = tmp.resolve("missing.onnx");
        e = assertThrows(NoSuchFileException.class, () -> OrtSegmenter.open(missing, 1));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
