package dev.hsresnet.train.detection;

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
import dev.hsresnet.data.SyntheticDetection;
import dev.hsresnet.train.loop.RecordingProgress;
import dev.hsresnet.train.recipe.DetectionRecipe;
import dev.hsresnet.train.recipe.RecipeException;
import dev.hsresnet.vision.detection.DetectionModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A detection run on a tiny synthetic CSV dataset: files, learning, exact resume, errors. */
class DetectionTrainRunTest {

    @TempDir
    Path tmp;

    private Path data;

    @BeforeEach
    void data() throws IOException {
        data = tmp.resolve("data");
        SyntheticDetection.write(data, SyntheticDetection.Format.CSV, 12, 64, 80, 3);
    }

    private DetectionRecipe recipe(String... overrides) {
        return ShortRuns.recipe(DetectionRecipe.class, """
                {"model": {"name": "fcos_hs_resnet26_nano"},
                 "data": {"kind": "csv", "root": "%s", "train": "train", "val": "test",
                          "test": "test", "workers": 1},
                 "epochs": 3, "batchSize": 3, "seed": 5,
                 "augment": {"minShort": 64, "maxShort": 96, "maxLongSide": 128, "evalShort": 64},
                """, data, overrides);
    }

    @Test
    void aRunLearnsAndWritesEverythingItPromises() throws IOException {
        Path run = tmp.resolve("run");
        FcosRun.Result result = DetectionTrainRun.start(recipe("epochs=6",
                "augment.maxShort=64", "optimizer.lr=0.02", "evalEvery=2"), run, new RecordingProgress(-1));
        List<DetectionEpoch> epochs = DetectionLog.readCsv(run.resolve(
                DetectionTrainRun.METRICS_FILE), DetectionTrainRun.valColumns()).epochs();
        assertEquals(6, epochs.size());
        assertEquals("epoch,step,train_loss,val_ap,val_ap50,val_ap75,val_ar100,lr,"
                + "images_per_second,epoch_seconds", Files.readAllLines(
                        run.resolve(DetectionTrainRun.METRICS_FILE)).get(0),
                "the columns runs made before the instance runs resume with");
        assertTrue(epochs.get(5).trainLoss() < 0.9 * epochs.get(0).trainLoss(), epochs.toString());
        for (DetectionEpoch e : epochs) {
            assertEquals(e.epoch() % 2 == 0, e.evaluated(), e.toString());
            assertTrue(!e.evaluated() || e.valAp() >= 0 && e.valAp() <= 1
                    && e.val(1) >= e.valAp(), e.toString());
        }
        JsonNode summary = SpecJson.mapper().readTree(
                run.resolve(DetectionTrainRun.SUMMARY_FILE).toFile());
        assertEquals(6, summary.get("epochsDone").asInt());
        assertEquals(result.summary().bestValAp(), summary.get("bestValAp").asDouble());
        JsonNode test = SpecJson.mapper().readTree(run.resolve("test-metrics.json").toFile());
        assertEquals(3, test.get("perClass").size());
        for (String f : List.of("loss.png", "val.png", "test-pr.png", "test-pr-red.png")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        try (var pictures = Files.list(run.resolve("predictions"))) {
            assertEquals(3, pictures.count()); // the 3 test images
        }
        try (NetworkModel best = ModelDir.loadAny(run.resolve(DetectionTrainRun.BEST),
                LoadOptions.DEFAULT)) {
            assertTrue(best instanceof DetectionModel);
            assertEquals(List.of(SyntheticDetection.CLASSES), best.config().labels());
            DetectionModel d = (DetectionModel) best;
            assertEquals(64, d.spec().minSize());
            assertEquals(128, d.spec().maxSize());
        }
        assertTrue(DetectionTrainRun.isDetectionRun(run));
    }

    @Test
    void aKilledRunResumesToTheSameWeights() throws IOException {
        Path whole = tmp.resolve("whole");
        DetectionTrainRun.start(recipe("epochs=2"), whole, new RecordingProgress(-1));
        Path killed = tmp.resolve("killed");
        assertThrows(IllegalStateException.class,
                () -> DetectionTrainRun.start(recipe("epochs=2"), killed, new RecordingProgress(4)));
        RecordingProgress resumed = new RecordingProgress(-1);
        DetectionTrainRun.resume(killed, resumed);
        assertTrue(resumed.lines.stream().anyMatch(l -> l.startsWith("resuming from")),
                resumed.lines.toString());
        assertArrayEquals(Files.readAllBytes(whole.resolve("model").resolve(ModelDir.WEIGHTS_FILE)),
                Files.readAllBytes(killed.resolve("model").resolve(ModelDir.WEIGHTS_FILE)));
        assertEquals(2, DetectionLog.readCsv(killed.resolve(DetectionTrainRun.METRICS_FILE),
                DetectionTrainRun.valColumns())
                .epochs().size());
    }

    @Test
    void badDataAndRecipesAreRefusedBeforeTrainingAndLeaveNothingBehind() throws IOException {
        Path csv = data.resolve("train.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.add(lines.get(1).replaceFirst(",(red|green|blue),", ",purple,"));
        Files.write(csv, lines);
        Path run = tmp.resolve("run");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DetectionTrainRun.start(recipe(), run, new RecordingProgress(-1)));
        assertTrue(e.getMessage().contains("train.csv") && e.getMessage().contains("purple"),
                e.getMessage());
        assertFalse(Files.exists(run));
        RecipeException r = assertThrows(RecipeException.class, () -> recipe("data.kind=yolo"));
        assertTrue(r.getMessage().contains("kind") && r.getMessage().contains("yolo"),
                r.getMessage());
        IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
                () -> DetectionTrainRun.start(recipe("model.name=fcos_nothing"), run,
                        new RecordingProgress(-1)));
        assertTrue(model.getMessage().contains("fcos_nothing"), model.getMessage());
        assertFalse(Files.exists(run));
    }
}
