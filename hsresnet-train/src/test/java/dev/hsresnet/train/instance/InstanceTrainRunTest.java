package dev.hsresnet.train.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.data.SyntheticInstances;
import dev.hsresnet.data.detection.BatchMasks;
import dev.hsresnet.data.detection.DetectionBatch;
import dev.hsresnet.data.detection.PennFudanReader;
import dev.hsresnet.train.detection.DetectionEpoch;
import dev.hsresnet.train.detection.DetectionLog;
import dev.hsresnet.train.detection.DetectionTrainRun;
import dev.hsresnet.train.detection.FcosRun;
import dev.hsresnet.train.detection.ShortRuns;
import dev.hsresnet.train.loop.RecordingProgress;
import dev.hsresnet.train.recipe.InstanceRecipe;
import dev.hsresnet.train.recipe.RecipeException;
import dev.hsresnet.vision.instance.InstanceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance run on a tiny Penn-Fudan-style set (17 images of 48 x 64 with one to three
 * ellipses: 10 train-val, 2 val, 5 test): files, metrics, exact resume, errors.
 */
class InstanceTrainRunTest {

    @TempDir
    Path tmp;

    private Path data;

    @BeforeEach
    void data() throws IOException {
        data = tmp.resolve("data");
        SyntheticInstances.write(data, 17, 48, 64, 2, true, 5);
    }

    private InstanceRecipe recipe(String... overrides) {
        return ShortRuns.recipe(InstanceRecipe.class, """
                {"model": {"name": "yolact_hs_resnet26_nano"},
                 "data": {"kind": "pennfudan-instances", "root": "%s", "workers": 1},
                 "epochs": 2, "batchSize": 2, "seed": 5,
                 "augment": {"minShort": 48, "maxShort": 64, "maxLongSide": 96, "evalShort": 48},
                """, data, overrides);
    }

    @Test
    void aRunTrainsEvaluatesMasksAndBoxesAndWritesItsFiles() throws IOException {
        Path run = tmp.resolve("run");
        FcosRun.Result result = InstanceTrainRun.start(recipe("epochs=3"), run,
                new RecordingProgress(-1));
        Path metrics = run.resolve(FcosRun.METRICS_FILE);
        assertEquals("epoch,step,train_loss,val_mask_ap,val_mask_ap50,val_box_ap,val_box_ap50,"
                + "lr,images_per_second,epoch_seconds", Files.readAllLines(metrics).get(0));
        List<DetectionEpoch> epochs = DetectionLog.readCsv(metrics,
                InstanceTrainRun.valColumns()).epochs();
        assertEquals(3, epochs.size());
        double best = Double.NEGATIVE_INFINITY;
        for (DetectionEpoch e : epochs) {
            assertTrue(e.evaluated() && Double.isFinite(e.trainLoss()), e.toString());
            for (double v : e.val()) {
                assertTrue(v >= 0 && v <= 1, e.toString());
            }
            assertTrue(e.val(1) >= e.val(0) && e.val(3) >= e.val(2), "AP50 >= AP: " + e);
            best = Math.max(best, e.valAp());
        }
        assertTrue(epochs.get(2).trainLoss() < epochs.get(0).trainLoss(), epochs.toString());
        assertEquals(3 * 5, epochs.get(2).step(), "10 images in batches of 2");

        JsonNode summary = SpecJson.mapper().readTree(run.resolve(FcosRun.SUMMARY_FILE).toFile());
        assertEquals(best, summary.get("bestValAp").asDouble(), "the best val mask AP");
        assertEquals(best, result.summary().bestValAp());
        assertEquals(12, summary.get("finalVal").get("segm").size());
        assertEquals(12, summary.get("test").get("bbox").size());
        JsonNode val = SpecJson.mapper().readTree(run.resolve("val-metrics.json").toFile());
        assertEquals(epochs.get(2).val(0), val.get("segm").get("ap").asDouble(), 1e-12);
        assertEquals(epochs.get(2).val(2), val.get("bbox").get("ap").asDouble(), 1e-12);
        JsonNode test = SpecJson.mapper().readTree(run.resolve("test-metrics.json").toFile());
        for (String iou : List.of("bbox", "segm")) {
            double ap = test.get(iou).get("summary").get("ap").asDouble();
            assertTrue(ap >= 0 && ap <= 1, test.toString());
            assertEquals(1, test.get(iou).get("perClass").size());
        }
        for (String f : List.of("loss.png", "val.png", "test-segm-pr.png")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        try (var pictures = Files.list(run.resolve("predictions"))) {
            assertEquals(5, pictures.count(), "the 5 test images");
        }
        try (NetworkModel m = ModelDir.loadAny(run.resolve(FcosRun.BEST), LoadOptions.DEFAULT)) {
            InstanceModel best2 = (InstanceModel) m;
            assertEquals(List.of(PennFudanReader.CLASS), best2.config().labels());
            assertEquals(48, best2.spec().detection().minSize());
            assertEquals(96, best2.spec().detection().maxSize());
        }
        assertTrue(InstanceTrainRun.isInstanceRun(run));
        assertFalse(DetectionTrainRun.isDetectionRun(run));
    }

    @Test
    void aKilledRunResumesToTheSameWeights() throws IOException {
        Path whole = tmp.resolve("whole");
        InstanceTrainRun.start(recipe(), whole, new RecordingProgress(-1));
        Path killed = tmp.resolve("killed");
        assertThrows(IllegalStateException.class,
                () -> InstanceTrainRun.start(recipe(), killed, new RecordingProgress(7)));
        RecordingProgress resumed = new RecordingProgress(-1);
        InstanceTrainRun.resume(killed, resumed);
        assertTrue(resumed.lines.stream().anyMatch(l -> l.startsWith("resuming from")),
                resumed.lines.toString());
        assertArrayEquals(Files.readAllBytes(whole.resolve("model").resolve(ModelDir.WEIGHTS_FILE)),
                Files.readAllBytes(killed.resolve("model").resolve(ModelDir.WEIGHTS_FILE)));
        assertEquals(Files.readString(whole.resolve("test-metrics.json")),
                Files.readString(killed.resolve("test-metrics.json")));
        assertEquals(2, DetectionLog.readCsv(killed.resolve(FcosRun.METRICS_FILE),
                InstanceTrainRun.valColumns()).epochs().size());
    }

    @Test
    void badRecipesAndModelsAreRefusedAndLeaveNothingBehind() {
        Path run = tmp.resolve("run");
        RecipeException kind = assertThrows(RecipeException.class,
                () -> recipe("data.kind=pennfudan"));
        assertTrue(kind.getMessage().contains("data.kind: must be one of pennfudan-instances"),
                kind.getMessage());
        RecipeException weight = assertThrows(RecipeException.class,
                () -> recipe("loss.maskWeight=-0.5"));
        assertTrue(weight.getMessage().contains("loss.maskWeight"), weight.getMessage());
        for (String name : List.of("yolact_nothing", "fcos_hs_resnet26_nano")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> InstanceTrainRun.start(recipe("model.name=" + name), run,
                            new RecordingProgress(-1)));
            assertTrue(e.getMessage().contains("unknown instance segmentation model '" + name),
                    e.getMessage());
        }
        assertFalse(Files.exists(run));
    }

    /** The batch's mask grid must be the prototypes' grid: a stride-8 grid is refused. */
    @Test
    void maskTargetsOfAnotherGridThanThePrototypesStopTheStep() {
        DetectionBatch batch = new DetectionBatch(new float[3 * 32 * 32], 1, 3, 32, 32,
                new int[] {0}, new int[] {32}, new int[] {32}, new double[] {1},
                new double[] {1}, new float[][] {{4, 4, 20, 20}}, new int[][] {{0}},
                new BatchMasks(8, 4, 4, new float[][] {new float[16]}));
        try (NDManager m = NDManager.newBaseManager()) {
            NDList outputs = new NDList(m.zeros(new Shape(1, 21, 1)), m.zeros(new Shape(1, 21, 4)),
                    m.zeros(new Shape(1, 21)), m.zeros(new Shape(1, 21, 16)),
                    m.zeros(new Shape(1, 16, 8, 8)));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new InstanceRunTask(InstanceRecipe.Loss.DEFAULT).loss(1)
                            .apply(outputs, null, List.of(), batch));
            assertEquals("mask targets of 4x4 cells at stride 8 do not fit the 8x8 prototypes "
                    + "of the 32x32 batch (2 ceil(side / 8) at stride 4): the batch must be "
                    + "padded to a multiple of 8 and its masks taken at stride 4",
                    e.getMessage());
        }
    }
}
