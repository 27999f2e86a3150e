package dev.hsresnet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Times the PyTorch reference ({@value ReferenceScript#RELATIVE}, eager mode) in a child process
 * with the same intra-op threads as the JVM's engines and this process's environment, so the same
 * {@code GLIBC_TUNABLES} (and niceness) apply. The child prints one JSON document ({@code --json})
 * with every step time.
 */
public final class PytorchRunner {

    /** Debian's interpreter, the one that has {@code python3-torch}. */
    public static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDERR_TAIL_LINES = 15;

    private final Path python;
    private final Path script;
    private final int threads;

    /**
     * What one child run measured.
     *
     * @param torchVersion {@code torch.__version__}
     * @param threads the threads torch ran with
     * @param results one entry per model and batch
     */
    public record Output(String torchVersion, int threads, List<Result> results) {}

    /**
     * One batch size of one model.
     *
     * @param model registry name
     * @param mode inference or training step
     * @param batch images per step
     * @param size input height and width
     * @param timesMs milliseconds per timed step
     */
    public record Result(String model, Mode mode, int batch, int size, double[] timesMs) {}

    /**
     * @param python the interpreter with torch
     * @param script {@value ReferenceScript#RELATIVE}
     * @param threads {@code torch.set_num_threads}, at least 1
     */
    public PytorchRunner(Path python, Path script, int threads) {
        this.python = Objects.requireNonNull(python, "python");
        this.script = Objects.requireNonNull(script, "script");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /**
     * @param model registry name (canonical, not an alias)
     * @param mode inference or training steps
     * @param batches batch sizes, timed in this order on one module
     * @param size input height and width
     * @param classes classifier outputs
     * @param timing warm-up and timed steps per batch size
     * @return the command line of the child
     */
    List<String> command(String model, Mode mode, List<Integer> batches, int size, int classes,
            TimingPolicy timing) {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(), model,
                "--json", "--threads", Integer.toString(threads), "--size",
                Integer.toString(size), "--classes", Integer.toString(classes), "--warmup",
                Integer.toString(timing.warmup()), "--warmup-seconds",
                Double.toString(timing.warmupSeconds()), "--repeats", Integer.toString(timing.repeats()),
                "--min-seconds", Double.toString(timing.minSeconds()), "--batch"));
        batches.forEach(b -> cmd.add(Integer.toString(b)));
        if (mode == Mode.INFERENCE) {
            cmd.add("--inference");
        }
        return cmd;
    }

    /**
     * Runs the child and waits for it.
     *
     * @param model registry name (canonical, not an alias)
     * @param mode inference or training steps
     * @param batches batch sizes, at least one
     * @param size input height and width
     * @param classes classifier outputs
     * @param timing warm-up and timed steps per batch size
     * @return what it measured
     * @throws IOException when the child cannot start, fails (with the end of its stderr), or
     *     prints something that is not the expected JSON
     * @throws InterruptedException when interrupted; the child is then killed
     */
    public Output run(String model, Mode mode, List<Integer> batches, int size, int classes,
            TimingPolicy timing) throws IOException, InterruptedException {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("no batch sizes for " + model);
        }
        List<String> cmd = command(model, mode, batches, size, classes, timing);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("OMP_NUM_THREADS", Integer.toString(threads));
        env.put("MKL_NUM_THREADS", Integer.toString(threads));
        Path stderr = Files.createTempFile("hsresnet-bench-pytorch", ".log");
        pb.redirectError(stderr.toFile());
        Process p = null;
        try {
            p = pb.start();
            p.getOutputStream().close();
            String stdout;
            try (InputStream in = p.getInputStream()) {
                stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int code = p.waitFor();
            if (code != 0) {
                throw new IOException("the PyTorch reference failed (exit " + code + "): "
                        + String.join(" ", cmd) + "\n" + tail(stderr));
            }
            return parse(stdout, String.join(" ", cmd));
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(stderr);
        }
    }

    /**
     * @param stdout the child's output: one JSON document
     * @param source the command, for messages
     * @return the measurements
     * @throws IOException naming the source when the document is not as expected
     */
    static Output parse(String stdout, String source) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(stdout.strip());
        } catch (IOException e) {
            throw new IOException("the PyTorch reference printed no JSON (" + source + "): "
                    + firstLine(stdout), e);
        }
        if (root == null || !root.path("results").isArray() || !root.path("torch").isTextual()) {
            throw new IOException("the PyTorch reference's JSON lacks 'torch' or 'results' ("
                    + source + ")");
        }
        List<Result> results = new ArrayList<>();
        for (JsonNode r : root.get("results")) {
            JsonNode times = r.path("times_ms");
            if (!times.isArray() || times.isEmpty() || !r.path("model").isTextual()
                    || !r.path("batch").canConvertToInt()) {
                throw new IOException("the PyTorch reference's result lacks model, batch or "
                        + "times_ms (" + source + "): " + r);
            }
            double[] ms = new double[times.size()];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = times.get(i).asDouble();
            }
            results.add(new Result(r.get("model").asText(), Mode.parse(r.path("mode").asText()),
                    r.get("batch").asInt(), r.path("size").asInt(), ms));
        }
        return new Output(root.get("torch").asText(), root.path("threads").asInt(),
                List.copyOf(results));
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines()
                .toList();
        return lines.subList(Math.max(0, lines.size() - STDERR_TAIL_LINES), lines.size()).stream()
                .collect(Collectors.joining("\n"));
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("(nothing)");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
