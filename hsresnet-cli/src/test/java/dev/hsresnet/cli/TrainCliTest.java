package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.train.demo.Demo;
import dev.hsresnet.train.report.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, eval and demo through the command line, on the built-in Fashion-MNIST slice. */
class TrainCliTest {

    @TempDir
    static Path shared;

    static Path fashion;

    @BeforeAll
    static void slice() throws IOException {
        fashion = Demo.extractSlice(shared.resolve("fashion"));
    }

    @TempDir
    Path tmp;

    @Test
    void trainThenEvalFromFlagsAndOverrides() throws IOException {
        Path run = tmp.resolve("run");
        CliRun r = CliRun.of("train", "--model", "resnet29_cifar", "--kind", "fashion-mnist",
                "--data", fashion.toString(), "--epochs", "1", "--batch-size", "16", "-o",
                "data.limitPerClass=12", "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("epoch 1: train loss"), r.out());
        assertEquals(1, MetricsLog.readCsv(run.resolve("metrics.csv")).size());

        Path eval = tmp.resolve("eval");
        CliRun e = CliRun.of("eval", "--model", run.resolve("best").toString(), "--kind",
                "fashion-mnist", "--data", fashion.toString(), "--out", eval.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(e.out().contains("(1000 images)"), e.out());
        assertTrue(e.out().lines().anyMatch(l -> l.startsWith("Ankle boot")), e.out());
        assertTrue(Files.isRegularFile(eval.resolve("confusion.png")));

        CliRun again = CliRun.of("train", "--model", "resnet29_cifar", "--data",
                fashion.toString(), "--kind", "fashion-mnist", "--out", run.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("already holds a run"), again.err());
    }

    @Test
    void badInputIsOneClearLine() {
        CliRun noData = CliRun.of("train", "--model", "resnet29_cifar", "--out", "x");
        assertEquals(2, noData.exitCode());
        assertTrue(noData.err().contains("--data PATH is required"), noData.err());
        CliRun badKind = CliRun.of("train", "--model", "resnet29_cifar", "--data", "x", "--kind",
                "imagenet", "--out", tmp.resolve("r").toString());
        assertEquals(2, badKind.exitCode());
        assertTrue(badKind.err().contains("option '--kind': unknown value 'imagenet'"),
                badKind.err());
        CliRun badOverride = CliRun.of("train", "--model", "resnet29_cifar", "--kind",
                "fashion-mnist", "--data", fashion.toString(), "-o", "optimizer.lr=fast", "--out",
                tmp.resolve("r2").toString());
        assertEquals(2, badOverride.exitCode());
        assertTrue(badOverride.err().startsWith("hsresnet train: -o: "), badOverride.err());
        assertTrue(badOverride.err().contains("optimizer.lr"), badOverride.err());
        CliRun noRun = CliRun.of("train", "--resume", tmp.resolve("none").toString());
        assertEquals(1, noRun.exitCode());
        assertTrue(noRun.err().contains("holds no run"), noRun.err());
        CliRun wrongClasses = CliRun.of("eval", "--model", tmp.toString(), "--data", "x");
        assertEquals(1, wrongClasses.exitCode());
    }

    @Test
    void demoTrainsEvaluatesSavesAndClassifies() {
        Path run = tmp.resolve("demo");
        CliRun r = CliRun.of("demo", "--out", run.toString(), "--epochs", "1", "--per-class",
                "16", "--data", fashion.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Reached "), r.out());
        assertTrue(r.out().contains("(chance: 10%)"), r.out());
        assertTrue(r.out().lines().filter(l -> l.startsWith("fashion-mnist")).count() >= 5,
                r.out());
        assertTrue(Files.isRegularFile(run.resolve("best/model.json")));
        assertTrue(r.out().contains(run.resolve("accuracy.png").toString()));
    }
}
