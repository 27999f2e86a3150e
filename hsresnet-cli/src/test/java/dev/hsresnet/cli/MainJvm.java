package dev.hsresnet.cli;

import dev.hsresnet.core.testing.ProcessEnv;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@link Main} in a JVM of its own, with this JVM's class path and engine settings: for what
 * one process can do only once (its convolution path is chosen on first use and kept) and for
 * environment variables, which a running JVM cannot change.
 */
final class MainJvm {

    /** System properties passed on when set here. */
    private static final List<String> INHERITED = List.of("ai.djl.offline", "OPT_OUT_TRACKING",
            "ai.djl.default_engine", "ai.djl.pytorch.num_threads",
            "ai.djl.pytorch.num_interop_threads");

    private MainJvm() {}

    /**
     * @param env variables set in the child's environment; an empty value removes one
     * @param properties system properties for the child
     * @param args the command line
     * @return its exit status, stdout and stderr
     */
    static CliRun run(Map<String, String> env, Map<String, String> properties, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-XX:+UseSerialGC");
        for (String key : INHERITED) {
            if (System.getProperty(key) != null && !properties.containsKey(key)) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        ProcessEnv.apply(pb, env);
        Process p = pb.start();
        CompletableFuture<String> err =
                CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        CompletableFuture<String> out =
                CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("hsresnet " + String.join(" ", args) + " ran for 300 s");
        }
        try {
            return new CliRun(p.exitValue(), out.get(60, TimeUnit.SECONDS),
                    err.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the child's output", e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
