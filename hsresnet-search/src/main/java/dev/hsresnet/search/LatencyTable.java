package dev.hsresnet.search;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.text.TextFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measured latencies on one machine and engine, at one batch size: one entry per part (on ONNX
 * Runtime each distinct block, {@link BlockKey#id()}; on DJL each stage option, stem and head,
 * {@link CostModel#stageId}) and one {@link Calibration} per stem, head and input size (how the
 * summed parts become a network's end-to-end latency). Kept on disk as JSON and extended as
 * searches need more parts; a table whose {@link Fingerprint} differs from this machine's is
 * refused ({@link #checkFits}).
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param fingerprint where and how it was measured
 * @param parts part id to latency
 * @param calibrations calibration id ({@code LatencyModel.calibrationId}) to calibration
 */
@JsonPropertyOrder({"format", "formatVersion", "fingerprint", "parts", "calibrations"})
public record LatencyTable(String format, int formatVersion, Fingerprint fingerprint,
        Map<String, Latency> parts, Map<String, Calibration> calibrations) {

    /** The {@code format} marker. */
    public static final String FORMAT = "hsresnet-latency-table";

    /** The version written and read. */
    public static final int FORMAT_VERSION = 1;

    /** The largest table file read. */
    public static final long MAX_BYTES = 16L << 20;

    /** Validates the header. */
    @JsonCreator
    public LatencyTable(
            @JsonProperty(value = "format", required = true) String format,
            @JsonProperty(value = "formatVersion", required = true) int formatVersion,
            @JsonProperty(value = "fingerprint", required = true) Fingerprint fingerprint,
            @JsonProperty(value = "parts", required = true) Map<String, Latency> parts,
            @JsonProperty(value = "calibrations", required = true)
                    Map<String, Calibration> calibrations) {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format: must be '" + FORMAT + "', got '" + format
                    + "'");
        }
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion: " + formatVersion
                    + " is not supported (this version reads " + FORMAT_VERSION + ")");
        }
        this.format = format;
        this.formatVersion = formatVersion;
        this.fingerprint = fingerprint;
        this.parts = new TreeMap<>(parts);
        this.calibrations = new TreeMap<>(calibrations);
    }

    /** @return an empty table for a fingerprint */
    public static LatencyTable empty(Fingerprint fingerprint) {
        return new LatencyTable(FORMAT, FORMAT_VERSION, fingerprint, Map.of(), Map.of());
    }

    /**
     * @param file a table file
     * @return the table
     * @throws IOException naming the file when it cannot be read or is not a valid table
     */
    public static LatencyTable read(Path file) throws IOException {
        String json = TextFiles.readUtf8(file, MAX_BYTES);
        try {
            return SpecJson.read(json, LatencyTable.class);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a valid latency table: " + e.getMessage(), e);
        }
    }

    /**
     * @param file a table file, possibly absent
     * @param here this machine's fingerprint
     * @param remeasure whether a table from elsewhere is replaced by an empty one (else refused)
     * @return the table in the file, or an empty one when there is none (or it is replaced)
     * @throws IOException when the file is unreadable
     * @throws IllegalArgumentException naming the file and every field that differs, when the
     *     table was measured elsewhere and {@code remeasure} is false
     */
    public static LatencyTable load(Path file, Fingerprint here, boolean remeasure)
            throws IOException {
        if (!Files.exists(file)) {
            return empty(here);
        }
        LatencyTable table = read(file);
        if (!table.fits(here)) {
            if (remeasure) {
                return empty(here);
            }
            table.checkFits(here, file);
        }
        return table;
    }

    /** @return whether this table was measured with {@code here}'s machine, engine and batch */
    public boolean fits(Fingerprint here) {
        return here.differences(fingerprint).isEmpty();
    }

    /**
     * @throws IllegalArgumentException naming the file and each field that differs
     */
    public void checkFits(Fingerprint here, Path file) {
        var d = here.differences(fingerprint);
        if (!d.isEmpty()) {
            throw new IllegalArgumentException(file + " was measured on another machine or engine ("
                    + String.join("; ", d) + "); pass --remeasure to measure this machine, or "
                    + "another --table");
        }
    }

    /** @return a copy with one more part (a block, a stage, a stem or a head) */
    public LatencyTable withPart(String id, Latency latency) {
        Map<String, Latency> b = new TreeMap<>(parts);
        b.put(id, latency);
        return new LatencyTable(format, formatVersion, fingerprint, b, calibrations);
    }

    /** @return a copy with one more calibration */
    public LatencyTable withCalibration(String id, Calibration calibration) {
        Map<String, Calibration> c = new TreeMap<>(calibrations);
        c.put(id, calibration);
        return new LatencyTable(format, formatVersion, fingerprint, parts, c);
    }

    /**
     * Writes the table atomically.
     *
     * @throws IOException when it cannot be written (the old file is then unchanged)
     */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, (SpecJson.write(this) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
