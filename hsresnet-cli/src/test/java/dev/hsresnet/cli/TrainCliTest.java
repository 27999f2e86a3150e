package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.core.testing.HostilePngs;
import dev.hsresnet.train.demo.Demo;
import dev.hsresnet.train.report.MetricsLog;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        CliRun failed = CliRun.of("train", "--model", "resnet29_cifar", "--kind", "fashion-mnist",
                "--data", tmp.resolve("missing").toString(), "--out", run.toString());
        assertEquals(1, failed.exitCode(), failed.err());
        assertTrue(failed.err().contains("does not exist"), failed.err());
        assertTrue(Files.notExists(run), "a failed start leaves nothing in --out");
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

    /** A two-class folder dataset of {@code perClass} random 36 x 36 PNGs per class. */
    private Path folder(String name, int perClass) throws IOException {
        SplittableRandom rng = new SplittableRandom(5);
        for (String cls : new String[] {"a", "b"}) {
            Path dir = Files.createDirectories(tmp.resolve(name).resolve(cls));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(36, 36, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 36; y++) {
                    for (int x = 0; x < 36; x++) {
                        img.setRGB(x, y, rng.nextInt(1 << 24));
                    }
                }
                ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
            }
        }
        return tmp.resolve(name);
    }

    private static CliRun trainFolder(Path data, Path run) {
        return CliRun.of("train", "--model", "resnet29_cifar", "--data", data.toString(),
                "--epochs", "1", "--batch-size", "4", "-o", "data.valFraction=0.3", "--out",
                run.toString());
    }

    @Test
    void stripsInTheDataAreSkippedAndCountedAndTheRunFinishes() throws IOException {
        Path data = folder("strips", 6);
        HostilePngs.black(data.resolve("a/tall.png"), 1, 20_000_000);
        HostilePngs.black(data.resolve("b/wide.png"), 20_000_000, 1);
        Path run = tmp.resolve("strips-run");
        CliRun r = trainFolder(data, run);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(2, new ObjectMapper().readTree(run.resolve("summary.json").toFile())
                .get("skippedImages").asInt());
        assertTrue(Files.isRegularFile(run.resolve("best/model.json")));
    }

    @Test
    void aClassWithoutAnyReadableImageIsAnErrorNamingItBeforeTraining() throws IOException {
        Path data = folder("dead", 6);
        try (var files = Files.list(data.resolve("b"))) {
            for (Path p : files.toList()) {
                Files.writeString(p, "not a png");
            }
        }
        HostilePngs.black(data.resolve("b/tall.png"), 1, 20_000_000);
        Path run = tmp.resolve("dead-run");
        CliRun r = trainFolder(data, run);
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("class 'b' ("), r.err());
        assertTrue(r.err().contains("of the training set has no readable image"), r.err());
        assertTrue(Files.notExists(run.resolve("checkpoints")), "no training happened");
    }

    /** --resume continues the saved recipe: every option that would change it is refused. */
    @ParameterizedTest
    @ValueSource(strings = {"--epochs=4", "--lr=0.1", "--seed=5", "--batch-size=8",
        "--data=x", "--kind=cifar10", "--val=x", "-o=epochs=4", "--out=x"})
    void resumeRefusesEveryOptionItWouldIgnore(String option) {
        CliRun r = CliRun.of("train", "--resume", tmp.toString(), option);
        assertEquals(2, r.exitCode(), r.err());
        String name = option.substring(0, option.indexOf('='));
        assertTrue(r.err().contains("cannot be combined with") && r.err().contains(name), r.err());
    }

    @Test
    void resumeRefusesAModelOrARecipe() {
        for (String[] other : new String[][] {{"--model", "resnet29_cifar"}, {"--recipe", "r.yaml"}}) {
            CliRun r = CliRun.of("train", "--resume", tmp.toString(), other[0], other[1]);
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains(other[0]), r.err());
        }
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
