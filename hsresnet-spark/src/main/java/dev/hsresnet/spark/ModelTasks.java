package dev.hsresnet.spark;

import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The task a model directory or exported {@code .onnx} file performs, read on the driver. */
final class ModelTasks {

    private ModelTasks() {}

    /**
     * @param model a model directory or an {@code .onnx} file written by {@code export}
     * @return its own task
     * @throws IOException naming the file when it cannot be read
     */
    static SparkTask of(Path model) throws IOException {
        if (Files.isDirectory(model)) {
            return SparkTask.of(ModelDir.readConfig(model));
        }
        return switch (OnnxMetadata.read(model).task()) {
            case OnnxMetadata.TASK_SEGMENTATION -> SparkTask.SEGMENT;
            case OnnxMetadata.TASK_DETECTION -> SparkTask.DETECT;
            case OnnxMetadata.TASK_INSTANCE -> SparkTask.INSTANCES;
            default -> SparkTask.CLASSIFY;
        };
    }

    /**
     * @param model the model
     * @param asked the task asked for, or null for the model's own
     * @return the task to run
     * @throws IllegalArgumentException when the model cannot do it (features need a classifier
     *     directory)
     */
    static SparkTask resolve(Path model, SparkTask asked) throws IOException {
        SparkTask own = of(model);
        if (asked == null || asked == own) {
            return own;
        }
        if (asked == SparkTask.FEATURES && own == SparkTask.CLASSIFY) {
            if (!Files.isDirectory(model)) {
                throw new IllegalArgumentException("feature extraction needs a model directory "
                        + "(the backbone runs on djl), not the file " + model);
            }
            return asked;
        }
        throw new IllegalArgumentException("task " + asked.id() + " does not fit " + model
                + ", whose task is " + own.id() + (asked == SparkTask.FEATURES
                        ? " (features come from a classifier's backbone)" : ""));
    }
}
