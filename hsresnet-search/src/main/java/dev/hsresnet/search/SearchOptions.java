package dev.hsresnet.search;

import dev.hsresnet.bench.TimingPolicy;
import dev.hsresnet.core.models.ModelEntry;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a search measures and chooses.
 *
 * @param engine the engine latencies are measured on
 * @param batch images per call
 * @param threads ONNX Runtime's intra-op threads (libtorch's are the process's; both are in the
 *     table's fingerprint)
 * @param timing warm-up and timed calls of each block and each end-to-end measurement
 * @param warmUpSeconds untimed calls of the base network before the first measurement of a
 *     process (the JIT compiles DJL's Java side meanwhile), and an eighth of it before each
 *     end-to-end measurement; {@value #DEFAULT_WARM_UP_SECONDS} by default
 * @param table the latency table file (created or extended), or null for memory only
 * @param remeasure whether a table measured elsewhere is replaced (else refused)
 * @param budget the limits
 * @param goal what to pick within the budget
 * @param remeasureTop how many of the best predicted candidates are re-measured end to end
 *     (up to {@code 4x} as many when those are over the budget once measured)
 * @param latencyReference a model whose latency is the latency budget ({@link
 *     LatencyReference}), or null
 */
public record SearchOptions(Engine engine, int batch, int threads, TimingPolicy timing,
        double warmUpSeconds, Path table, boolean remeasure, Budget budget, Goal goal,
        int remeasureTop, ModelEntry latencyReference) {

    /** The default {@link #warmUpSeconds()}. */
    public static final double DEFAULT_WARM_UP_SECONDS = 8;

    /** Validates the values. */
    public SearchOptions {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(goal, "goal");
        if (batch < 1 || threads < 1) {
            throw new IllegalArgumentException("batch and threads must be >= 1, got " + batch
                    + " and " + threads);
        }
        if (!(warmUpSeconds >= 0) || Double.isInfinite(warmUpSeconds)) {
            throw new IllegalArgumentException("warmUpSeconds must be finite and >= 0, got "
                    + warmUpSeconds);
        }
        if (latencyReference != null && budget.maxLatencyMs() != null) {
            throw new IllegalArgumentException("a latency budget is either milliseconds or a "
                    + "model's, not both");
        }
        if (remeasureTop < 0) {
            throw new IllegalArgumentException("remeasureTop must be >= 0, got " + remeasureTop);
        }
    }
}
