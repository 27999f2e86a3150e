package dev.hsresnet.deploy.server;

import java.util.List;

/** The few JSON pieces the server writes: strings, numbers and flat lists (RFC 8259). */
final class Json {

    private Json() {}

    /** @return {@code s} as a JSON string literal, or {@code null} */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** @return a JSON number; NaN and infinities, which JSON cannot hold, become {@code null} */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** @return a JSON array of strings, or {@code null} */
    static String strings(List<String> values) {
        if (values == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i > 0 ? "," : "").append(quote(values.get(i)));
        }
        return b.append(']').toString();
    }

    /** @return a JSON array of numbers */
    static String numbers(List<? extends Number> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i > 0 ? "," : "").append(number(values.get(i).doubleValue()));
        }
        return b.append(']').toString();
    }

    /** @return {@code {"error": message}} */
    static String error(String message) {
        return "{\"error\":" + quote(message) + "}";
    }
}
