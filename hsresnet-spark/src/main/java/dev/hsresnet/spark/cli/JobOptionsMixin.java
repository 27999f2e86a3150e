package dev.hsresnet.spark.cli;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.spark.JobOptions;
import dev.hsresnet.spark.SparkTask;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of a prediction job ({@link JobOptions}). */
public final class JobOptionsMixin {

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "djl",
            description = "djl (libtorch) or onnx (ONNX Runtime; the model exported in memory, "
                    + "or an exported .onnx file as --model); default ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8",
            description = "Images per forward pass inside a partition (default: "
                    + "${DEFAULT-VALUE}; dense tasks batch images of one size).")
    int batch;

    @Option(names = "--threads-per-task", paramLabel = "N", defaultValue = "0",
            description = "libtorch threads per task's forward pass (default: spark.task.cpus, "
                    + "so that an executor's tasks use one thread per core).")
    int threadsPerTask;

    /** @return the options, with {@code task} (null: the model's) and {@code topK} */
    JobOptions options(SparkTask task, int topK, double threshold, List<String> keep) {
        BackendKind kind = BackendKind.parse(backend);
        return JobOptions.DEFAULTS.withTask(task).withBackend(kind).withBatch(batch)
                .withTopK(topK).withThreshold(threshold).withThreadsPerTask(threadsPerTask)
                .withKeep(keep);
    }
}
