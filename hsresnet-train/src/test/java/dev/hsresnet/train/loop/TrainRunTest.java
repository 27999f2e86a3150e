package dev.hsresnet.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.train.data.TestData;
import dev.hsresnet.train.recipe.Recipe;
import dev.hsresnet.train.recipe.Recipes;
import dev.hsresnet.train.report.EpochMetrics;
import dev.hsresnet.train.report.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole training runs on real images (the CIFAR-10 JPEG slice), kept small. */
class TrainRunTest {

    @TempDir
    Path tmp;

    private static Recipe recipe(String... overrides) {
        String json = """
                {"model": {"name": "hs_resnet29_cifar"},
                 "data": {"kind": "folder", "train": "%s", "valFraction": 0.2,
                          "limitPerClass": 24, "imageSize": 32, "workers": 2},
                 "epochs": 2, "batchSize": 16, "seed": 3,
                 "optimizer": {"lr": 0.05, "nesterov": true},
                 "schedule": {"warmupEpochs": 0.5},
                 "labelSmoothing": 0.1,
                 "ema": {"enabled": true, "decay": 0.9},
                 "checkpoint": {"everySteps": 4, "keepLast": 2}}
                """.formatted(TestData.cifarSlice().toString().replace("\\", "\\\\"));
        Recipe r = Recipes.parse(json, Recipes.Format.JSON);
        return Recipes.applyOverrides(r, List.of(overrides));
    }

    @Test
    void aRunWritesEverythingItPromises() throws IOException {
        Path run = tmp.resolve("run");
        TrainRun.Result result = TrainRun.start(recipe(), run, new LoggingProgress());
        MetricsLog log = MetricsLog.readCsv(run.resolve(TrainRun.METRICS_FILE));
        assertEquals(2, log.size());
        for (EpochMetrics m : log.epochs()) {
            assertTrue(Double.isFinite(m.trainLoss()) && Double.isFinite(m.valLoss()), m.toString());
            assertTrue(m.valTop1() >= 0 && m.valTop1() <= 1 && m.valTop5() >= m.valTop1());
            assertTrue(Double.isFinite(m.emaValTop1()), "EMA evaluated");
        }
        for (String f : List.of("recipe.json", "metrics.csv", "summary.json", "loss.png",
                "accuracy.png", "lr.png", "confusion.csv", "confusion.png", "per-class.csv",
                "best/model.json", "model/model.json", "model-ema/model.json")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        try (Stream<Path> c = Files.list(run.resolve(TrainRun.CHECKPOINTS))) {
            assertEquals(2, c.count(), "keepLast");
        }
        assertEquals(2, result.summary().epochsDone());
        assertEquals(recipe(), Recipes.load(run.resolve(TrainRun.RECIPE_FILE)));
        try (var model = ModelDir.load(run.resolve(TrainRun.FINAL))) {
            assertEquals(10, model.config().labels().size());
            assertEquals("airplane", model.config().labels().get(0));
        }
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> TrainRun.start(recipe(), run, new LoggingProgress()));
        assertTrue(again.getMessage().contains("already holds a run"));
    }

    /** A crash after a mid-epoch checkpoint, then resume: the same final weights as no crash. */
    @Test
    void resumingAfterACrashGivesTheUninterruptedResult() throws IOException {
        Path straight = tmp.resolve("straight");
        TrainRun.start(recipe(), straight, new LoggingProgress());

        Path crashed = tmp.resolve("crashed");
        LoggingProgress log = new LoggingProgress();
        Progress crashAtStep11 = new Progress() {
            private int steps;

            @Override
            public void message(String text) {
                log.message(text);
            }

            @Override
            public void epochStart(int epoch, int epochs, int firstBatch, int batches) {
                log.epochStart(epoch, epochs, firstBatch, batches);
            }

            @Override
            public void step(int batch, double loss, double lr, double imagesPerSecond) {
                if (++steps == 11) {
                    throw new IllegalStateException("simulated crash");
                }
            }

            @Override
            public void epochEnd(EpochMetrics metrics) {
                log.epochEnd(metrics);
            }
        };
        assertThrows(IllegalStateException.class,
                () -> TrainRun.start(recipe(), crashed, crashAtStep11));
        TrainRun.resume(crashed, new LoggingProgress());

        Map<String, Tensor> a = Safetensors.read(straight.resolve("model/weights.safetensors"))
                .tensors();
        Map<String, Tensor> b = Safetensors.read(crashed.resolve("model/weights.safetensors"))
                .tensors();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            float[] x = a.get(k).toFloats();
            float[] y = b.get(k).toFloats();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-4 * Math.max(1, Math.abs(x[i])), k + "[" + i + "]");
            }
        }
        assertEquals(MetricsLog.readCsv(straight.resolve("metrics.csv")).last().orElseThrow()
                .valTop1(), MetricsLog.readCsv(crashed.resolve("metrics.csv")).last().orElseThrow()
                .valTop1(), 0.05);
    }

    @Test
    void aDivergingRunStopsWithAClearMessage() {
        Path run = tmp.resolve("nan");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> TrainRun.start(recipe("optimizer.lr=100", "schedule.warmupEpochs=0",
                        "labelSmoothing=0", "ema.enabled=false"), run, new LoggingProgress()));
        assertTrue(e.getMessage().startsWith("the loss became"), e.getMessage());
        assertTrue(e.getMessage().contains("Try a lower optimizer.lr"), e.getMessage());
    }

    /** A corrupt image is skipped, counted and remembered by the checkpoints; the run goes on. */
    @Test
    void aCorruptImageIsSkippedAndRemembered() throws IOException {
        Path data = tmp.resolve("data");
        for (String cls : List.of("airplane", "ship")) {
            Files.createDirectories(data.resolve(cls));
            try (Stream<Path> files = Files.list(TestData.cifarSlice().resolve(cls))) {
                for (Path f : files.sorted().limit(20).toList()) {
                    Files.copy(f, data.resolve(cls).resolve(f.getFileName()));
                }
            }
        }
        Files.write(data.resolve("ship/0000-corrupt.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8,
            (byte) 0xFF, 0, 1, 2, 3});
        Path run = tmp.resolve("run");
        String json = """
                {"model": {"name": "resnet29_cifar"},
                 "data": {"kind": "folder", "train": "%s", "val": "%s", "imageSize": 32},
                 "epochs": 1, "batchSize": 8, "checkpoint": {"everySteps": 2}}
                """.formatted(data.toString().replace("\\", "\\\\"),
                data.toString().replace("\\", "\\\\"));
        TrainRun.Result r = TrainRun.start(Recipes.parse(json, Recipes.Format.JSON), run,
                new LoggingProgress());
        assertEquals(2, r.summary().skippedImages(), "once in training, once in validation");
        List<Path> checkpoints;
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            checkpoints = s.sorted().toList();
        }
        String state = Files.readString(checkpoints.get(checkpoints.size() - 1)
                .resolve("state.json"));
        assertTrue(state.matches("(?s).*\"skippedTrain\" : \\[ \\d+ \\].*"), state);
    }

    @Test
    void resumingNothingIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainRun.resume(tmp.resolve("none"), new LoggingProgress()));
        assertTrue(e.getMessage().contains("holds no run"), e.getMessage());
    }
}
