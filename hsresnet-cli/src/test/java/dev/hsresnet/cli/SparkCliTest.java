package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hsresnet spark} predict, table and eval on an embedded local[2] Spark, in-process. */
class SparkCliTest {

    @TempDir
    Path tmp;

    /**
     * Spark tasks set libtorch's (process-wide) threads to one per task; the later tests of this
     * JVM get the configured count back.
     */
    @AfterAll
    static void restoreEngineThreads() {
        ai.djl.pytorch.jni.JniUtils.setNumThreads(Integer.getInteger(
                "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void predictTableAndEvalRunOnEmbeddedSparkAndEvalEqualsTheSingleMachineEval()
            throws IOException {
        Path images = tmp.resolve("images");
        Path slice = TestData.cifarSlice();
        try (Stream<Path> classes = Files.list(slice)) {
            for (Path c : classes.filter(Files::isDirectory).sorted().limit(3).toList()) {
                Files.createDirectories(images.resolve(c.getFileName()));
                try (Stream<Path> files = Files.list(c)) {
                    for (Path f : files.sorted().limit(5).toList()) {
                        Files.copy(f, images.resolve(c.getFileName()).resolve(f.getFileName()));
                    }
                }
            }
        }
        Path model = tmp.resolve("model");
        Files.writeString(tmp.resolve("labels.txt"), "airplane\nautomobile\nbird\n");
        CliRun init = CliRun.of("init", "hs_resnet26_nano", "--labels",
                tmp.resolve("labels.txt").toString(), "--out", model.toString());
        assertEquals(0, init.exitCode(), init.err());

        Path out = tmp.resolve("preds");
        CliRun predict = CliRun.of("spark", "predict", "--master", "local[2]", "--model",
                model.toString(), "--input", images.toString(), "--out", out.toString(),
                "--format", "json");
        assertEquals(0, predict.exitCode(), predict.err());
        assertTrue(predict.out().contains("classify: 15 rows (0 errors)")
                && predict.out().contains("1 model load"), predict.out());
        assertTrue(Files.isRegularFile(out.resolve("_summary.json")));

        CliRun again = CliRun.of("spark", "predict", "--master", "local[2]", "--model",
                model.toString(), "--input", images.toString(), "--out", out.toString());
        assertEquals(1, again.exitCode(), again.out());
        assertTrue(again.err().contains("already exists"), again.err());

        CliRun auto = CliRun.of("spark", "predict", "--master", "local[2]", "--backend", "auto",
                "--model", model.toString(), "--input", images.toString(), "--out",
                tmp.resolve("x").toString());
        assertTrue(auto.exitCode() != 0 && auto.err().contains("auto"), auto.err());

        Path table = tmp.resolve("table.parquet");
        CliRun write = CliRun.of("spark", "table", "--master", "local[2]", "--task", "classify",
                "--data", images.toString(), "--out", table.toString());
        assertEquals(0, write.exitCode(), write.err());
        assertTrue(write.out().contains("15 labelled images"), write.out());

        CliRun eval = CliRun.of("spark", "eval", "--master", "local[2]", "--model",
                model.toString(), "--table", table.toString(), "--out",
                tmp.resolve("eval").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(Files.isRegularFile(tmp.resolve("eval/metrics.json")));
        CliRun single = CliRun.of("eval", "--model", model.toString(), "--data",
                images.toString());
        assertEquals(0, single.exitCode(), single.err());
        assertEquals(top1(single.out()), top1(eval.out()), eval.out() + "\n" + single.out());
    }

    private static String top1(String out) {
        Matcher m = Pattern.compile("top-1 ([0-9.]+%), top-5 ([0-9.]+%)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1) + " " + m.group(2);
    }
}
