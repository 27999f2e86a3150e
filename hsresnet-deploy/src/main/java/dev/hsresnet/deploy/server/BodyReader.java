package dev.hsresnet.deploy.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body with a size cap and a deadline. The declared {@code Content-Length} is
 * checked before anything is read; a chunked body is counted while it is read, so no more than the
 * limit (plus one read buffer) is ever held.
 */
final class BodyReader {

    private static final int CHUNK = 64 * 1024;

    private BodyReader() {}

    /**
     * @param exchange the request
     * @param maxBytes largest body accepted
     * @param deadlineNanos {@link System#nanoTime()} by which the body must have arrived
     * @return the body
     * @throws HttpError 413 when the body is larger than {@code maxBytes}, 408 when it arrives too
     *     slowly
     * @throws IOException when the connection fails
     */
    static byte[] read(HttpExchange exchange, long maxBytes, long deadlineNanos)
            throws HttpError, IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                throw new HttpError(400, "bad Content-Length '" + declared + "'");
            }
            if (length > maxBytes) {
                throw new HttpError(413, "request body of " + length
                        + " bytes is over the limit of " + maxBytes + " bytes");
            }
        }
        InputStream in = exchange.getRequestBody();
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                (int) Math.min(length >= 0 ? length : CHUNK, CHUNK));
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        while (true) {
            int want = (int) Math.min(buffer.length, maxBytes + 1 - total);
            int n = in.read(buffer, 0, want);
            if (n < 0) {
                return out.toByteArray();
            }
            total += n;
            if (total > maxBytes) {
                throw new HttpError(413, "request body is over the limit of "
                        + maxBytes + " bytes");
            }
            out.write(buffer, 0, n);
            if (System.nanoTime() > deadlineNanos) {
                throw new HttpError(408, "request body not received in time ("
                        + total + " bytes so far)");
            }
        }
    }

    /**
     * Reads and drops what is left of a body, so that the client, still sending, sees the error
     * answer rather than a reset connection. Stops at EOF, after {@code maxBytes}, at the deadline
     * or on a connection error.
     */
    static void discard(InputStream in, long maxBytes, long deadlineNanos) {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        try {
            int n;
            while (total < maxBytes && System.nanoTime() < deadlineNanos
                    && (n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (IOException e) {
            // the client went away: nothing left to protect
        }
    }
}
