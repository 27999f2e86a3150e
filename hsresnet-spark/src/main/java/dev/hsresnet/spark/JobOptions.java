package dev.hsresnet.spark;

import dev.hsresnet.deploy.BackendKind;
import java.io.Serializable;
import java.util.List;

/**
 * How a Spark prediction job runs, shipped to every task.
 *
 * @param task what to compute, or null for the model's own task ({@link SparkTask#of})
 * @param backend {@code djl} (libtorch) or {@code onnx} (ONNX Runtime on the model exported in
 *     memory, or an exported {@code .onnx} file); {@code auto} is refused (executors would each
 *     measure)
 * @param batch images per forward pass inside a partition, at least 1
 * @param topK classes per image (classification), at least 1
 * @param threshold the lowest score kept (detection, instances), in [0, 1); NaN for the
 *     model's {@code scoreThreshold}
 * @param featureLevel the backbone level whose features are extracted (1..4 = C2..C5)
 * @param pool true for the level's global average (one vector of its channels per image), false
 *     for the whole map ({@code channels x h x w}, row-major)
 * @param masks segmentation: true to add each image's index mask as PNG bytes
 * @param threadsPerTask engine threads each task's forward uses; 0 for {@code spark.task.cpus}
 * @param keep input columns copied to the output beside {@code id} (labels, for evaluation)
 */
public record JobOptions(SparkTask task, BackendKind backend, int batch, int topK,
        double threshold, int featureLevel, boolean pool, boolean masks, int threadsPerTask,
        List<String> keep) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The defaults: the model's task, DJL, batches of 8, top-5, the model's threshold, C5. */
    public static final JobOptions DEFAULTS = new JobOptions(null, BackendKind.DJL, 8, 5,
            Double.NaN, 4, true, true, 0, List.of());

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    public JobOptions {
        if (backend == null || backend == BackendKind.AUTO) {
            throw new IllegalArgumentException("backend must be djl or onnx on Spark, got "
                    + (backend == null ? "none" : backend.id()) + " (auto would measure on "
                    + "every executor)");
        }
        check(batch >= 1, "batch", batch);
        check(topK >= 1, "top-k", topK);
        check(Double.isNaN(threshold) || threshold >= 0 && threshold < 1, "threshold",
                threshold);
        check(featureLevel >= 1 && featureLevel <= 4, "feature level (1..4 = C2..C5)",
                featureLevel);
        check(threadsPerTask >= 0, "threads per task", threadsPerTask);
        keep = List.copyOf(keep);
        for (String k : keep) {
            if (k.equals("id") || k.equals("error")) {
                throw new IllegalArgumentException("kept column '" + k + "' is written anyway");
            }
        }
    }

    private static void check(boolean ok, String what, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
    }

    /**
     * @return what decides the predictor an executor loads (the task, backend and the options the
     *     predictor is built with), not how it is run (batch, threads, kept columns)
     */
    String loadKey() {
        return task + "|" + backend + "|" + topK + "|" + threshold + "|" + featureLevel + "|"
                + pool + "|" + masks;
    }

    /** @return these options with another task */
    public JobOptions withTask(SparkTask t) {
        return new JobOptions(t, backend, batch, topK, threshold, featureLevel, pool, masks,
                threadsPerTask, keep);
    }

    /** @return these options with another backend */
    public JobOptions withBackend(BackendKind b) {
        return new JobOptions(task, b, batch, topK, threshold, featureLevel, pool, masks,
                threadsPerTask, keep);
    }

    /** @return these options with another batch size */
    public JobOptions withBatch(int n) {
        return new JobOptions(task, backend, n, topK, threshold, featureLevel, pool, masks,
                threadsPerTask, keep);
    }

    /** @return these options with another top-k */
    public JobOptions withTopK(int k) {
        return new JobOptions(task, backend, batch, k, threshold, featureLevel, pool, masks,
                threadsPerTask, keep);
    }

    /** @return these options with another score threshold (NaN: the model's) */
    public JobOptions withThreshold(double t) {
        return new JobOptions(task, backend, batch, topK, t, featureLevel, pool, masks,
                threadsPerTask, keep);
    }

    /** @return these options extracting another level, pooled or whole */
    public JobOptions withFeatures(int level, boolean pooled) {
        return new JobOptions(task, backend, batch, topK, threshold, level, pooled, masks,
                threadsPerTask, keep);
    }

    /** @return these options with or without segmentation masks */
    public JobOptions withMasks(boolean m) {
        return new JobOptions(task, backend, batch, topK, threshold, featureLevel, pool, m,
                threadsPerTask, keep);
    }

    /** @return these options with another thread count per task (0: spark.task.cpus) */
    public JobOptions withThreadsPerTask(int n) {
        return new JobOptions(task, backend, batch, topK, threshold, featureLevel, pool, masks,
                n, keep);
    }

    /** @return these options copying other input columns */
    public JobOptions withKeep(List<String> columns) {
        return new JobOptions(task, backend, batch, topK, threshold, featureLevel, pool, masks,
                threadsPerTask, columns);
    }
}
