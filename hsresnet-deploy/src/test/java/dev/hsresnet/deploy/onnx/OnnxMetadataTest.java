package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exported file is self-contained: its metadata gives back the model's configuration, and
 * files that are not exported models are refused with the file's name and the problem.
 */
class OnnxMetadataTest {

    @TempDir
    Path tmp;

    private static ModelConfig labelled() {
        ExportCase c = ExportCase.all().get(0);
        return SmallNets.config("labelled", c.spec(), c.size())
                .withLabels(List.of("cat", "dog", "ship", "frog", "truck", "bird", "horse \"x\""));
    }

    @Test
    void openingTheFileGivesBackTheModelConfig() throws Exception {
        ModelConfig config = labelled();
        Path file = tmp.resolve("sub/model.onnx");
        try (ResNetModel model = ResNetModel.create(config, 1)) {
            OnnxExporter.export(model, OnnxOptions.defaults(), file);
        }
        try (OrtBackend ort = OrtBackend.open(file, 1)) {
            assertEquals(config, ort.config());
            float[][] out = ort.logits(SmallNets.images(config, 2, 1), 2);
            assertEquals(7, out[1].length);
        }
        try (var dir = Files.list(file.getParent())) {
            assertEquals(List.of(file), dir.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void readableKeysDescribeThePreprocessingAndLabels() throws Exception {
        ModelConfig config = labelled().withPreprocessing(
                new dev.hsresnet.core.models.Preprocessing(9, 0.875, "bicubic",
                        List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225)));
        byte[] onnx;
        try (ResNetModel model = ResNetModel.create(config, 1)) {
            onnx = OnnxExporter.export(model, new OnnxOptions(13, false));
        }
        OnnxMetadata meta = OnnxMetadata.parse(onnx, "mem");
        Map<String, String> p = meta.properties();
        assertEquals("9", p.get(OnnxMetadata.SIZE));
        assertEquals("0.875", p.get(OnnxMetadata.CROP_PCT));
        assertEquals("bicubic", p.get(OnnxMetadata.INTERPOLATION));
        assertEquals("0.485,0.456,0.406", p.get(OnnxMetadata.MEAN));
        assertEquals("0.229,0.224,0.225", p.get(OnnxMetadata.STD));
        assertEquals("[\"cat\",\"dog\",\"ship\",\"frog\",\"truck\",\"bird\",\"horse \\\"x\\\"\"]",
                p.get(OnnxMetadata.LABELS));
        assertEquals("false", p.get(OnnxMetadata.FOLD_BN));
        assertEquals(config, meta.modelConfig("mem"));
        assertEquals("hsresnet", meta.producerName());
        assertTrue(meta.docString().contains("'labelled'"), meta.docString());
        assertEquals(13, meta.opset());
        assertEquals(7, meta.irVersion());
    }

    @Test
    void aModelWithoutLabelsHasNoLabelsKey() throws Exception {
        ExportCase c = ExportCase.all().get(1);
        ModelConfig config = SmallNets.config("unlabelled", c.spec(), c.size());
        try (ResNetModel model = ResNetModel.create(config, 1)) {
            OnnxMetadata meta = OnnxMetadata.parse(
                    OnnxExporter.export(model, OnnxOptions.defaults()), "mem");
            assertFalse(meta.properties().containsKey(OnnxMetadata.LABELS));
            assertEquals(config, meta.modelConfig("mem"));
        }
    }

    @Test
    void aFileThatIsNotOnnxIsRefusedWithItsName() throws Exception {
        Path text = tmp.resolve("notes.onnx");
        Files.writeString(text, "this is not a model\n", StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> OrtBackend.open(text, 1));
        assertTrue(e.getMessage().startsWith(text + " is not an ONNX model"), e.getMessage());

        Path empty = Files.createFile(tmp.resolve("empty.onnx"));
        e = assertThrows(IOException.class, () -> OrtBackend.open(empty, 1));
        assertEquals(empty + " is not an ONNX model (it is empty)", e.getMessage());

        Path truncated = tmp.resolve("truncated.onnx");
        ExportCase c = ExportCase.all().get(1);
        try (ResNetModel model = ResNetModel.create(SmallNets.config("t", c.spec(), c.size()), 1)) {
            byte[] onnx = OnnxExporter.export(model, OnnxOptions.defaults());
            Files.write(truncated, java.util.Arrays.copyOf(onnx, onnx.length / 2));
        }
        e = assertThrows(IOException.class, () -> OrtBackend.open(truncated, 1));
        assertTrue(e.getMessage().startsWith(truncated + " is not an ONNX model (malformed"),
                e.getMessage());

        Path missing = tmp.resolve("missing.onnx");
        assertThrows(NoSuchFileException.class, () -> OrtBackend.open(missing, 1));
    }

    @Test
    void anOnnxFileWithoutTheMetadataIsRefused() throws Exception {
        // a valid one-node model (Relu) as another tool would write it
        GraphBuilder g = new GraphBuilder(17);
        g.input("x");
        g.relu("y", "x");
        ProtoMessage graph = g.build("relu", "", List.of(OnnxProto.floatValueInfo("x",
                List.of("batch", 3L))), List.of(OnnxProto.floatValueInfo("y", List.of("batch", 3L))));
        ProtoMessage model = new ProtoMessage().varint(OnnxProto.MODEL_IR_VERSION, 8)
                .message(OnnxProto.MODEL_OPSET_IMPORT, OnnxProto.opsetId(17))
                .string(OnnxProto.MODEL_PRODUCER_NAME, "elsewhere")
                .message(OnnxProto.MODEL_GRAPH, graph);
        Path file = tmp.resolve("foreign.onnx");
        Files.write(file, model.toByteArray());
        IOException e = assertThrows(IOException.class, () -> OrtBackend.open(file, 1));
        assertTrue(e.getMessage().startsWith(file + " has no 'hsresnet.model_json' metadata"),
                e.getMessage());
        assertEquals(1, OnnxMetadata.read(file).nodeCount());
    }

    @Test
    void aConfigThatDoesNotFitTheGraphIsRefused() throws Exception {
        ExportCase c = ExportCase.all().get(1);
        ModelConfig config = SmallNets.config("fit", c.spec(), c.size());
        byte[] onnx;
        try (ResNetModel model = ResNetModel.create(config, 1)) {
            onnx = OnnxExporter.export(model, OnnxOptions.defaults());
        }
        ModelConfig otherSize = config.withPreprocessing(config.preprocessing().withSize(8));
        IOException e = assertThrows(IOException.class,
                () -> OrtBackend.open(onnx, otherSize, 1));
        assertTrue(e.getMessage().contains("'input' has shape [-1, 1, 7, 7] but the model "
                + "configuration needs [batch, 1, 8, 8]"), e.getMessage());
        try (OrtBackend ort = OrtBackend.open(onnx, config, 1)) {
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> ort.logits(new float[10], 1));
            assertEquals("input has 10 floats but 1 images of 1x7x7 need 49", bad.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ort.logits(new float[0], 0));
        }
    }
}
