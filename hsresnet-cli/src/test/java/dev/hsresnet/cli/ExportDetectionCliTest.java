package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.detection.DetectionTask;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export} on a detection model directory writes the detector's ONNX file. */
class ExportDetectionCliTest {

    @TempDir
    Path tmp;

    @Test
    void aDetectionModelDirectoryIsExported() throws Exception {
        Path dir = tmp.resolve("m");
        ModelConfig saved;
        try (DetectionModel m = DetectionModel.create(
                DetectionModels.config("fcos_resnet26_nano", List.of("cat", "dog")), 1)) {
            ModelDir.save(m, dir);
            saved = m.config();
        }
        Path onnx = tmp.resolve("out/det.onnx");
        CliRun export = CliRun.of("export", "--model", dir.toString(), "--format", "onnx",
                "--out", onnx.toString(), "--opset", "13");
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(export.out().startsWith("wrote " + onnx + " (onnx, "), export.out());
        assertTrue(export.out().contains("opset 13"), export.out());
        OnnxMetadata meta = OnnxMetadata.read(onnx);
        assertEquals(OnnxMetadata.TASK_DETECTION, meta.task());
        ModelConfig back = meta.detectionConfig(onnx.toString());
        assertEquals("fcos_resnet26_nano", back.name());
        assertEquals(List.of("cat", "dog"), back.labels());
        assertEquals(DetectionTask.spec(saved), DetectionTask.spec(back));

        CliRun int8 = CliRun.of("export", "--model", dir.toString(), "--format", "onnx",
                "--out", tmp.resolve("q.onnx").toString(), "--quantize", "int8",
                "--calibration", tmp.toString());
        assertTrue(int8.exitCode() != 0, int8.out());
        assertTrue(int8.err().contains("--quantize int8 is built for classifiers only; export "
                + "a detection model as float32"), int8.err());
    }
}
