package dev.hsresnet.train.recipe;

import java.math.BigDecimal;
import java.util.List;

/** Validation helpers whose messages name the field and the value. */
final class Check {
    private Check() {
    }

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-6 && a < 1e12) {
            return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        }
        return Double.toString(v);
    }

    static RecipeException fail(String field, String rule, Object value) {
        String shown = value instanceof Double d ? fmt(d) : value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return new RecipeException(field, rule + ", got " + shown);
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new RecipeException(field, "is required");
        }
        return value;
    }

    static String nonBlank(String field, String value) {
        required(field, value);
        if (value.isBlank()) {
            throw fail(field, "must not be blank", value);
        }
        return value;
    }

    static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw fail(field, "must be >= " + min, value);
        }
        return value;
    }

    static int between(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw fail(field, "must be in [" + min + ", " + max + "]", value);
        }
        return value;
    }

    /** Checks lo &lt;(=) value &lt;(=) hi; NaN and infinities always fail. */
    static double range(String field, double value, double lo, boolean loClosed, double hi, boolean hiClosed) {
        boolean ok = Double.isFinite(value)
                && (loClosed ? value >= lo : value > lo)
                && (hiClosed ? value <= hi : value < hi);
        if (!ok) {
            String hiText = Double.isInfinite(hi) ? "inf" : fmt(hi);
            throw fail(field, "must be in " + (loClosed ? "[" : "(") + fmt(lo) + ", " + hiText
                    + (hiClosed && Double.isFinite(hi) ? "]" : ")"), value);
        }
        return value;
    }

    static double nonNegative(String field, double value) {
        return range(field, value, 0, true, Double.POSITIVE_INFINITY, false);
    }

    static double positive(String field, double value) {
        return range(field, value, 0, false, Double.POSITIVE_INFINITY, false);
    }

    static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
