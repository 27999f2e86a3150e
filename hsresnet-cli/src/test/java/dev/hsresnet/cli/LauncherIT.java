package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's launcher, run as a user runs it, against the jar this build packaged. */
class LauncherIT {

    private static final Path ROOT =
            Path.of(System.getProperty("hsresnet.project.dir", "..")).toAbsolutePath();

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private ProcessBuilder launcher(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/hsresnet").toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(tmp.toFile());
    }

    private Result run(String... args) throws Exception {
        return run(launcher(args));
    }

    /**
     * Runs to the end, reading stdout and stderr until they close: the launcher's stderr filter
     * is a process of its own that writes the JVM's last lines when it sees the pipe close.
     */
    private static Result run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        CompletableFuture<String> err =
                CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String out = readAll(p.getInputStream());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "launcher timed out");
        return new Result(p.exitValue(), out, err.get(300, TimeUnit.SECONDS));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    @Test
    @Timeout(300)
    void theLaunchersPidIsTheJvmSoSigtermStopsTheServer() throws Exception {
        assertEquals(0, run("init", "hs_resnet29_cifar", "--out", "m").code());
        Process p = launcher("serve", "--model", "m", "--port", "0")
                .redirectError(tmp.resolve("serve-err.txt").toFile()).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("serving "), "server did not start: "
                    + line + " " + Files.readString(tmp.resolve("serve-err.txt")));
            String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"))
                    .replace('\0', ' ');
            assertTrue(cmdline.matches("^\\S*java .*-jar \\S*hsresnet-cli\\.jar serve .*"),
                    "the launched PID runs java: " + cmdline);
            p.destroy(); // SIGTERM to the PID the caller got
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "SIGTERM did not stop the server");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(128 + 15, p.exitValue(), "the JVM's own status after SIGTERM");
    }

    /** A stand-in for the JVM under tmp/jdk: the launcher runs $JAVA_HOME/bin/java. */
    private Path fakeJava(String... script) throws IOException {
        Path java = tmp.resolve("jdk/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\n" + String.join("\n", script) + "\n");
        assertTrue(java.toFile().setExecutable(true));
        return tmp.resolve("jdk");
    }

    @Test
    void javaWritesStraightToAPipedStderrButNotToAFile() throws Exception {
        // the fake java prints its options; the real one's DirectStderr is DirectStderrTest's
        Path jdk = fakeJava("for a in \"$@\"; do echo \"$a\"; done");
        ProcessBuilder piped = launcher("models");
        piped.environment().put("JAVA_HOME", jdk.toString());
        Result r = run(piped);
        String option = r.out().lines().filter(l -> l.startsWith("-Dhsresnet.stderr.fd="))
                .findFirst().orElse("");
        assertTrue(option.matches("-Dhsresnet.stderr.fd=[0-9]+"), r.out());

        Path log = tmp.resolve("stderr.log");
        ProcessBuilder toFile = launcher("models").redirectError(log.toFile());
        toFile.environment().put("JAVA_HOME", jdk.toString());
        Process p = toFile.start();
        String out = readAll(p.getInputStream());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "launcher timed out");
        assertFalse(out.contains("-Dhsresnet.stderr.fd"), out);
    }

    @Test
    void theOpenMpWaitPolicyIsPassiveForEveryCommandUnlessChosenOtherwise() throws Exception {
        Path jdk = fakeJava("echo \"${OMP_WAIT_POLICY-unset}\"");
        String[][] cases = {
            {null, null, "PASSIVE"}, {"active", null, "ACTIVE"}, {"default", null, "unset"},
            {"passive", "ACTIVE", "ACTIVE"}, // the caller's own OMP_WAIT_POLICY wins
        };
        for (String[] c : cases) {
            ProcessBuilder pb = launcher("models");
            pb.environment().put("JAVA_HOME", jdk.toString());
            pb.environment().remove("OMP_WAIT_POLICY");
            pb.environment().remove("HSRESNET_OMP_WAIT");
            if (c[0] != null) {
                pb.environment().put("HSRESNET_OMP_WAIT", c[0]);
            }
            if (c[1] != null) {
                pb.environment().put("OMP_WAIT_POLICY", c[1]);
            }
            Result r = run(pb);
            assertEquals(0, r.code(), r.err());
            assertEquals(c[2], r.out().strip(), String.join(" ", List.of(String.valueOf(c[0]),
                    String.valueOf(c[1]))));
        }
        for (String training : List.of("train", "bench-step", "demo")) {
            ProcessBuilder pb = launcher(training);
            pb.environment().put("JAVA_HOME", jdk.toString());
            pb.environment().remove("OMP_WAIT_POLICY");
            pb.environment().remove("HSRESNET_OMP_WAIT");
            Result r = run(pb);
            assertEquals("PASSIVE", r.out().strip(), training + " sleeps at once too");
            pb.environment().put("HSRESNET_OMP_WAIT", "default");
            assertEquals("unset", run(pb).out().strip(), training + " with libgomp's own chosen");
        }
        ProcessBuilder bad = launcher("models");
        bad.environment().put("JAVA_HOME", jdk.toString());
        bad.environment().remove("OMP_WAIT_POLICY");
        bad.environment().put("HSRESNET_OMP_WAIT", "spin");
        Result r = run(bad);
        assertEquals(2, r.code());
        assertEquals("hsresnet: HSRESNET_OMP_WAIT must be passive, active or default, got 'spin'",
                r.err().strip());
        assertTrue(r.out().isEmpty(), "java did not start: " + r.out());
    }

    @Test
    void stderrKeepsEveryLineAfterANulByteDropsOnlyTheNoiseAndKeepsTheExitStatus()
            throws Exception {
        Path jdk = fakeJava(
                "printf 'first\\n' >&2",
                "printf 'a\\000NUL byte\\n' >&2",
                "printf 'Could not initialize NNPACK! Reason: Unsupported hardware.\\n' >&2",
                "echo 'on stdout'",
                "printf 'after the NUL\\n' >&2",
                "printf 'last line, no newline' >&2",
                "exit 3");
        ProcessBuilder pb = launcher("models");
        pb.environment().put("JAVA_HOME", jdk.toString());
        Result r = run(pb);
        assertEquals(3, r.code(), r.err());
        assertEquals("on stdout\n", r.out());
        assertEquals("first\na\0NUL byte\nafter the NUL\nlast line, no newline", r.err().strip());
    }
}
