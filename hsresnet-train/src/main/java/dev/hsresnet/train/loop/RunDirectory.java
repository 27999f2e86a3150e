package dev.hsresnet.train.loop;

import dev.hsresnet.train.checkpoint.CheckpointStore;
import dev.hsresnet.train.checkpoint.TrainState;
import dev.hsresnet.train.recipe.Recipes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * What every kind of training run (classifier, segmentation, ...) does with its directory: a
 * new run refuses a directory that holds one, writes its recipe only once everything it needs is
 * ready, and removes what it created when it fails before its first checkpoint; a resumed run
 * finds its newest intact checkpoint and checks that it belongs to the recipe.
 */
public final class RunDirectory {

    /** The recipe as run. */
    public static final String RECIPE_FILE = "recipe.json";

    /** Writes the run directory's first files. */
    @FunctionalInterface
    public interface Setup {
        /** @throws IOException when writing fails */
        void write() throws IOException;
    }

    /** The body of a new run, given the setup to call once data and model are ready. */
    @FunctionalInterface
    public interface Body<R> {
        /**
         * @param setup creates the directory and writes the recipe
         * @return the run's result
         * @throws IOException when files cannot be read or written
         */
        R run(Setup setup) throws IOException;
    }

    private RunDirectory() {}

    /**
     * Runs a new run's body in {@code runDir}.
     *
     * @param runDir a new or empty directory
     * @param recipe the recipe, saved as {@value #RECIPE_FILE} by the setup
     * @param checkpointed whether the run has written a checkpoint (then a failure keeps the
     *     directory, to be resumed)
     * @param body the run
     * @param <R> the result type
     * @return the body's result
     * @throws IOException from the body
     * @throws IllegalArgumentException when the directory already holds a run
     */
    public static <R> R start(Path runDir, Record recipe, BooleanSupplier checkpointed,
            Body<R> body) throws IOException {
        if (Files.exists(runDir.resolve(RECIPE_FILE))) {
            throw new IllegalArgumentException(runDir + " already holds a run; resume it or "
                    + "choose a new directory");
        }
        NewRunDir dir = NewRunDir.note(runDir);
        try {
            return body.run(() -> {
                dir.create();
                Recipes.save(recipe, runDir.resolve(RECIPE_FILE));
            });
        } catch (IOException | RuntimeException | Error e) {
            if (!checkpointed.getAsBoolean()) {
                dir.removeCreated(e);
            }
            throw e;
        }
    }

    /**
     * @param runDir a run directory
     * @return its recipe file
     * @throws IllegalArgumentException when the directory holds no run
     */
    public static Path recipeOf(Path runDir) {
        Path file = runDir.resolve(RECIPE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(runDir + " holds no run (" + RECIPE_FILE
                    + " is missing)");
        }
        return file;
    }

    /** Checks a checkpoint's state against the run's recipe. */
    @FunctionalInterface
    public interface StateCheck {
        /**
         * @param state the checkpoint's state
         * @throws IllegalArgumentException naming the field that contradicts the recipe
         */
        void check(TrainState state);
    }

    /**
     * The checkpoint to resume from: the newest intact one (broken ones are passed over with a
     * warning in a progress message), checked against the recipe.
     *
     * @param store the run's checkpoints
     * @param runDir the run directory
     * @param progress where warnings go
     * @param check the state check
     * @return the checkpoint
     * @throws IOException naming {@code state.json} when it contradicts the recipe
     * @throws IllegalArgumentException when there is no intact checkpoint
     */
    public static CheckpointStore.Checkpoint latest(CheckpointStore store, Path runDir,
            Progress progress, StateCheck check) throws IOException {
        CheckpointStore.Latest latest = store.latest();
        for (CheckpointStore.Broken b : latest.broken()) {
            progress.message("warning: " + b.describe());
        }
        CheckpointStore.Checkpoint c = latest.checkpoint().orElseThrow(() ->
                new IllegalArgumentException(runDir + (latest.broken().isEmpty()
                        ? " has no checkpoint to resume from"
                        : " has no intact checkpoint to resume from (" + latest.broken().size()
                                + " broken, newest: " + latest.broken().get(0).dir() + ": "
                                + latest.broken().get(0).reason() + ")")));
        try {
            check.check(c.state());
        } catch (IllegalArgumentException e) {
            throw new IOException(c.dir().resolve("state.json") + ": " + e.getMessage() + " ("
                    + RECIPE_FILE + " and the checkpoint do not belong to the same run)", e);
        }
        return c;
    }

    /**
     * @param runDir a directory
     * @param isModel whether a recipe's model name is one of the task's models
     * @return whether it holds a run of one of them (by its recipe's {@code model.name})
     */
    public static boolean isRunOf(Path runDir, java.util.function.Predicate<String> isModel) {
        Path file = runDir.resolve(RECIPE_FILE);
        try {
            return Files.isRegularFile(file) && isModel.test(
                    dev.hsresnet.core.spec.SpecJson.mapper().readTree(file.toFile()).path("model")
                            .path("name").asText(""));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param recipe a recipe
     * @return the SHA-256 of its JSON, which a resumed run checks its checkpoint against
     */
    public static String recipeSha256(Record recipe) {
        return dev.hsresnet.core.model.ModelDir.sha256(Recipes.toJson(recipe)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Writes a value as indented JSON with a final newline, atomically.
     *
     * @param file the target
     * @param value a record or other Jackson-writable value
     * @throws IOException when it cannot be written
     */
    public static void writeJson(Path file, Object value) throws IOException {
        dev.hsresnet.core.io.AtomicFiles.write(file, (dev.hsresnet.core.spec.SpecJson.write(value)
                + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
