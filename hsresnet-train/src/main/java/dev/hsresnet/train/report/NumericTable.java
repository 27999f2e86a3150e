package dev.hsresnet.train.report;

import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.text.TextFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV of numbers under a header line, as the runs' {@code metrics.csv} files are: NaN is an
 * empty field, values print as {@link Csv#number}. Written atomically; read back strictly (every
 * row must have the header's field count).
 */
public final class NumericTable {

    /** Largest file {@link #read} accepts. */
    private static final long MAX_BYTES = 64L << 20;

    private NumericTable() {}

    /**
     * @param file the CSV to write (atomically)
     * @param header the column names (quoted as CSV needs)
     * @param rows one array per row, each of the header's length
     * @throws IOException when it cannot be written
     */
    public static void write(Path file, List<String> header, List<double[]> rows)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < header.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(Csv.field(header.get(i)));
        }
        sb.append('\n');
        for (double[] row : rows) {
            if (row.length != header.size()) {
                throw new IllegalArgumentException("row of " + row.length + " values for "
                        + header.size() + " columns");
            }
            for (int i = 0; i < row.length; i++) {
                sb.append(i == 0 ? "" : ",").append(Csv.number(row[i]));
            }
            sb.append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param file a CSV {@link #write} wrote
     * @param columns the field count every row must have
     * @return the rows after the header, empty fields as NaN
     * @throws IOException naming the file and line when a row is not such a row
     */
    public static List<double[]> read(Path file, int columns) throws IOException {
        List<String> lines = TextFiles.readUtf8(file, MAX_BYTES).lines().toList();
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> f = Csv.split(lines.get(i));
            if (f.size() != columns) {
                throw new IOException(file + " line " + (i + 1) + ": " + f.size() + " fields, "
                        + "expected " + columns);
            }
            double[] v = new double[columns];
            try {
                for (int k = 0; k < columns; k++) {
                    v[k] = f.get(k).isEmpty() ? Double.NaN : Double.parseDouble(f.get(k));
                }
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
            rows.add(v);
        }
        return rows;
    }
}
