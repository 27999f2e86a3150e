package dev.hsresnet.train.report;

import dev.hsresnet.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The per-epoch metrics of one run, in epoch order, with a CSV form ({@code metrics.csv}).
 *
 * <p>CSV layout: a header row with the columns of {@link #HEADER}, then one row per epoch. Numbers
 * use '.' as decimal separator whatever the locale and are written so they parse back exactly; a
 * NaN measurement is an empty cell. Not thread-safe.
 */
public final class MetricsLog {
    /** The CSV columns, in order. */
    public static final List<String> HEADER = List.of(
            "epoch", "step", "train_loss", "train_top1", "val_loss", "val_top1", "val_top5",
            "lr", "images_per_sec", "epoch_seconds", "ema_val_top1");

    /** What a numeric cell may hold (Double.parseDouble alone would also take hex floats and "1d"). */
    private static final Pattern NUMBER =
            Pattern.compile("NaN|[-+]?(Infinity|[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?|\\.[0-9]+([eE][-+]?[0-9]+)?)");

    private final List<EpochMetrics> epochs = new ArrayList<>();

    /** An empty log. */
    public MetricsLog() {
    }

    /**
     * A log holding the given epochs.
     *
     * @param entries epochs in strictly increasing epoch order
     */
    public MetricsLog(List<EpochMetrics> entries) {
        entries.forEach(this::add);
    }

    /**
     * Appends an epoch.
     *
     * @param m the epoch's metrics
     * @throws IllegalArgumentException if its epoch number is not above the last one logged
     */
    public void add(EpochMetrics m) {
        if (!epochs.isEmpty()) {
            int last = epochs.get(epochs.size() - 1).epoch();
            if (m.epoch() <= last) {
                throw new IllegalArgumentException("epoch " + m.epoch() + " does not follow the last logged epoch "
                        + last + " (use truncateAfter(" + (m.epoch() - 1) + ") when resuming)");
            }
        }
        epochs.add(m);
    }

    /**
     * Drops every epoch after {@code epoch}, as when resuming from that epoch's checkpoint.
     *
     * @param epoch last epoch to keep; 0 empties the log
     */
    public void truncateAfter(int epoch) {
        epochs.removeIf(m -> m.epoch() > epoch);
    }

    /** @return the epochs, oldest first (read-only view) */
    public List<EpochMetrics> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** @return how many epochs are logged */
    public int size() {
        return epochs.size();
    }

    /** @return whether nothing is logged */
    public boolean isEmpty() {
        return epochs.isEmpty();
    }

    /** @return the last epoch logged, if any */
    public Optional<EpochMetrics> last() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
    }

    /**
     * The epoch with the highest validation top-1; the earliest one on ties; NaN values never win.
     *
     * @return that epoch, empty when no epoch has a validation top-1
     */
    public Optional<EpochMetrics> best() {
        EpochMetrics best = null;
        for (EpochMetrics m : epochs) {
            if (!Double.isNaN(m.valTop1()) && (best == null || m.valTop1() > best.valTop1())) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return the CSV text (header and one line per epoch, each ending in '\n') */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(64 * (epochs.size() + 1));
        sb.append(String.join(",", HEADER)).append('\n');
        for (EpochMetrics m : epochs) {
            sb.append(m.epoch()).append(',')
                    .append(m.step()).append(',')
                    .append(Csv.number(m.trainLoss())).append(',')
                    .append(Csv.number(m.trainTop1())).append(',')
                    .append(Csv.number(m.valLoss())).append(',')
                    .append(Csv.number(m.valTop1())).append(',')
                    .append(Csv.number(m.valTop5())).append(',')
                    .append(Csv.number(m.learningRate())).append(',')
                    .append(Csv.number(m.imagesPerSecond())).append(',')
                    .append(Csv.number(m.epochSeconds())).append(',')
                    .append(Csv.number(m.emaValTop1())).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes {@link #toCsv()} atomically.
     *
     * @param file target file
     * @throws IOException if it cannot be written
     */
    public void writeCsv(Path file) throws IOException {
        AtomicFiles.write(file, toCsv().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a file written by {@link #writeCsv}. Blank lines are ignored; CRLF line ends and a
     * UTF-8 byte order mark are accepted.
     *
     * @param file the CSV file
     * @return the log it holds
     * @throws CsvFormatException naming file, line and column when the content is malformed
     * @throws IOException if the file cannot be read
     */
    public static MetricsLog readCsv(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        MetricsLog log = new MetricsLog();
        boolean headerSeen = false;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (!headerSeen) {
                checkHeader(file, lineNo, cells);
                headerSeen = true;
                continue;
            }
            if (cells.length != HEADER.size()) {
                throw new CsvFormatException(file, lineNo, 0,
                        "expected " + HEADER.size() + " columns, found " + cells.length);
            }
            Row r = new Row(file, lineNo, cells);
            EpochMetrics m;
            try {
                m = new EpochMetrics(r.integer(0), r.longValue(1), r.real(2), r.real(3), r.real(4),
                        r.real(5), r.real(6), r.real(7), r.real(8), r.real(9), r.real(10));
            } catch (IllegalArgumentException e) {
                throw new CsvFormatException(file, lineNo, e.getMessage().startsWith("step") ? 2 : 1,
                        e.getMessage());
            }
            try {
                log.add(m);
            } catch (IllegalArgumentException e) {
                throw new CsvFormatException(file, lineNo, 1, "epoch " + m.epoch()
                        + " is not above the previous row's epoch " + log.last().orElseThrow().epoch());
            }
        }
        if (!headerSeen) {
            throw new CsvFormatException(file, 1, 0, "empty file, expected the header "
                    + String.join(",", HEADER));
        }
        return log;
    }

    private static void checkHeader(Path file, int lineNo, String[] cells) throws CsvFormatException {
        for (int c = 0; c < Math.max(cells.length, HEADER.size()); c++) {
            String want = c < HEADER.size() ? HEADER.get(c) : null;
            String got = c < cells.length ? cells[c].trim() : null;
            if (want == null) {
                throw new CsvFormatException(file, lineNo, c + 1, "unexpected extra header column '" + got + "'");
            }
            if (got == null) {
                throw new CsvFormatException(file, lineNo, c + 1, "header is missing column '" + want + "'");
            }
            if (!want.equals(got)) {
                throw new CsvFormatException(file, lineNo, c + 1,
                        "expected header column '" + want + "', found '" + got + "'");
            }
        }
    }

    /** One data row, with parse errors that name the cell. */
    private record Row(Path file, int lineNo, String[] cells) {
        String cell(int c) {
            return cells[c].trim();
        }

        CsvFormatException error(int c, String what) {
            return new CsvFormatException(file, lineNo, c + 1,
                    HEADER.get(c) + ": " + what + ", found '" + cell(c) + "'");
        }

        int integer(int c) throws CsvFormatException {
            try {
                return Integer.parseInt(cell(c));
            } catch (NumberFormatException e) {
                throw error(c, "expected an integer");
            }
        }

        long longValue(int c) throws CsvFormatException {
            try {
                return Long.parseLong(cell(c));
            } catch (NumberFormatException e) {
                throw error(c, "expected an integer");
            }
        }

        double real(int c) throws CsvFormatException {
            String s = cell(c);
            if (s.isEmpty()) {
                return Double.NaN;
            }
            if (!NUMBER.matcher(s).matches()) {
                throw error(c, "expected a number ('.' decimal point) or an empty cell");
            }
            return Double.parseDouble(s);
        }
    }
}
