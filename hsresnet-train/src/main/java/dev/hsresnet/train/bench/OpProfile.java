package dev.hsresnet.train.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a forward (or training step) spends its time, per libtorch operator: runs warm-up steps,
 * then profiles {@code steps} more with libtorch's profiler (through DJL), writes its Chrome trace
 * and sums the top-level operator events by name. Top-level means not nested in another operator
 * event of the same thread, so the totals add up to the time spent inside libtorch; the rest of
 * the wall time is Java, DJL and JNI.
 */
public final class OpProfile {

    /**
     * One operator's share.
     *
     * @param name the libtorch operator, e.g. {@code aten::mkldnn_convolution}
     * @param calls calls per step
     * @param msPerStep milliseconds per step inside it (top-level events only)
     */
    public record Op(String name, double calls, double msPerStep) {}

    /**
     * A profile.
     *
     * @param wallMsPerStep measured wall time per profiled step (profiler overhead included)
     * @param opsMsPerStep time inside top-level libtorch operators per step
     * @param ops operators, most expensive first
     * @param trace the Chrome trace written by libtorch (open it in chrome://tracing or Perfetto)
     */
    public record Result(double wallMsPerStep, double opsMsPerStep, List<Op> ops, Path trace) {}

    private OpProfile() {}

    /**
     * @param model registry name
     * @param batch images per step
     * @param size input height and width
     * @param training profile training steps (forward in training mode, backward) instead of
     *     inference forwards (BatchNorms folded, as deployed)
     * @param warmup unprofiled steps first
     * @param steps profiled steps
     * @param trace where libtorch writes its Chrome trace
     * @return the per-operator breakdown
     * @throws IOException when the trace cannot be read back
     */
    public static Result run(String model, int batch, int size, boolean training, int warmup,
            int steps, Path trace) throws IOException {
        ModelConfig base = ModelConfig.of(model, 10, 3);
        ModelConfig config = base.withPreprocessing(base.preprocessing().withSize(size));
        double wallMs;
        try (ResNetModel m = ResNetModel.create(config, 0)) {
            if (!training) {
                m.network().prepareForInference(); // as deployed
            }
            for (int i = 0; i < warmup; i++) {
                step(m, batch, size, training);
            }
            Files.createDirectories(trace.toAbsolutePath().getParent());
            JniUtils.startProfile(false, true, false);
            long t0 = System.nanoTime();
            try {
                for (int i = 0; i < steps; i++) {
                    step(m, batch, size, training);
                }
            } finally {
                wallMs = (System.nanoTime() - t0) / 1e6 / steps;
                JniUtils.stopProfile(trace.toString());
            }
        }
        return summarize(trace, steps, wallMs);
    }

    private static void step(ResNetModel m, int batch, int size, boolean training) {
        try (NDManager sub = m.manager().newSubManager()) {
            NDArray x = sub.randomNormal(new Shape(batch, 3, size, size));
            if (training) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(m.forward(x, true).singletonOrThrow().square().mean());
                }
            } else {
                m.forward(x, false).singletonOrThrow().toFloatArray();
            }
        }
    }

    static Result summarize(Path trace, int steps, double wallMs) throws IOException {
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        Map<Long, List<JsonNode>> byThread = new HashMap<>();
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText()) && e.has("dur")
                    && !"python_function".equals(e.path("cat").asText())) {
                byThread.computeIfAbsent(e.path("tid").asLong(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, double[]> totals = new HashMap<>();
        double opsUs = 0;
        for (List<JsonNode> list : byThread.values()) {
            list.sort(Comparator.comparingDouble(e -> e.path("ts").asDouble()));
            double openEnd = Double.NEGATIVE_INFINITY;
            for (JsonNode e : list) {
                double ts = e.path("ts").asDouble();
                double dur = e.path("dur").asDouble();
                if (ts < openEnd) {
                    continue; // nested inside a top-level event
                }
                openEnd = ts + dur;
                double[] t = totals.computeIfAbsent(e.path("name").asText(), k -> new double[2]);
                t[0]++;
                t[1] += dur;
                opsUs += dur;
            }
        }
        List<Op> ops = new ArrayList<>();
        totals.forEach((name, t) -> ops.add(new Op(name, t[0] / steps, t[1] / 1000 / steps)));
        ops.sort(Comparator.comparingDouble(Op::msPerStep).reversed());
        return new Result(wallMs, opsUs / 1000 / steps, ops, trace);
    }
}
