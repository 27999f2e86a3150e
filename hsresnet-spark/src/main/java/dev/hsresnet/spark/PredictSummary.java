package dev.hsresnet.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hsresnet.core.spec.SpecJson;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * What a prediction job did, written as {@code _summary.json} in its output directory. Rows and
 * errors are counted in the written output (exact even when tasks were retried); loads are
 * counted by the executors (one per executor JVM and model).
 *
 * @param task the task run
 * @param backend djl or onnx
 * @param model the model path on the driver
 * @param output the output directory
 * @param format parquet or json
 * @param rows rows written (one per input row)
 * @param errors rows whose {@code error} is set (unreadable images, refused sizes)
 * @param firstErrors up to {@value #ERRORS_SHOWN} of them, {@code id: reason}
 * @param modelLoads model loads on the executors
 * @param loadMillis milliseconds those loads took in all
 * @param forwardPasses forward passes run
 * @param seconds wall-clock seconds of the job, model loads and output included
 * @param imagesPerSecond rows per second of wall-clock time
 * @param master the Spark master
 * @param parallelism the session's default parallelism (task slots)
 */
public record PredictSummary(String task, String backend, String model, String output,
        String format, long rows, long errors, List<String> firstErrors, long modelLoads,
        long loadMillis, long forwardPasses, double seconds, double imagesPerSecond,
        String master, int parallelism) {

    /** The summary's file name inside the output (Spark's readers skip names starting _). */
    public static final String FILE = "_summary.json";

    /** Errors listed in the summary. */
    public static final int ERRORS_SHOWN = 5;

    /** @return the summary as indented JSON, ending with a newline */
    public String toJson() {
        try {
            return SpecJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this)
                    + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a few lines for a console */
    public String toText() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%s: %d rows (%d errors) -> %s (%s) in %.1f s, %.1f images/s on %s; "
                        + "%d model load%s (%d ms), %d forward passes%n",
                task, rows, errors, output, format, seconds, imagesPerSecond, master, modelLoads,
                modelLoads == 1 ? "" : "s", loadMillis, forwardPasses));
        for (String e : firstErrors) {
            sb.append("  error: ").append(e).append('\n');
        }
        return sb.toString();
    }
}
