package dev.hsresnet.cli;

import dev.hsresnet.core.text.Printable;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: left-aligned text, right-aligned columns marked numeric. */
final class TextTable {

    private final List<String> headers;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param headers column titles; a title ending in {@code >} marks a right-aligned column (the
     *     marker is not printed)
     */
    TextTable(String... headers) {
        this.headers = new ArrayList<>();
        this.numeric = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            numeric[i] = headers[i].endsWith(">");
            this.headers.add(numeric[i] ? headers[i].substring(0, headers[i].length() - 1)
                    : headers[i]);
        }
    }

    TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has "
                    + headers.size() + " columns");
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(Printable.escape(String.valueOf(c))); // cells show file names and labels
        }
        rows.add(r);
        return this;
    }

    String render() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        for (List<String> r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            l.append(i == 0 ? "" : "  ").append(numeric[i] ? pad + c : c + pad);
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    /** @return {@code 27,549,936} */
    static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    /** @return MACs in G with two decimals, or M below 0.1 G */
    static String macs(long macs) {
        return macs >= 100_000_000L
                ? String.format(java.util.Locale.ROOT, "%.2f G", macs / 1e9)
                : String.format(java.util.Locale.ROOT, "%.1f M", macs / 1e6);
    }
}
