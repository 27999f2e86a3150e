package dev.hsresnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.text.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code predict} prints, for every task: one row per image, the skipped ones reported on
 * stderr, the others printed as a table, a JSON array or CSV. The JSON array has one object per
 * image, in order: {@code {"file", "error"}} for a skipped image, {@code {"file", ...}} with the
 * task's fields for the others. A task only says how one of its results looks ({@link Printer}).
 */
final class PredictRows {

    /**
     * One image's outcome.
     *
     * @param file the image file
     * @param value the task's result, or null when the image was skipped
     * @param error why it was skipped, or null
     * @param <T> the task's result
     */
    record Row<T>(Path file, T value, String error) {

        /** @return the row of an image that was processed */
        static <T> Row<T> done(Path file, T value) {
            return new Row<>(file, value, null);
        }

        /** @return the row of an image that was skipped */
        static <T> Row<T> skipped(Path file, String why) {
            return new Row<>(file, null, why);
        }
    }

    /**
     * How one task prints its results; only rows of processed images reach it.
     *
     * @param <T> the task's result
     */
    interface Printer<T> {

        /** @return the table of the processed images, lines ending with a newline */
        String table(List<Row<T>> done);

        /** @return the CSV header line, without its newline */
        String csvHeader();

        /** Appends a processed image's CSV lines, each ending with a newline. */
        void csv(Row<T> row, StringBuilder out);

        /** Adds a processed image's fields to its JSON object (which holds {@code file}). */
        void json(Row<T> row, ObjectNode out);
    }

    private PredictRows() {}

    /**
     * Reports the skipped images, prints the rest and says how it went.
     *
     * @param rows every image's outcome, in order
     * @param verb what was done to the others ("classified", "segmented", "searched")
     * @param format how to print
     * @param printer the task's printer
     * @param out standard output
     * @param err standard error
     * @return 0 when at least one image was processed, else 1
     */
    static <T> int finish(List<Row<T>> rows, String verb, PredictCommand.Format format,
            Printer<T> printer, PrintWriter out, PrintWriter err) {
        long failed = reportSkipped(rows, verb, err);
        out.print(render(rows, format, printer));
        out.flush();
        return rows.size() > failed ? 0 : 1;
    }

    /**
     * @param rows every image's outcome, in order
     * @param format how to print
     * @param printer the task's printer
     * @return what goes to standard output
     */
    static <T> String render(List<Row<T>> rows, PredictCommand.Format format,
            Printer<T> printer) {
        List<Row<T>> done = rows.stream().filter(r -> r.error() == null).toList();
        return switch (format) {
            case TABLE -> printer.table(done);
            case CSV -> {
                StringBuilder sb = new StringBuilder(printer.csvHeader()).append('\n');
                done.forEach(r -> printer.csv(r, sb));
                yield sb.toString();
            }
            case JSON -> json(rows, printer);
        };
    }

    private static <T> String json(List<Row<T>> rows, Printer<T> printer) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        for (Row<T> r : rows) {
            ObjectNode o = all.addObject();
            o.put("file", r.file().toString());
            if (r.error() != null) {
                o.put("error", r.error());
            } else {
                printer.json(r, o);
            }
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Prints one line per skipped image, and a last line when none could be used.
     *
     * @param rows every image's outcome
     * @param verb what was done to the others ("classified", "segmented")
     * @param err standard error
     * @return how many images were skipped
     */
    static long reportSkipped(List<? extends Row<?>> rows, String verb, PrintWriter err) {
        long failed = rows.stream().filter(r -> r.error() != null).count();
        for (Row<?> r : rows) {
            if (r.error() != null) {
                err.println(Printable.escape("hsresnet predict: skipped " + r.file() + ": "
                        + r.error()));
            }
        }
        if (rows.size() == failed) {
            err.println("hsresnet predict: no image could be " + verb);
        }
        err.flush();
        return failed;
    }
}
