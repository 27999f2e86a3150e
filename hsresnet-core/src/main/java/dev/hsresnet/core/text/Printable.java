package dev.hsresnet.core.text;

/**
 * Makes text that came from a file (a label, a tensor name, a file name, a model name) safe to
 * print on a terminal: control characters cannot move the cursor, clear the screen, set the window
 * title or reorder the line.
 *
 * <pre>{@code
 * Printable.escape("cat" + (char) 27 + "[2J")   // "cat\x1b[2J"
 * }</pre>
 */
public final class Printable {

    private Printable() {}

    /**
     * Escapes C0 controls (U+0000-U+001F, tab and newline included), DEL, C1 controls
     * (U+0080-U+009F) as {@code \xNN}, and the line and paragraph separators and bidirectional
     * controls (U+061C, U+200E, U+200F, U+2028-U+202E, U+2066-U+2069) as a backslash, {@code u} and
     * four hex digits. Everything
     * else, backslashes included, is kept as it is.
     *
     * @param text any text, or null
     * @return the text with those characters escaped; {@code "null"} for null
     */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        if (text.chars().noneMatch(Printable::needsEscape)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                sb.append(c);
            } else if (c <= 0xFF) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    private static boolean needsEscape(int c) {
        return c < 0x20
                || (c >= 0x7F && c <= 0x9F)
                || c == 0x061C
                || c == 0x200E || c == 0x200F
                || (c >= 0x2028 && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
