package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.engine.CpuInfo;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad calibration folders and unquantizable options fail clearly, and before any file is written. */
class OnnxQuantizerInputTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingPathAFileAndAnEmptyFolderAreNamed() throws IOException {
        Path missing = tmp.resolve("nope");
        assertMessage(missing + " does not exist", () -> CalibrationImages.of(missing, 8));
        Path file = Files.writeString(tmp.resolve("a.jpg"), "x");
        assertMessage(file + " is not a folder", () -> CalibrationImages.of(file, 8));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no pictures here");
        assertMessage("no image found", () -> CalibrationImages.of(empty, 8));
        assertThrows(IllegalArgumentException.class, () -> CalibrationImages.of(empty, 0));
    }

    @Test
    void aLargeFolderIsSampledEvenlyInNameOrder() throws IOException {
        Path dir = CalibrationFolders.jpegs(tmp.resolve("many"), 10, 8, 1);
        CalibrationImages images = CalibrationImages.of(dir, 4);
        assertEquals(10, images.found());
        assertEquals(List.of("img000.jpg", "img002.jpg", "img005.jpg", "img007.jpg"),
                images.files().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(10, CalibrationImages.of(dir, 50).files().size());
    }

    @Test
    void aFolderOfUnreadableImagesFailsAndWritesNothing() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("broken"));
        for (String name : List.of("a.jpg", "b.png", "c.jpeg")) {
            Files.writeString(dir.resolve(name), "not an image");
        }
        Path out = tmp.resolve("model-int8.onnx");
        try (ResNetModel model = tiny()) {
            IOException e = assertThrows(IOException.class, () -> OnnxQuantizer.int8(model,
                    OnnxOptions.defaults(), new Int8Options(8), CalibrationImages.of(dir, 8),
                    line -> { }, out));
            assertTrue(e.getMessage().contains("none of its 3 images could be read (first: "
                    + dir.resolve("a.jpg")), e.getMessage());
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void unquantizableOptionsAreRefusedBeforeCalibration() throws IOException {
        Path dir = CalibrationFolders.jpegs(tmp.resolve("calib"), 2, 8, 1);
        Path out = Files.writeString(tmp.resolve("kept.onnx"), "the old file");
        try (ResNetModel model = tiny()) {
            CalibrationImages images = CalibrationImages.of(dir, 8);
            IllegalArgumentException opset = assertThrows(IllegalArgumentException.class,
                    () -> OnnxQuantizer.int8(model, OnnxOptions.defaults().withOpset(12),
                            new Int8Options(8), images, line -> { }, out));
            assertTrue(opset.getMessage().contains("opset 13 or newer"), opset.getMessage());
            IllegalArgumentException fold = assertThrows(IllegalArgumentException.class,
                    () -> OnnxQuantizer.int8(model, OnnxOptions.defaults().withFoldBn(false),
                            new Int8Options(8), images, line -> { }, out));
            assertTrue(fold.getMessage().contains("BatchNorm folded"), fold.getMessage());
        }
        assertEquals("the old file", Files.readString(out));
        assertThrows(IllegalArgumentException.class, () -> new Int8Options(6));
    }

    @Test
    void weightBitsFollowTheCpusVnni() {
        assertEquals(8, Int8Options.forCpu(new CpuInfo("x", Set.of("avx512_vnni"))).weightBits());
        assertEquals(8, Int8Options.forCpu(new CpuInfo("x", Set.of("avx_vnni"))).weightBits());
        assertEquals(7, Int8Options.forCpu(new CpuInfo("x", Set.of("avx2", "fma"))).weightBits());
    }

    @Test
    void theFileSaysHowItIsQuantized() throws IOException {
        Path dir = CalibrationFolders.jpegs(tmp.resolve("calib"), 3, 12, 2);
        Path out = tmp.resolve("q.onnx");
        try (ResNetModel model = tiny()) {
            OnnxQuantizer.int8(model, OnnxOptions.defaults(), new Int8Options(7),
                    CalibrationImages.of(dir, 8), line -> { }, out);
        }
        OnnxMetadata meta = OnnxMetadata.read(out);
        assertTrue(meta.quantization().startsWith("int8 static QDQ"), meta.quantization());
        assertTrue(meta.quantization().contains("min-max over 3 images of calib"),
                meta.quantization());
        assertTrue(meta.quantization().contains("(7 bits)"), meta.quantization());
        GraphSummary g = GraphSummary.of(Files.readAllBytes(out));
        for (var e : g.initializers().entrySet()) {
            if (e.getKey().endsWith(".weight.folded.int8")) {
                byte[] codes = new byte[e.getValue().remaining()];
                e.getValue().duplicate().get(codes);
                for (byte b : codes) {
                    assertTrue(b >= -63 && b <= 63, e.getKey() + " holds " + b + " with 7 bits");
                }
            }
        }
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable run) {
        IOException e = assertThrows(IOException.class, run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    private static ResNetModel tiny() {
        ExportCase c = ExportCase.all().get(0);
        ModelConfig config = SmallNets.config("tiny", c.spec(), c.size());
        return SmallNets.create(config, 2);
    }
}
