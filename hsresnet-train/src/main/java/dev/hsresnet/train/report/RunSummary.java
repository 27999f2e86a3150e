package dev.hsresnet.train.report;

import dev.hsresnet.core.io.AtomicFiles;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one training run, saved as {@code summary.json} beside its metrics.
 *
 * <p>JSON keys are the component names below, in that order. A NaN measurement is written as
 * {@code null} and read back as NaN; timestamps are ISO-8601 instants (UTC, e.g.
 * {@code 2025-01-31T12:00:00Z}). Reading ignores keys it does not know, so older readers accept
 * newer files.
 *
 * @param modelName registry name of the model trained
 * @param dataset what it was trained on (for example {@code cifar10} or a folder path)
 * @param epochsDone epochs completed
 * @param epochsPlanned epochs the recipe asked for
 * @param bestEpoch epoch with the best validation top-1, 0 when none was measured
 * @param bestValTop1 validation top-1 of that epoch (NaN when none)
 * @param bestValTop5 validation top-5 of that epoch (NaN when none)
 * @param finalMetrics metrics of the last epoch, null when no epoch finished
 * @param totalSeconds seconds the run spent running, summed over its sessions (a run resumed a
 *     day later does not count the day; steps lost to a kill and redone count once)
 * @param imagesPerSecond mean training throughput over all epochs
 * @param skippedImages images that could not be decoded and were left out
 * @param startedAt when the run started
 * @param finishedAt when the run finished (or stopped)
 * @param hardware one line on the machine, e.g. {@code 16 cores, amd64, Linux 6.1}
 * @param javaVersion Java runtime version and vendor
 */
@JsonPropertyOrder({"modelName", "dataset", "epochsDone", "epochsPlanned", "bestEpoch", "bestValTop1",
    "bestValTop5", "finalMetrics", "totalSeconds", "imagesPerSecond", "skippedImages", "startedAt",
    "finishedAt", "hardware", "javaVersion"})
public record RunSummary(
        String modelName,
        String dataset,
        int epochsDone,
        int epochsPlanned,
        int bestEpoch,
        double bestValTop1,
        double bestValTop5,
        EpochMetrics finalMetrics,
        double totalSeconds,
        double imagesPerSecond,
        long skippedImages,
        Instant startedAt,
        Instant finishedAt,
        String hardware,
        String javaVersion) {

    /** Requires the names and timestamps. */
    public RunSummary {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /**
     * Builds the summary of a run from its metrics log, describing this JVM's machine.
     *
     * @param modelName registry name of the model
     * @param dataset what it was trained on
     * @param epochsPlanned epochs the recipe asked for
     * @param log the run's metrics
     * @param skippedImages images left out because they could not be decoded
     * @param secondsRunning seconds spent running, summed over the run's sessions
     * @param startedAt when the run started
     * @param finishedAt when it finished
     * @return the summary; throughput is the epoch-time weighted mean of the epochs' images/s
     */
    public static RunSummary of(String modelName, String dataset, int epochsPlanned, MetricsLog log,
            long skippedImages, double secondsRunning, Instant startedAt, Instant finishedAt) {
        EpochMetrics best = log.best().orElse(null);
        double weighted = 0;
        double seconds = 0;
        for (EpochMetrics m : log.epochs()) {
            if (Double.isFinite(m.imagesPerSecond()) && Double.isFinite(m.epochSeconds()) && m.epochSeconds() > 0) {
                weighted += m.imagesPerSecond() * m.epochSeconds();
                seconds += m.epochSeconds();
            }
        }
        return new RunSummary(modelName, dataset, log.last().map(EpochMetrics::epoch).orElse(0), epochsPlanned,
                best == null ? 0 : best.epoch(),
                best == null ? Double.NaN : best.valTop1(),
                best == null ? Double.NaN : best.valTop5(),
                log.last().orElse(null),
                secondsRunning,
                seconds > 0 ? weighted / seconds : Double.NaN,
                skippedImages, startedAt, finishedAt, hardwareLine(), javaVersionLine());
    }

    /** @return for example {@code 16 cores, amd64, Linux 6.1.0} */
    public static String hardwareLine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    /** @return for example {@code 17.0.15 (Debian)} */
    public static String javaVersionLine() {
        return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
    }

    /** @return the pretty-printed JSON form, ending in a newline */
    public String toJson() {
        try {
            return ReportJson.WRITER.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize run summary", e);
        }
    }

    /**
     * Writes {@link #toJson()} atomically.
     *
     * @param file target file
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, toJson().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a file written by {@link #write}.
     *
     * @param file the JSON file
     * @return the summary
     * @throws IOException if it cannot be read or is not a run summary (the message names the file)
     */
    public static RunSummary read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return ReportJson.MAPPER.readValue(bytes, RunSummary.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new IOException(file + where + ": not a valid run summary: " + e.getOriginalMessage(), e);
        }
    }
}
