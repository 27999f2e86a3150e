package dev.hsresnet.cli;

import dev.hsresnet.core.text.Printable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** What {@code predict} tells about the images it could not use, for every task. */
final class PredictRows {

    /** One image's outcome: its file and, when it was skipped, why. */
    interface Row {
        /** @return the image file */
        Path file();

        /** @return why it was skipped, or null */
        String error();
    }

    private PredictRows() {}

    /**
     * Prints one line per skipped image, and a last line when none could be used.
     *
     * @param rows every image's outcome
     * @param verb what was done to the others ("classified", "segmented")
     * @param err standard error
     * @return how many images were skipped
     */
    static long reportSkipped(List<? extends Row> rows, String verb, PrintWriter err) {
        long failed = rows.stream().filter(r -> r.error() != null).count();
        for (Row r : rows) {
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
