package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.data.CocoInstanceFiles;
import dev.hsresnet.data.SyntheticInstances;
import dev.hsresnet.data.detection.DetectionSets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} (new, from a recipe, resumed) and {@code eval} of an instance segmenter on a tiny
 * Penn-Fudan-style set ({@link SyntheticInstances}: 17 images of 48 x 64, 10 of them trained on).
 */
class InstanceCliTest {

    @TempDir
    Path tmp;

    private static final String[] SMALL = {"-o", "augment.minShort=48", "-o",
        "augment.maxShort=64", "-o", "augment.maxLongSide=96", "-o", "augment.evalShort=48",
        "-o", "data.workers=1", "-o", "checkpoint.everySteps=5"};

    private CliRun train(String... args) {
        String[] all = new String[args.length + SMALL.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(SMALL, 0, all, args.length, SMALL.length);
        return CliRun.of(all);
    }

    @Test
    void trainResumeAndEvalAnInstanceModel() throws IOException {
        Path data = tmp.resolve("data");
        SyntheticInstances.write(data, 17, 48, 64, 2, true, 9);
        Path run = tmp.resolve("run");
        CliRun r = train("train", "--model", "yolact_hs_resnet26_nano", "--data",
                data.toString(), "--epochs", "1", "--batch-size", "2", "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("epoch 1: train loss ") && r.out().contains(", val mask AP "),
                r.out());
        assertTrue(r.out().contains("finished: best val mask AP "), r.out());
        JsonNode recipe = SpecJson.mapper().readTree(run.resolve("recipe.json").toFile());
        assertEquals("pennfudan-instances", recipe.get("data").get("kind").asText(),
                "the instance models' default kind");
        assertEquals(100, recipe.get("loss").get("maxMasks").asInt());

        CliRun resumed = CliRun.of("train", "--resume", run.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("resuming from step-000000005"), resumed.out());

        Path file = tmp.resolve("recipe.json");
        Files.writeString(file, """
                {"model": {"name": "yolact_resnet26_nano"},
                 "data": {"kind": "pennfudan-instances", "root": "elsewhere"},
                 "epochs": 1, "batchSize": 5, "loss": {"maskWeight": 2, "maxMasks": 20}}
                """);
        Path second = tmp.resolve("second");
        CliRun fromRecipe = train("train", "--recipe", file.toString(), "--data",
                data.toString(), "--out", second.toString());
        assertEquals(0, fromRecipe.exitCode(), fromRecipe.err());
        JsonNode saved = SpecJson.mapper().readTree(second.resolve("recipe.json").toFile());
        assertEquals(data.toString(), saved.get("data").get("root").asText());
        assertEquals(2.0, saved.get("loss").get("maskWeight").asDouble());

        Path out = tmp.resolve("eval");
        CliRun e = CliRun.of("eval", "--model", run.resolve("best").toString(), "--data",
                data.toString(), "--split", "test", "--workers", "1", "--out", out.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(e.out().startsWith("yolact_hs_resnet26_nano on " + data
                + " (pennfudan-instances, test): mask AP "), e.out());
        assertTrue(e.out().contains("(5 images, "), e.out());
        assertTrue(e.out().contains("segm:\n Average Precision  (AP) @[ IoU=0.50:0.95 | area=   "
                + "all | maxDets=100 ] = "), e.out());
        assertTrue(e.out().contains("bbox:\n"), e.out());
        JsonNode metrics = SpecJson.mapper().readTree(out.resolve("metrics.json").toFile());
        for (String iou : new String[] {"segm", "bbox"}) {
            double ap = metrics.get(iou).get("summary").get("ap").asDouble();
            assertTrue(ap >= 0 && ap <= 1, metrics.toString());
            assertEquals("pedestrian", metrics.get(iou).get("perClass").get(0).get("name")
                    .asText());
        }
        assertTrue(Files.isRegularFile(out.resolve("test-segm-pr.png")), e.out());
        try (var pictures = Files.list(out.resolve("predictions"))) {
            assertEquals(4, pictures.count());
        }

        CliRun wrongKind = CliRun.of("eval", "--model", run.resolve("best").toString(),
                "--data", data.toString(), "--kind", "pennfudan");
        assertTrue(wrongKind.exitCode() != 0);
        assertTrue(wrongKind.err().contains("--kind for an instance segmentation model must be "
                + "one of pennfudan-instances, coco-instances, got 'pennfudan'"),
                wrongKind.err());

        // the same splits as COCO JSON with RLE masks: eval scores them alike, train trains
        Path coco = tmp.resolve("coco");
        for (String split : List.of("train-val", "val", "test")) {
            CocoInstanceFiles.write(DetectionSets.open("pennfudan-instances", data, split), coco,
                    split);
        }
        Path cocoOut = tmp.resolve("eval-coco");
        CliRun ce = CliRun.of("eval", "--model", run.resolve("best").toString(), "--data",
                coco.toString(), "--kind", "coco-instances", "--split", "test", "--workers", "1",
                "--out", cocoOut.toString());
        assertEquals(0, ce.exitCode(), ce.err());
        assertTrue(ce.out().startsWith("yolact_hs_resnet26_nano on " + coco
                + " (coco-instances, test): mask AP "), ce.out());
        JsonNode cocoMetrics = SpecJson.mapper().readTree(cocoOut.resolve("metrics.json")
                .toFile());
        for (String iou : new String[] {"segm", "bbox"}) {
            assertEquals(metrics.get(iou).get("summary"), cocoMetrics.get(iou).get("summary"),
                    iou + ": the COCO copy scores as the Penn-Fudan files");
        }
        CliRun cocoTrain = train("train", "--model", "yolact_resnet26_nano", "--kind",
                "coco-instances", "--data", coco.toString(), "--epochs", "1", "--batch-size", "2",
                "--out", tmp.resolve("coco-run").toString());
        assertEquals(0, cocoTrain.exitCode(), cocoTrain.err());
        assertTrue(cocoTrain.out().contains(", val mask AP "), cocoTrain.out());
    }
}
