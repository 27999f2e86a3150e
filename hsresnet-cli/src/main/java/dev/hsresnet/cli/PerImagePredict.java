package dev.hsresnet.cli;

import dev.hsresnet.cli.PredictRows.Row;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code hsresnet predict} for a task that writes files per image under {@code --out}, named
 * after the image's stem (segmentation, detection): the images one at a time, in order, each
 * processed or skipped with its reason (unreadable, refused, or its stem already taken by an
 * earlier image, whose files it would replace), then the summary ({@link PredictRows}).
 *
 * @param <T> what one image gives
 */
abstract class PerImagePredict<T> implements PredictRows.Printer<T> {

    private final Path outDir;
    private final String verb;
    private final List<String> shownSuffixes;
    private final List<Row<T>> rows = new ArrayList<>();

    /**
     * @param outDir where the files go
     * @param verb what is done to an image, for "no image could be ..."
     * @param shownSuffixes the suffixes after the stem named when two images share one, e.g.
     *     {@code "-mask.png", ".json"}
     */
    PerImagePredict(Path outDir, String verb, String... shownSuffixes) {
        this.outDir = outDir;
        this.verb = verb;
        this.shownSuffixes = List.of(shownSuffixes);
    }

    /**
     * Processes one image and writes its files.
     *
     * @param file the image
     * @param stem its stem, free for its files
     * @return what the summary prints
     * @throws IOException when the image cannot be read or a file written: the image is skipped
     * @throws IllegalArgumentException when the image does not suit the model: it is skipped
     */
    abstract T process(Path file, String stem) throws IOException;

    /** @return the folder of the files */
    final Path outDir() {
        return outDir;
    }

    /** Records a path refused before processing (not found, a folder without images). */
    final void skip(Path path, String why) {
        rows.add(Row.skipped(path, why));
    }

    /**
     * Processes every file, writes its files and prints the summary.
     *
     * @param files the image files
     * @param format how to print
     * @param out standard output
     * @param err standard error, for skipped images
     * @return 0 when at least one image was processed, else 1
     */
    final int run(List<Path> files, PredictCommand.Format format, PrintWriter out,
            PrintWriter err) {
        Map<String, Path> stems = new HashMap<>();
        for (Path f : files) {
            String stem = stem(f);
            Path earlier = stems.putIfAbsent(stem, f);
            if (earlier != null) {
                rows.add(Row.skipped(f, "its outputs " + shownSuffixes.stream()
                        .map(s -> stem + s).collect(Collectors.joining(" and "))
                        + " would replace those of " + earlier));
                continue;
            }
            try {
                rows.add(Row.done(f, process(f, stem)));
            } catch (IOException | IllegalArgumentException e) { // unreadable, refused, unwritable
                rows.add(Row.skipped(f, ErrorHandler.describe(e)));
            }
        }
        return PredictRows.finish(rows, verb, format, this, out, err);
    }

    /** @return the file name without its last extension ({@code a.b.png} gives {@code a.b}) */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
