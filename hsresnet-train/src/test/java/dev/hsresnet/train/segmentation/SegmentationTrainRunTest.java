package dev.hsresnet.train.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.data.SyntheticSegmentation;
import dev.hsresnet.train.loop.RecordingProgress;
import dev.hsresnet.train.recipe.RecipeException;
import dev.hsresnet.train.recipe.Recipes;
import dev.hsresnet.train.recipe.SegmentationRecipe;
import dev.hsresnet.vision.segmentation.SegmentationModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A segmentation run on a tiny learnable folder dataset: files, learning, exact resume, errors. */
class SegmentationTrainRunTest {

    @TempDir
    Path tmp;

    private Path data;

    @BeforeEach
    void data() throws IOException {
        data = tmp.resolve("data");
        SyntheticSegmentation.write(data.resolve("train"), 8, 32, 48, 1);
        SyntheticSegmentation.write(data.resolve("val"), 3, 32, 48, 2);
    }

    private SegmentationRecipe recipe(String... overrides) {
        String json = """
                {"model": {"name": "fpn_hs_resnet26_nano"},
                 "data": {"kind": "folder", "root": "%s", "test": "val", "workers": 1},
                 "epochs": 3, "batchSize": 4, "seed": 4,
                 "augment": {"crop": [32, 32], "scaleMin": 1, "scaleMax": 1},
                 "loss": {"classWeights": "median-frequency"},
                 "optimizer": {"lr": 0.05},
                 "schedule": {"warmupEpochs": 0},
                 "checkpoint": {"everySteps": 1, "keepLast": 2}}
                """.formatted(data.toString().replace("\\", "\\\\"));
        return Recipes.applyOverrides(Recipes.parse(json, Recipes.Format.JSON, "recipe",
                SegmentationRecipe.class), List.of(overrides));
    }

    @Test
    void aRunLearnsAndWritesEverythingItPromises() throws IOException {
        Path run = tmp.resolve("run");
        SegmentationTrainRun.Result result = SegmentationTrainRun.start(recipe(), run,
                new RecordingProgress(-1));
        List<SegmentationEpoch> epochs = SegmentationLog.readCsv(
                run.resolve(SegmentationTrainRun.METRICS_FILE),
                List.of(SyntheticSegmentation.CLASSES)).epochs();
        assertEquals(3, epochs.size());
        assertTrue(epochs.get(2).trainLoss() < epochs.get(0).trainLoss(), epochs.toString());
        assertEquals(3, epochs.get(2).valClassIou().size());
        assertTrue(epochs.get(2).valMeanIou() >= 0 && epochs.get(2).valMeanIou() <= 1);
        JsonNode summary = SpecJson.mapper().readTree(
                run.resolve(SegmentationTrainRun.SUMMARY_FILE).toFile());
        assertEquals(3, summary.get("epochsDone").asInt());
        assertEquals(result.summary().bestValMeanIou(), summary.get("bestValMeanIou").asDouble());
        assertTrue(summary.get("test").get("classIou").size() == 3);
        assertTrue(Files.isRegularFile(run.resolve("test-metrics.json")));
        try (NetworkModel best = ModelDir.loadAny(run.resolve(SegmentationTrainRun.BEST),
                LoadOptions.DEFAULT)) {
            assertTrue(best instanceof SegmentationModel);
            assertEquals(List.of(SyntheticSegmentation.CLASSES), best.config().labels());
        }
        assertTrue(SegmentationTrainRun.isSegmentationRun(run));
    }

    @Test
    void deepLabWithTheAuxiliaryHeadTrainsAndSavesBothHeads() throws IOException {
        Path run = tmp.resolve("aux");
        SegmentationTrainRun.start(recipe("model.name=deeplabv3_hs_resnet26_nano",
                "model.auxHead=true", "epochs=1"), run, new RecordingProgress(-1));
        JsonNode head = SpecJson.mapper().readTree(run.resolve("best/model.json").toFile())
                .get("head");
        assertEquals("aspp", head.get("decodeHead").asText());
        assertTrue(head.get("auxHead").asBoolean());
        try (NetworkModel best = ModelDir.loadAny(run.resolve(SegmentationTrainRun.BEST),
                LoadOptions.DEFAULT)) {
            assertTrue(best.parameters().keySet().stream()
                    .anyMatch(n -> n.startsWith("auxiliary_head.")));
            assertTrue(best.parameters().keySet().stream().noneMatch(n -> n.startsWith("neck.")));
        }
    }

    @Test
    void aKilledRunResumesToTheSameWeights() throws IOException {
        Path whole = tmp.resolve("whole");
        SegmentationTrainRun.start(recipe("epochs=2"), whole, new RecordingProgress(-1));
        Path killed = tmp.resolve("killed");
        assertThrows(IllegalStateException.class,
                () -> SegmentationTrainRun.start(recipe("epochs=2"), killed, new RecordingProgress(3)));
        RecordingProgress resumed = new RecordingProgress(-1);
        SegmentationTrainRun.resume(killed, resumed);
        assertTrue(resumed.lines.stream().anyMatch(l -> l.startsWith("resuming from")),
                resumed.lines.toString());
        assertArrayEquals(Files.readAllBytes(whole.resolve("model").resolve(ModelDir.WEIGHTS_FILE)),
                Files.readAllBytes(killed.resolve("model").resolve(ModelDir.WEIGHTS_FILE)));
        assertEquals(2, SegmentationLog.readCsv(killed.resolve(SegmentationTrainRun.METRICS_FILE),
                List.of(SyntheticSegmentation.CLASSES)).epochs().size());
    }

    @Test
    void badDataAndRecipesAreRefusedBeforeTrainingAndLeaveNothingBehind() throws IOException {
        Path bad = data.resolve("train").resolve("masks").resolve("pair003.png");
        java.awt.image.BufferedImage mask = new java.awt.image.BufferedImage(48, 32,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        mask.getRaster().setSample(5, 7, 0, 9);
        javax.imageio.ImageIO.write(mask, "png", bad.toFile());
        Path run = tmp.resolve("run");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentationTrainRun.start(recipe(), run, new RecordingProgress(-1)));
        assertTrue(e.getMessage().contains("pair003.png") && e.getMessage().contains("value 9"),
                e.getMessage());
        assertFalse(Files.exists(run));
        RecipeException r = assertThrows(RecipeException.class, () -> recipe("loss.classWeights=inverse"));
        assertTrue(r.getMessage().contains("classWeights"), r.getMessage());
        IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
                () -> SegmentationTrainRun.start(recipe("model.name=fpn_nothing"), run,
                        new RecordingProgress(-1)));
        assertTrue(model.getMessage().contains("unknown segmentation model 'fpn_nothing'"),
                model.getMessage());
    }
}
