package dev.hsresnet.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Points {@link System#err} at the caller's own stderr when the launcher passes a copy of it.
 *
 * <p>{@code bin/hsresnet} execs the JVM with file descriptor 2 piped through a filter process
 * that drops libtorch's native warnings. That filter writes what it reads a moment after the
 * JVM exits, so a shell could print its prompt before the JVM's last error line. The launcher
 * therefore also hands the JVM an unfiltered copy of its stderr ({@code -Dhsresnet.stderr.fd=N})
 * when that is a terminal or a pipe; Java's own messages (errors, log lines) are written there,
 * synchronously, and only native code still writes to the filtered descriptor 2.
 */
final class DirectStderr {

    /** The system property naming the descriptor. */
    static final String PROPERTY = "hsresnet.stderr.fd";

    private DirectStderr() {}

    /**
     * @param fd the descriptor number, or null (nothing changes); when it cannot be opened (not a
     *     number, closed, a socket) stderr stays as it is
     * @return whether {@link System#err} now writes to {@code fd}
     */
    static boolean install(String fd) {
        if (fd == null || !fd.matches("[0-9]{1,4}")) {
            return false;
        }
        try {
            FileOutputStream out = new FileOutputStream("/proc/self/fd/" + fd, true);
            System.setErr(new PrintStream(out, true, stderrCharset()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the charset the JVM chose for its own stderr (the terminal's), else the default */
    private static Charset stderrCharset() {
        String name = System.getProperty("stderr.encoding");
        try {
            return name != null ? Charset.forName(name) : Charset.defaultCharset();
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }
}
