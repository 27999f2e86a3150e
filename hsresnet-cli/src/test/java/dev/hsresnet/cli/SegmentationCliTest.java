package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.data.SyntheticSegmentation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, resume, eval, info, init, export and models on segmentation model directories. */
class SegmentationCliTest {

    @TempDir
    Path tmp;

    @Test
    void aSegmentationModelGoesThroughEveryCommandFromItsDirectory() throws IOException {
        Path data = tmp.resolve("data");
        SyntheticSegmentation.write(data.resolve("train"), 8, 32, 48, 1);
        SyntheticSegmentation.write(data.resolve("val"), 2, 32, 48, 2);
        Path recipe = tmp.resolve("seg.yaml");
        Files.writeString(recipe, """
                model: {name: fpn_hs_resnet26_nano}
                data: {kind: folder, root: "%s", workers: 1}
                epochs: 1
                batchSize: 4
                augment: {crop: [32, 32], scaleMin: 1, scaleMax: 1}
                schedule: {warmupEpochs: 0}
                """.formatted(data.toString().replace("\\", "\\\\")));
        Path run = tmp.resolve("run");
        CliRun train = CliRun.of("train", "--recipe", recipe.toString(), "--out", run.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("val mIoU"), train.out());
        CliRun again = CliRun.of("train", "--resume", run.toString());
        assertEquals(0, again.exitCode(), again.err());
        Path best = run.resolve("best");

        CliRun eval = CliRun.of("eval", "--model", best.toString(), "--kind", "folder", "--data",
                data.resolve("val").toString(), "--out", tmp.resolve("eval").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode metrics = new ObjectMapper().readTree(tmp.resolve("eval/metrics.json").toFile());
        assertEquals(3, metrics.get("classIou").size());
        assertEquals(2 * 32 * 47, metrics.get("pixels").asLong(), "column 0 is ignored");
        assertTrue(eval.out().contains("mIoU") && eval.out().contains("green"), eval.out());
        assertTrue(Files.size(tmp.resolve("eval/iou.png")) > 1000);
        assertTrue(Files.isRegularFile(tmp.resolve("eval/predictions/pair000.png")));
        for (String picture : new String[] {"loss.png", "val.png", "val-iou.png",
            "predictions/pair000.png"}) {
            assertTrue(Files.isRegularFile(run.resolve(picture)), picture);
        }

        Path masks = tmp.resolve("masks");
        CliRun predict = CliRun.of("predict", "--model", best.toString(), "--out",
                masks.toString(), data.resolve("val/images/pair000.png").toString());
        assertEquals(0, predict.exitCode(), predict.err());
        java.awt.image.BufferedImage overlay = javax.imageio.ImageIO.read(
                masks.resolve("pair000-overlay.png").toFile());
        assertEquals(48, overlay.getWidth());
        assertEquals(32, overlay.getHeight());
        assertTrue(Files.isRegularFile(masks.resolve("pair000-mask.png")));

        CliRun info = CliRun.of("info", best.toString());
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("segmentation network: FPN neck 64 channels"), info.out());

        Path onnx = tmp.resolve("m.onnx");
        CliRun export = CliRun.of("export", "--model", best.toString(), "--format", "onnx",
                "--out", onnx.toString());
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(Files.size(onnx) > 100_000);

        CliRun init = CliRun.of("init", "fpn_resnet26_nano", "--classes", "4", "--out",
                tmp.resolve("init").toString());
        assertEquals(0, init.exitCode(), init.err());
        assertTrue(init.out().contains("(segmentation), 4 classes"), init.out());

        CliRun models = CliRun.of("models");
        assertTrue(models.out().contains("fpn_hs_resnet26_lite") && models.out()
                .contains("360x480"), models.out());

        CliRun wrongKind = CliRun.of("eval", "--model", best.toString(), "--kind", "cifar10",
                "--data", data.toString());
        assertTrue(wrongKind.exitCode() != 0 && wrongKind.err().contains("camvid or folder"),
                wrongKind.err());
    }
}
