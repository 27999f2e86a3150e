package dev.hsresnet.deploy.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small {@code multipart/form-data} reader (RFC 7578, RFC 2046 section 5.1) for uploads such as
 * {@code curl -F image=@cat.jpg}: finds the first file part of a body that is already in memory
 * (and so already bounded by the body limit). Linear in the body's size.
 */
final class Multipart {

    /** Longest header block of one part. */
    static final int MAX_PART_HEADERS = 16 * 1024;

    private static final Pattern BOUNDARY =
            Pattern.compile("(?i)(?:^|;)\\s*boundary\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)");
    private static final Pattern FILENAME = Pattern.compile("(?i)(?:^|;)\\s*filename\\*?\\s*=");
    private static final Pattern NAME =
            Pattern.compile("(?i)(?:^|;)\\s*filename\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    /**
     * One part of the body.
     *
     * @param filename the part's file name, or null
     * @param contentType the part's {@code Content-Type}, or null
     * @param content the part's bytes
     */
    record Part(String filename, String contentType, byte[] content) {}

    private Multipart() {}

    /**
     * @param contentType the request's {@code Content-Type}
     * @return its {@code boundary} parameter
     * @throws HttpError 400 when it is missing or not a valid boundary
     */
    static String boundary(String contentType) throws HttpError {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new HttpError(400, "multipart/form-data without a boundary parameter");
        }
        String b = m.group(2) != null ? m.group(2) : m.group(1);
        if (b.isEmpty() || b.length() > 70 || b.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new HttpError(400, "multipart boundary must be 1 to 70 printable characters");
        }
        return b;
    }

    /**
     * Finds the first part that is a file: it has a {@code filename} or an image or
     * octet-stream {@code Content-Type}.
     *
     * @param body the whole request body
     * @param boundary from {@link #boundary(String)}
     * @return that part
     * @throws HttpError 400 naming what is wrong with the body, or that it has no file part
     */
    static Part firstFile(byte[] body, String boundary) throws HttpError {
        byte[] dash = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int pos = startsWith(body, 0, dash) ? 0 : indexOf(body, delimiter, 0, body.length);
        if (pos < 0) {
            throw new HttpError(400, "multipart body does not contain its boundary");
        }
        pos += pos == 0 && startsWith(body, 0, dash) ? dash.length : delimiter.length;
        while (true) {
            if (startsWith(body, pos, new byte[] {'-', '-'})) {
                throw new HttpError(400, "multipart body has no file part (send the image as a "
                        + "part with a filename, e.g. curl -F image=@cat.jpg)");
            }
            while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
                pos++; // transport padding
            }
            if (!startsWith(body, pos, CRLF)) {
                throw new HttpError(400, "malformed multipart body: no line break after a "
                        + "boundary");
            }
            pos += CRLF.length;
            int headersEnd = startsWith(body, pos, CRLF) ? pos
                    : indexOf(body, HEADERS_END, pos, Math.min(body.length,
                            pos + MAX_PART_HEADERS));
            if (headersEnd < 0) {
                throw new HttpError(400, "malformed multipart body: part headers missing, "
                        + "unterminated or over " + MAX_PART_HEADERS + " bytes");
            }
            String headers = new String(body, pos, headersEnd - pos, StandardCharsets.ISO_8859_1);
            int contentStart = headersEnd + (headersEnd == pos ? CRLF.length : HEADERS_END.length);
            int contentEnd = indexOf(body, delimiter, contentStart, body.length);
            if (contentEnd < 0) {
                throw new HttpError(400, "multipart body ends before the part's closing "
                        + "boundary (truncated upload?)");
            }
            Part part = part(headers, Arrays.copyOfRange(body, contentStart, contentEnd));
            if (isFile(part)) {
                return part;
            }
            pos = contentEnd + delimiter.length;
        }
    }

    private static Part part(String headers, byte[] content) {
        String disposition = null;
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals("content-disposition")) {
                disposition = value;
            } else if (name.equals("content-type")) {
                type = value;
            }
        }
        String filename = null;
        if (disposition != null) {
            Matcher m = NAME.matcher(disposition);
            if (m.find()) {
                filename = m.group(2) != null ? m.group(2) : m.group(1);
            } else if (FILENAME.matcher(disposition).find()) {
                filename = ""; // only an RFC 5987 filename*=: still a file
            }
        }
        return new Part(filename, type, content);
    }

    private static boolean isFile(Part part) {
        if (part.filename() != null) {
            return true;
        }
        String type = part.contentType() == null ? "" : part.contentType().toLowerCase(Locale.ROOT);
        return type.startsWith("image/") || type.startsWith("application/octet-stream");
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * First index of {@code needle} in {@code data[from, to)}, or -1. The needles used here begin
     * with CR and hold no other CR, so partial matches cannot overlap and the scan stays linear.
     */
    static int indexOf(byte[] data, byte[] needle, int from, int to) {
        int last = to - needle.length;
        for (int i = Math.max(0, from); i <= last; i++) {
            if (data[i] == needle[0] && startsWith(data, i, needle)) {
                return i;
            }
        }
        return -1;
    }
}
