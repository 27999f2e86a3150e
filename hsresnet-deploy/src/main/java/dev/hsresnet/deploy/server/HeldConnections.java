package dev.hsresnet.deploy.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections a load run holds open against a server to show what they cost: idle keep-alive
 * connections (one {@code GET /health} answered, then silence) and stalled ones (one byte of a
 * request, then silence). Plain HTTP only.
 */
public final class HeldConnections implements AutoCloseable {

    private static final int READ_TIMEOUT_MS = 60_000;

    private final List<Socket> idle = new ArrayList<>();
    private final List<Socket> stalled = new ArrayList<>();

    private HeldConnections() {}

    /**
     * Opens the connections.
     *
     * @param base the server, e.g. {@code http://127.0.0.1:8080/}
     * @param idleCount keep-alive connections that sent one request
     * @param stalledCount connections that sent one byte
     * @throws IOException when a connection cannot be opened or its health check fails (the
     *     ones opened so far are closed)
     */
    public static HeldConnections open(URI base, int idleCount, int stalledCount)
            throws IOException {
        HeldConnections held = new HeldConnections();
        try {
            byte[] health = ("GET /health HTTP/1.1\r\nHost: " + base.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < idleCount; i++) {
                Socket s = connect(base);
                held.idle.add(s);
                s.getOutputStream().write(health);
                s.getOutputStream().flush();
                readAnswer(s.getInputStream());
            }
            for (int i = 0; i < stalledCount; i++) {
                Socket s = connect(base);
                held.stalled.add(s);
                s.getOutputStream().write('G');
                s.getOutputStream().flush();
            }
        } catch (IOException e) {
            held.close();
            throw e;
        }
        return held;
    }

    private static Socket connect(URI base) throws IOException {
        Socket s = new Socket(base.getHost(), base.getPort());
        s.setSoTimeout(READ_TIMEOUT_MS);
        return s;
    }

    /** Reads one health answer: headers, then the body of its Content-Length. */
    private static void readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before the /health answer");
            }
            head.append((char) c);
        }
        String h = head.toString().toLowerCase(java.util.Locale.ROOT);
        if (!h.startsWith("http/1.1 200")) {
            throw new IOException("/health answered " + head.toString().lines().findFirst()
                    .orElse(""));
        }
        int at = h.indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(h.substring(at + 15, h.indexOf('\r', at))
                .strip());
        in.readNBytes(length);
    }

    /** @return the idle connections the server has not closed */
    public int idleOpen() {
        return countOpen(idle);
    }

    /** @return the stalled connections the server has not closed */
    public int stalledOpen() {
        return countOpen(stalled);
    }

    private static int countOpen(List<Socket> sockets) {
        int open = 0;
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(1);
                if (s.getInputStream().read() < 0) {
                    continue; // closed by the server
                }
                open++; // it sent something (a timeout answer): still counted as open
            } catch (SocketTimeoutException e) {
                open++;
            } catch (IOException e) {
                // reset by the server
            }
        }
        return open;
    }

    @Override
    public void close() {
        for (List<Socket> list : List.of(idle, stalled)) {
            for (Socket s : list) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
