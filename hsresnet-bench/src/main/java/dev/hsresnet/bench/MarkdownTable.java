package dev.hsresnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders results and comparisons as GitHub-flavoured markdown tables. */
public final class MarkdownTable {

    private MarkdownTable() {}

    /**
     * @param rows result rows; peak rows ({@value ResultRow#PEAK_MODE}) get a table of their own
     * @return the tables, each line ending in a line break
     */
    public static String results(List<ResultRow> rows) {
        StringBuilder sb = new StringBuilder();
        List<ResultRow> peaks = rows.stream()
                .filter(r -> ResultRow.PEAK_MODE.equals(r.mode())).toList();
        if (!peaks.isEmpty()) {
            sb.append("| FP32 peak | n | median ms | min ms | GFLOP/s (best) | % of peak |\n");
            sb.append("|---|---:|---:|---:|---:|---:|\n");
            for (ResultRow r : peaks) {
                sb.append(line(r.path().equals(BenchPath.ONNX.id())
                        ? "ONNX Runtime MatMul" : "libtorch matmul (DJL)",
                        Integer.toString(r.size()), ms(r.medianMs()), ms(r.minMs()),
                        fixed(r.gflops(), 1), fixed(r.pctPeak(), 1)));
            }
            sb.append('\n');
        }
        sb.append("| model | path | mode | batch | median ms | p10-p90 ms | min-max ms | img/s "
                + "| GFLOP/s | % peak | vs PyTorch |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ResultRow r : rows) {
            if (ResultRow.PEAK_MODE.equals(r.mode())) {
                continue;
            }
            sb.append(line(r.model(), r.path(), r.mode(), Integer.toString(r.batch()),
                    ms(r.medianMs()), ms(r.p10Ms()) + "-" + ms(r.p90Ms()),
                    ms(r.minMs()) + "-" + ms(r.maxMs()), fixed(r.imagesPerSecond(), 1),
                    fixed(r.gflops(), 1), fixed(r.pctPeak(), 1), fixed(r.ratioToPytorch(), 2)));
        }
        return sb.toString();
    }

    /**
     * @param c a comparison of two runs
     * @return a table of the rows in both (old and new median, change), then the rows only one of
     *     them has
     */
    public static String comparison(Comparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append("| model | path | mode | batch | old median ms | new median ms | change "
                + "| beyond p10-p90 |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---|\n");
        for (Comparison.Change ch : c.changes()) {
            ResultRow r = ch.after();
            double pct = ch.medianChangePercent();
            sb.append(line(r.model(), r.path(), r.mode(), Integer.toString(r.batch()),
                    ms(ch.before().medianMs()), ms(r.medianMs()),
                    Double.isNaN(pct) ? "-" : String.format(Locale.ROOT, "%+.1f%%", pct),
                    ch.beyondSpread() ? "yes" : "no"));
        }
        List<String> notes = new ArrayList<>();
        if (!c.onlyNew().isEmpty()) {
            notes.add("only in the new run: " + String.join(", ", c.onlyNew()));
        }
        if (!c.onlyOld().isEmpty()) {
            notes.add("only in the old run: " + String.join(", ", c.onlyOld()));
        }
        for (String n : notes) {
            sb.append('\n').append(n).append('\n');
        }
        return sb.toString();
    }

    private static String line(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    /** Milliseconds: two decimals below 10, one below 1000, none above. */
    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : v < 1000 ? "%.1f" : "%.0f", v);
    }

    private static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
