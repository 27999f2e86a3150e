package dev.hsresnet.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.data.TestData;
import dev.hsresnet.train.checkpoint.CheckpointStore;
import dev.hsresnet.train.checkpoint.EpochSums;
import dev.hsresnet.train.checkpoint.TrainState;
import dev.hsresnet.train.recipe.Recipe;
import dev.hsresnet.train.recipe.Recipes;
import dev.hsresnet.train.report.EpochMetrics;
import dev.hsresnet.train.report.MetricsLog;
import dev.hsresnet.train.report.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole training runs on real images (the CIFAR-10 JPEG slice), kept small. */
class TrainRunTest {

    @TempDir
    Path tmp;

    @TempDir
    static Path shared;

    private static Path straight;

    /** One uninterrupted run of {@link #recipe}, shared by the tests that compare with it. */
    private static synchronized Path straightRun() throws IOException {
        if (straight == null) {
            Path run = shared.resolve("straight");
            TrainRun.start(recipe(), run, new LoggingProgress());
            straight = run;
        }
        return straight;
    }

    /** Progress that throws (a crash) at the given step of this session. */
    private static Progress crashAtStep(int crashStep) {
        LoggingProgress log = new LoggingProgress();
        return new Progress() {
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
                if (++steps == crashStep) {
                    throw new IllegalStateException("simulated crash");
                }
            }

            @Override
            public void epochEnd(EpochMetrics metrics) {
                log.epochEnd(metrics);
            }
        };
    }

    /** Progress that keeps its messages. */
    private static final class Messages implements Progress {
        final List<String> lines = new java.util.ArrayList<>();

        @Override
        public void message(String text) {
            lines.add(text);
        }

        @Override
        public void epochStart(int epoch, int epochs, int firstBatch, int batches) {}

        @Override
        public void step(int batch, double loss, double lr, double imagesPerSecond) {}

        @Override
        public void epochEnd(EpochMetrics metrics) {}
    }

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
        Path straight = straightRun();
        Path crashed = tmp.resolve("crashed");
        assertThrows(IllegalStateException.class,
                () -> TrainRun.start(recipe(), crashed, crashAtStep(11)));
        TrainRun.resume(crashed, new LoggingProgress());
        assertSameWeights(straight, crashed);
        assertEquals(MetricsLog.readCsv(straight.resolve("metrics.csv")).last().orElseThrow()
                .valTop1(), MetricsLog.readCsv(crashed.resolve("metrics.csv")).last().orElseThrow()
                .valTop1(), 0.05);
    }

    /**
     * 2 epochs of 15 steps (240 images), checkpoints every 4 steps, the newest 2 kept. A crash at
     * step 27 leaves step-20 and step-24; step-24's weights are then damaged. The resume passes over
     * step-24 with a warning naming it, continues from step-20 (epoch 2, batch 5), and epoch 2's
     * metrics cover all 15 batches: the same train loss and accuracy as the uninterrupted run. The run "started"
     * a day earlier (summary.json's startedAt moved back), yet totalSeconds counts only time spent
     * running.
     */
    @Test
    void aResumedEpochReportsTheWholeEpochAndBrokenCheckpointsArePassedOver()
            throws IOException {
        Path straight = straightRun();
        Path crashed = tmp.resolve("crashed");
        assertThrows(IllegalStateException.class,
                () -> TrainRun.start(recipe(), crashed, crashAtStep(27)));
        Path step24 = crashed.resolve("checkpoints/step-000000024");
        Path step20 = crashed.resolve("checkpoints/step-000000020");
        assertTrue(Files.isDirectory(step24) && Files.isDirectory(step20));
        byte[] w = Files.readAllBytes(step24.resolve("weights.safetensors"));
        w[w.length - 1] ^= 0x10;
        Files.write(step24.resolve("weights.safetensors"), w);
        double secondsAt20 = Double.parseDouble(Files.readString(step20.resolve("state.json"))
                .replaceAll("(?s).*\"seconds\" : ([0-9.Ee-]+).*", "$1"));
        assertTrue(secondsAt20 > 0, "the checkpoint keeps the epoch's training seconds");
        Path summaryFile = crashed.resolve(TrainRun.SUMMARY_FILE);
        Instant dayEarlier = Instant.now().minus(Duration.ofDays(1))
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Files.writeString(summaryFile, Files.readString(summaryFile).replaceAll(
                "\"startedAt\"\\s*:\\s*\"[^\"]+\"", "\"startedAt\": \"" + dayEarlier + "\""));
        assertTrue(Files.readString(summaryFile).contains(dayEarlier.toString()), "moved back");

        Messages messages = new Messages();
        TrainRun.Result r = TrainRun.resume(crashed, messages);
        assertTrue(messages.lines.stream().anyMatch(l -> l.startsWith("warning: checkpoint "
                + step24 + " is broken (weights.safetensors has SHA-256")), messages.lines.toString());
        assertTrue(messages.lines.stream().anyMatch(l -> l.startsWith(
                "resuming from step-000000020")), messages.lines.toString());
        assertSameWeights(straight, crashed);

        EpochMetrics a = MetricsLog.readCsv(straight.resolve("metrics.csv")).last().orElseThrow();
        EpochMetrics b = MetricsLog.readCsv(crashed.resolve("metrics.csv")).last().orElseThrow();
        assertEquals(2, b.epoch());
        assertEquals(a.trainLoss(), b.trainLoss(), 1e-4 * a.trainLoss(), "loss over all batches");
        assertEquals(a.trainTop1(), b.trainTop1(), 2.0 / 240, "accuracy over all 240 images");
        assertTrue(b.epochSeconds() > secondsAt20, "seconds include the first session's");
        assertTrue(b.imagesPerSecond() < 240 / secondsAt20, "images/s: 240 images over all "
                + "the epoch's training seconds, got " + b.imagesPerSecond());

        RunSummary summary = RunSummary.read(summaryFile);
        assertEquals(dayEarlier, summary.startedAt());
        double epochsSeconds = r.metrics().epochs().stream()
                .mapToDouble(EpochMetrics::epochSeconds).sum();
        assertTrue(summary.totalSeconds() >= epochsSeconds && summary.totalSeconds() < 3600,
                "time spent running, not since the start: " + summary.totalSeconds());
    }

    private static void assertSameWeights(Path straight, Path crashed) throws IOException {
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
    }

    /** A checkpoint that contradicts the recipe is an error naming its state.json and the field. */
    @Test
    void aCheckpointThatContradictsTheRecipeIsAnError() throws IOException {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Recipe recipe = recipe("epochs=3");
        Recipes.save(recipe, run.resolve(TrainRun.RECIPE_FILE));
        String digest = TrainRun.recipeSha256(recipe);
        CheckpointStore store = new CheckpointStore(run.resolve(TrainRun.CHECKPOINTS), 5);
        Map<String, Tensor> none = Map.of("w", Tensor.ofFloats(new long[] {1}, new float[] {0}));
        for (String[] c : new String[][] {
            {"99", "hs_resnet29_cifar", "3", "epoch 99"},
            {"1", "resnet29_cifar", "3", "model is 'resnet29_cifar'"},
            {"1", "hs_resnet29_cifar", "7", "epochs is 7"},
            {"1", "hs_resnet29_cifar", "3", "recipeSha256 is " + "0".repeat(64)}}) {
            int epoch = Integer.parseInt(c[0]);
            Path dir = store.save(new TrainState(epoch, 0, epoch * 15L, 0.5, 1, 3, List.of(), c[1],
                    Integer.parseInt(c[2]), 15, EpochSums.ZERO, 1,
                    c[3].startsWith("recipeSha256") ? "0".repeat(64) : digest), none, none, none);
            IOException e = assertThrows(IOException.class,
                    () -> TrainRun.resume(run, new LoggingProgress()));
            assertTrue(e.getMessage().startsWith(dir.resolve("state.json") + ": " + c[3]),
                    e.getMessage());
            dev.hsresnet.core.io.FileTrees.delete(dir);
        }
        Path dir = store.save(new TrainState(1, 0, 15, 0.5, 1, 3, List.of(), "hs_resnet29_cifar", 3,
                15, EpochSums.ZERO, 1, digest), none, none, none);
        Files.delete(dir.resolve("manifest.json"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainRun.resume(run, new LoggingProgress()));
        assertTrue(e.getMessage().startsWith(run + " has no intact checkpoint"), e.getMessage());
        assertTrue(e.getMessage().contains(dir + ": manifest.json is missing"), e.getMessage());
    }

    /** A start that fails before its first checkpoint leaves the directory usable again. */
    @Test
    void aFailedStartLeavesNothingThatBlocksTheSameDirectory() throws IOException {
        Path run = tmp.resolve("runs/a");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TrainRun.start(recipe("data.train=" + tmp.resolve("missing")), run,
                        new LoggingProgress()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertTrue(Files.notExists(tmp.resolve("runs")), "the directories it created are gone");

        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty.resolve("airplane"));
        Files.createDirectories(run);
        Files.writeString(run.resolve("notes.txt"), "mine");
        assertThrows(RuntimeException.class, () -> TrainRun.start(recipe("data.train=" + empty),
                run, new LoggingProgress()));
        try (Stream<Path> left = Files.list(run)) {
            assertEquals(List.of(run.resolve("notes.txt")), left.toList(), "only its own files go");
        }
        assertThrows(TrainingDivergedException.class, () -> TrainRun.start(recipe(
                "optimizer.lr=100", "schedule.warmupEpochs=0", "labelSmoothing=0",
                "ema.enabled=false", "checkpoint.everySteps=0"), run, new LoggingProgress()));
        try (Stream<Path> left = Files.list(run)) {
            assertEquals(1, left.count(), "diverged before its first checkpoint");
        }

        TrainRun.Result ok = TrainRun.start(recipe("epochs=1", "data.limitPerClass=4"), run,
                new LoggingProgress());
        assertEquals(1, ok.summary().epochsDone());
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
