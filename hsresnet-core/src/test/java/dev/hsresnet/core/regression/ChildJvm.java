package dev.hsresnet.core.regression;

import dev.hsresnet.core.testing.ProcessEnv;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.ConvPathSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a separate JVM with this JVM's class path and engine settings, so that a
 * native crash (SIGFPE, SIGSEGV) fails one test instead of killing the build. The child's
 * convolutions take the channels-last path (docs/engine.md), whatever this machine's choice.
 */
final class ChildJvm {

    /** Exit status, and everything the child printed. */
    record Result(int exitCode, String output) {}

    private ChildJvm() {}

    static Result run(Class<?> mainClass, int timeoutSeconds) throws IOException, InterruptedException {
        return run(mainClass, timeoutSeconds, Map.of());
    }

    /**
     * @param env variables added to (or, with an empty value, removed from) this JVM's environment
     * @param args the main class's arguments
     */
    static Result run(Class<?> mainClass, int timeoutSeconds, Map<String, String> env,
            String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        for (String key : List.of("ai.djl.offline", "OPT_OUT_TRACKING", "ai.djl.default_engine",
                "ai.djl.pytorch.num_interop_threads")) {
            if (System.getProperty(key) != null) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        // both bugs were seen with 2 intra-op threads: force that, whatever the machine
        cmd.add("-Dai.djl.pytorch.num_threads=2");
        // the children train the AMD workaround path, on every machine (and start no self-test)
        cmd.add("-D" + ConvPathSetting.PROPERTY + "=" + ConvPath.CHANNELS_LAST.id());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        ProcessEnv.apply(pb, env);
        Process p = pb.start();
        byte[] out;
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            out = p.getInputStream().readAllBytes();
            return new Result(-1, "timed out after " + timeoutSeconds + " s\n"
                    + new String(out, StandardCharsets.UTF_8));
        }
        out = p.getInputStream().readAllBytes();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
