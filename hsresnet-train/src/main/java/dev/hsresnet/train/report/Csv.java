package dev.hsresnet.train.report;

import java.math.BigDecimal;

/** Small helpers shared by the CSV writers: locale-free numbers and RFC 4180 quoting. */
public final class Csv {
    private Csv() {
    }

    /**
     * Shortest decimal that parses back to exactly {@code v}, '.' as separator, no exponent;
     * NaN is the empty string and infinities are {@code Infinity} / {@code -Infinity}.
     */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** Quotes a field when it holds a comma, quote, CR or LF. */
    public static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
