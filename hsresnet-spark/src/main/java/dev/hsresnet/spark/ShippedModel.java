package dev.hsresnet.spark;

import dev.hsresnet.core.model.ModelDir;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;

/**
 * A model directory (or exported {@code .onnx} file) shipped to the executors once with {@code
 * SparkContext.addFile}: each executor fetches it into its work directory the first time a task
 * needs it. Tasks carry only this handle (a name and the driver's path), never the weights.
 *
 * <p>Spark names a shipped file by its last path component, and refuses two different files of
 * one name in a session ({@code runs/a/best} and {@code runs/b/best}). So the model is staged
 * first under a name that includes a hash of its path and files' sizes and times, as hard links
 * (copies across file systems) in the driver's temporary directory.
 *
 * @param name the shipped file's name ({@code SparkFiles.get(name)} on an executor)
 * @param driverPath the absolute path on the driver, used where the executor shares its disk
 *     (local mode) and the fetched copy is missing
 */
public record ShippedModel(String name, String driverPath) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Registers a model with the session's context; shipping the same files again is a no-op.
     *
     * @param spark the session
     * @param model a model directory or an {@code .onnx} file on the driver
     * @return the handle tasks resolve
     * @throws IllegalArgumentException when it does not exist
     * @throws UncheckedIOException when it cannot be staged
     */
    public static ShippedModel ship(SparkSession spark, Path model) {
        Path abs = model.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new IllegalArgumentException("model " + model + " does not exist");
        }
        try {
            Path staged = stage(abs);
            String uri = staged.toUri().toString();
            boolean shipped = scala.jdk.javaapi.CollectionConverters.asJava(
                    spark.sparkContext().listFiles()).stream()
                    .anyMatch(f -> canonical(f).equals(canonical(uri)));
            if (!shipped) {
                spark.sparkContext().addFile(uri, Files.isDirectory(staged));
            }
            return new ShippedModel(staged.getFileName().toString(), abs.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage model " + model + " for shipping: "
                    + e.getMessage(), e);
        }
    }

    /** @return the model's files under a name unique to its path and contents' sizes and times */
    private static Path stage(Path abs) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(abs)) {
            files = all.filter(Files::isRegularFile).sorted().toList();
        }
        StringBuilder id = new StringBuilder(abs.toString());
        for (Path f : files) {
            id.append('\n').append(abs.relativize(f)).append(' ').append(Files.size(f))
                    .append(' ').append(Files.getLastModifiedTime(f).toMillis());
        }
        String hash = ModelDir.sha256(id.toString().getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "hsresnet-spark-models");
        Path staged = root.resolve(abs.getFileName() + "-" + hash);
        if (Files.exists(staged)) {
            return staged;
        }
        Path partial = Files.createDirectories(root).resolve(staged.getFileName() + ".partial-"
                + ProcessHandle.current().pid());
        for (Path f : files) {
            // a directory's files keep their relative paths; a lone .onnx file is the staged path
            Path to = f.equals(abs) ? partial : partial.resolve(abs.relativize(f).toString());
            Files.createDirectories(to.getParent());
            try {
                Files.createLink(to, f);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try {
            Files.move(partial, staged, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.exists(staged)) {
                throw e;
            }
        }
        return staged;
    }

    /** @return a file URI without trailing slashes, {@code file:/} for {@code file:///} */
    private static String canonical(String uri) {
        return uri.replaceAll("/+$", "").replaceFirst("^file:///", "file:/");
    }

    /** @return where the model is on this executor */
    public Path resolve() {
        Path fetched = Path.of(SparkFiles.get(name));
        return Files.exists(fetched) ? fetched : Path.of(driverPath);
    }
}
