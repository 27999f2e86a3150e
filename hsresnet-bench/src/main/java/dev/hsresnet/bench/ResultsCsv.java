package dev.hsresnet.bench;

import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.train.report.Csv;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The results file: one {@link ResultRow} per line under a header, numbers with '.' and no
 * exponent, empty cells for "not applicable". Readers find columns by header name, so a file with
 * extra or reordered columns still reads.
 */
public final class ResultsCsv {

    /** The columns, in the order they are written. */
    public static final List<String> HEADER = List.of("model", "path", "mode", "batch", "size",
            "median_ms", "min_ms", "max_ms", "p10_ms", "p90_ms", "img_s", "gflops", "pct_peak",
            "ratio_to_pytorch", "repeats", "threads", "date", "machine");

    private ResultsCsv() {}

    /**
     * @param rows the rows
     * @return the CSV text, header first, LF line ends
     */
    public static String format(List<ResultRow> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", HEADER)).append('\n');
        for (ResultRow r : rows) {
            List<String> cells = List.of(Csv.field(r.model()), Csv.field(r.path()),
                    Csv.field(r.mode()), Integer.toString(r.batch()), Integer.toString(r.size()),
                    decimal(r.medianMs(), 3), decimal(r.minMs(), 3), decimal(r.maxMs(), 3),
                    decimal(r.p10Ms(), 3), decimal(r.p90Ms(), 3), decimal(r.imagesPerSecond(), 2),
                    decimal(r.gflops(), 2), decimal(r.pctPeak(), 2),
                    decimal(r.ratioToPytorch(), 3), Integer.toString(r.repeats()),
                    Integer.toString(r.threads()), Csv.field(r.date()),
                    Csv.field(oneLine(r.machine())));
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes the rows atomically: a reader sees the old file or the complete new one.
     *
     * @param file the file to create or replace; its directory is created if needed
     * @param rows the rows
     * @throws IOException when writing fails; {@code file} is then untouched
     */
    public static void write(Path file, List<ResultRow> rows) throws IOException {
        AtomicFiles.write(file, format(rows).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param file a file written by {@link #write}
     * @return its rows, in file order
     * @throws IOException when it cannot be read, or naming the line and the problem when it is
     *     not such a file
     */
    public static List<ResultRow> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * @param text CSV text as {@link #format} writes it
     * @param source where it came from, for messages
     * @return the rows
     * @throws IOException naming {@code source}, the line and the problem
     */
    public static List<ResultRow> parse(String text, String source) throws IOException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        Map<String, Integer> column = null;
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            List<String> cells;
            try {
                cells = Csv.split(lines[i]);
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ":" + (i + 1) + ": " + e.getMessage());
            }
            if (column == null) {
                column = header(cells, source, i + 1);
                continue;
            }
            rows.add(row(new Cells(cells, column, source, i + 1)));
        }
        if (column == null) {
            throw new IOException(source + ": empty file, expected the header "
                    + String.join(",", HEADER));
        }
        return rows;
    }

    private static Map<String, Integer> header(List<String> cells, String source, int line)
            throws IOException {
        Map<String, Integer> column = new HashMap<>();
        for (int c = 0; c < cells.size(); c++) {
            column.putIfAbsent(cells.get(c).trim(), c);
        }
        for (String name : HEADER) {
            if (!column.containsKey(name)) {
                throw new IOException(source + ":" + line + ": not a benchmark results file: no '"
                        + name + "' column (expected " + String.join(",", HEADER) + ")");
            }
        }
        return column;
    }

    private static ResultRow row(Cells c) throws IOException {
        return new ResultRow(c.text("model"), c.text("path"), c.text("mode"), c.integer("batch"),
                c.integer("size"), c.real("median_ms"), c.real("min_ms"), c.real("max_ms"),
                c.real("p10_ms"), c.real("p90_ms"), c.real("img_s"), c.real("gflops"),
                c.real("pct_peak"), c.real("ratio_to_pytorch"), c.integer("repeats"),
                c.integer("threads"), c.text("date"), c.text("machine"));
    }

    /** One data line's cells, looked up by column name. */
    private record Cells(List<String> cells, Map<String, Integer> column, String source,
            int line) {

        String text(String name) throws IOException {
            int c = column.get(name);
            if (c >= cells.size()) {
                throw new IOException(source + ":" + line + ": has " + cells.size()
                        + " cells, no '" + name + "' (column " + (c + 1) + ")");
            }
            return cells.get(c);
        }

        int integer(String name) throws IOException {
            String s = text(name).trim();
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IOException(source + ":" + line + ": '" + name + "' is not an integer: '"
                        + s + "'");
            }
        }

        double real(String name) throws IOException {
            String s = text(name).trim();
            if (s.isEmpty()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IOException(source + ":" + line + ": '" + name + "' is not a number: '"
                        + s + "'");
            }
        }
    }

    /** @return {@code v} rounded to {@code digits} decimals, trailing zeros dropped; NaN empty */
    static String decimal(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Csv.number(v);
        }
        return Csv.number(new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN)
                .doubleValue());
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\r\n]+", " ");
    }
}
