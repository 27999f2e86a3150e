package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's launcher, run as a user runs it, against the jar this build packaged. */
class LauncherIT {

    private static final Path ROOT =
            Path.of(System.getProperty("hsresnet.project.dir", "..")).toAbsolutePath();

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/hsresnet").toString());
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "launcher timed out");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void modelsAndInfoRunWithoutBuildingAgain() throws Exception {
        Result models = run("models");
        assertEquals(0, models.code(), models.err());
        assertTrue(models.out().contains("hs_resnet50_8w_8s"), models.out());
        assertFalse(models.err().contains("building"), "the packaged jar is fresh: " + models.err());
        Result info = run("info", "hs_resnet29_cifar");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("layer3"), info.out());
    }

    @Test
    void aModelRoundTripFiltersLibtorchNoiseAndKeepsExitCodes() throws Exception {
        Result init = run("init", "hs_resnet29_cifar", "--out", "m", "--seed", "1");
        assertEquals(0, init.code(), init.err());
        assertTrue(Files.exists(tmp.resolve("m/model.json")));
        Result convert = run("convert", "--model", "m", "--to", "djl", "--out", "m.params");
        assertEquals(0, convert.code(), convert.err());
        assertFalse(convert.err().contains("NNPACK"), convert.err());
        Result fail = run("info", "no_such_model");
        assertEquals(1, fail.code());
        assertTrue(fail.err().startsWith("hsresnet info: error: unknown model"), fail.err());
        assertEquals(2, run("init").code());
    }
}
