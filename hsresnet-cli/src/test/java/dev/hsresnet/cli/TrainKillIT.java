package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.train.demo.Demo;
import dev.hsresnet.train.report.EpochMetrics;
import dev.hsresnet.train.report.MetricsLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGKILL in the middle of an epoch, through bin/hsresnet: the resumed run continues from
 * the newest checkpoint and ends where an uninterrupted run with the same recipe ends.
 */
class TrainKillIT {

    private static final Path ROOT =
            Path.of(System.getProperty("hsresnet.project.dir", "..")).toAbsolutePath();

    @TempDir
    Path tmp;

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/hsresnet").toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private List<String> train(Path fashion, Path out) {
        return command("train", "--model", "resnet29_cifar", "--kind", "fashion-mnist", "--data",
                fashion.toString(), "--epochs", "2", "--batch-size", "16", "--seed", "4",
                "-o", "data.limitPerClass=40", "-o", "checkpoint.everySteps=5", "--out",
                out.toString());
    }

    private String runToEnd(List<String> cmd) throws IOException, InterruptedException {
        Path log = tmp.resolve("log-" + System.nanoTime() + ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "timed out: " + cmd);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void killedMidEpochThenResumedEndsLikeAnUninterruptedRun() throws Exception {
        Path fashion = Demo.extractSlice(tmp.resolve("fashion"));
        Path straight = tmp.resolve("straight");
        runToEnd(train(fashion, straight));

        Path killed = tmp.resolve("killed");
        Process p = new ProcessBuilder(train(fashion, killed)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("killed.txt").toFile()).start();
        Path mark = killed.resolve("checkpoints/step-000000015");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!Files.isDirectory(mark) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.onSpinWait();
            Thread.sleep(20);
        }
        assertTrue(Files.isDirectory(mark), "no mid-epoch checkpoint appeared");
        // SIGKILL the JVM (the launcher execs java: same PID) and its stderr filter
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(!Files.exists(killed.resolve("model/model.json")), "killed before the end");

        String resumed = runToEnd(command("train", "--resume", killed.toString()));
        Matcher m = Pattern.compile("resuming from step-0*(\\d+)").matcher(resumed);
        assertTrue(m.find(), resumed);
        assertTrue(Integer.parseInt(m.group(1)) >= 15, "resumed from the newest checkpoint");

        MetricsLog a = MetricsLog.readCsv(straight.resolve("metrics.csv"));
        MetricsLog b = MetricsLog.readCsv(killed.resolve("metrics.csv"));
        assertEquals(2, a.size());
        assertEquals(2, b.size());
        EpochMetrics ea = a.last().orElseThrow();
        EpochMetrics eb = b.last().orElseThrow();
        assertEquals(ea.step(), eb.step(), "same number of optimizer steps");
        assertEquals(ea.valTop1(), eb.valTop1(), 0.02);
        assertEquals(ea.valLoss(), eb.valLoss(), 0.02 * ea.valLoss());
    }
}
