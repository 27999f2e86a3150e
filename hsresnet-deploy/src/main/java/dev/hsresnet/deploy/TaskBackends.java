package dev.hsresnet.deploy;

import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * How a dense task's saved model is opened on a backend (detection, instance segmentation): a
 * model directory on DJL, or on ONNX Runtime after an in-memory export, or an exported {@code
 * .onnx} file on ONNX Runtime. The choice between them is made here, the same for every task; a
 * {@link Task} says how its backends are built.
 */
public final class TaskBackends {

    /**
     * A backend with the configuration it runs.
     *
     * @param config the model's configuration
     * @param backend the network
     * @param <B> the task's backend type
     */
    public record Opened<B>(ModelConfig config, B backend) {}

    /**
     * How one task builds its backends.
     *
     * @param <B> the task's backend type
     */
    public interface Task<B extends AutoCloseable> {

        /** @return the task's name in {@code model.json} and in an export's metadata */
        String name();

        /**
         * @param dir a model directory of this task
         * @return the network loaded on DJL
         * @throws IOException naming the directory when it cannot be loaded
         */
        Opened<B> djl(Path dir) throws IOException;

        /**
         * @param dir a model directory of this task
         * @param config its configuration
         * @return the network exported in memory and run by ONNX Runtime
         * @throws IOException naming the directory when it cannot be exported or run
         */
        Opened<B> exported(Path dir, ModelConfig config) throws IOException;

        /**
         * @param file an exported {@code .onnx} file
         * @return the file run by ONNX Runtime, with the configuration its metadata describes
         * @throws IOException naming the file when it cannot be read or holds another task
         */
        Opened<B> onnxFile(Path file) throws IOException;
    }

    private TaskBackends() {}

    /**
     * @param model a model directory, or an exported {@code .onnx} file
     * @param kind {@code djl}, {@code onnx}, or {@code auto}: the backend {@link
     *     BackendChoice#forced()} names, else ONNX Runtime for an {@code .onnx} file and DJL for a
     *     directory (these tasks do not measure the two)
     * @param log receives one line naming the backend {@code auto} chose and why
     * @param task the task the model must hold
     * @param <B> the task's backend type
     * @return the opened backend and its configuration
     * @throws IOException naming the file when the model cannot be loaded or holds another task
     */
    public static <B extends AutoCloseable> Opened<B> open(Path model, BackendKind kind,
            Consumer<String> log, Task<B> task) throws IOException {
        boolean onnxFile = Files.isRegularFile(model);
        BackendKind chosen = kind == BackendKind.AUTO ? auto(onnxFile, log, task.name()) : kind;
        if (onnxFile && chosen != BackendKind.ONNX) {
            throw new IOException(model + " is a file; the djl backend needs a model directory "
                    + "(model.json + weights), an exported .onnx file needs --backend onnx");
        }
        if (onnxFile) {
            return task.onnxFile(model);
        }
        ModelConfig config = ModelDir.readConfig(model);
        requireTask(config, model, task.name());
        return chosen == BackendKind.ONNX ? task.exported(model, config) : task.djl(model);
    }

    /**
     * Opens a model as {@link #open(Path, BackendKind, Consumer, Task)} and wraps its backend in
     * the task's predictor; when that fails the backend is closed.
     *
     * @param model a model directory, or an exported {@code .onnx} file
     * @param kind the backend
     * @param log receives one line naming the backend {@code auto} chose and why
     * @param task the task the model must hold
     * @param wrap the predictor's constructor: configuration and backend
     * @param <B> the task's backend type
     * @param <P> the predictor type
     * @return the predictor, owning the backend
     * @throws IOException naming the file when the model cannot be loaded or holds another task
     */
    public static <B extends AutoCloseable, P> P open(Path model, BackendKind kind,
            Consumer<String> log, Task<B> task, BiFunction<ModelConfig, B, P> wrap)
            throws IOException {
        Opened<B> opened = open(model, kind, log, task);
        return orClose(opened.backend(), backend -> wrap.apply(opened.config(), backend));
    }

    /**
     * @param model a model directory or an {@code .onnx} file
     * @param task a task name
     * @return whether it holds a model of that task ({@code task} in its {@code model.json}, or
     *     in the file's metadata)
     * @throws IOException naming the file when it is neither a readable model directory nor an
     *     ONNX file
     */
    public static boolean holds(Path model, String task) throws IOException {
        if (Files.isRegularFile(model)) {
            return task.equals(OnnxMetadata.read(model).task());
        }
        return task.equals(ModelDir.readConfig(model).task());
    }

    /**
     * Loads a model directory on DJL and checks the model's type.
     *
     * @param dir the directory
     * @param type the task's model class
     * @param task the task's name, for the message
     * @param <M> the model type
     * @return the loaded model
     * @throws IOException naming the directory when it cannot be loaded or holds another task
     */
    public static <M extends NetworkModel> M loadDjl(Path dir, Class<M> type, String task)
            throws IOException {
        NetworkModel loaded = ModelDir.loadAny(dir, LoadOptions.DEFAULT);
        if (!type.isInstance(loaded)) {
            loaded.close();
            throw new IOException(dir + " holds a '" + loaded.config().taskName()
                    + "' model, not " + withArticle(task) + " model");
        }
        return type.cast(loaded);
    }

    /**
     * Runs {@code build} on an opened resource, closing the resource when it fails.
     *
     * @param resource what {@code build} takes ownership of
     * @param build makes the result
     * @param <R> the resource type
     * @param <T> the result type
     * @return the result
     * @throws IOException as {@code build}
     */
    public static <R extends AutoCloseable, T> T orClose(R resource, Build<R, T> build)
            throws IOException {
        try {
            return build.apply(resource);
        } catch (IOException | RuntimeException e) {
            try {
                resource.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * A step that may fail with an {@link IOException}.
     *
     * @param <R> its input
     * @param <T> its result
     */
    @FunctionalInterface
    public interface Build<R, T> {
        /** @return the result of the step on {@code resource} */
        T apply(R resource) throws IOException;
    }

    /** @throws IOException naming the directory when it holds a model of another task */
    public static void requireTask(ModelConfig config, Path dir, String task)
            throws IOException {
        if (!task.equals(config.task())) {
            throw new IOException(dir + " holds a '" + config.taskName() + "' model, not "
                    + withArticle(task) + " model");
        }
    }

    /** @return {@code "a detection"}, {@code "an instance"} */
    private static String withArticle(String task) {
        return ("aeiou".indexOf(task.charAt(0)) >= 0 ? "an " : "a ") + task;
    }

    private static BackendKind auto(boolean onnxFile, Consumer<String> log, String task) {
        BackendKind forced = BackendChoice.forced();
        if (forced != null) {
            log.accept("backend " + forced.id() + " (forced by " + BackendChoice.forcedBy() + ")");
            return forced;
        }
        if (onnxFile) {
            log.accept("backend onnx (an exported .onnx file)");
            return BackendKind.ONNX;
        }
        log.accept("backend djl (" + task + " models are not measured; --backend onnx runs ONNX "
                + "Runtime)");
        return BackendKind.DJL;
    }
}
