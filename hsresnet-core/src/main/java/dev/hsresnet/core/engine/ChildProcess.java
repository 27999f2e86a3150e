package dev.hsresnet.core.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a child process to its end or a time limit, reading its output (stdout and stderr merged)
 * line by line as it comes, so that the lines written before a native crash are not lost.
 */
public final class ChildProcess {

    /** The header line of a JVM fatal error report, e.g. {@code #  SIGFPE (0x8) at pc=...}. */
    private static final Pattern FATAL_SIGNAL = Pattern.compile("^#\\s+(SIG[A-Z]+) \\(0x");
    private static final int TAIL_LINES = 20;

    /**
     * How a child ended.
     *
     * @param pid its process id
     * @param exitCode its exit status (-1 when it was killed for running out of time)
     * @param timedOut whether it ran out of time
     * @param signal the signal its JVM reported dying of (e.g. {@code SIGFPE}), or null
     * @param lines every line it wrote
     */
    public record Outcome(long pid, int exitCode, boolean timedOut, String signal,
            List<String> lines) {

        /** @return e.g. {@code "the JVM died of SIGFPE (exit status 134)"} */
        public String describe() {
            if (timedOut) {
                return "the child JVM ran out of time";
            }
            return (signal != null ? "the JVM died of " + signal : "the JVM ended")
                    + " (exit status " + exitCode + ")";
        }

        /** @return the last lines that are not protocol lines ({@code @...}), for diagnostics */
        public String tail() {
            Deque<String> t = new ArrayDeque<>();
            for (String l : lines) {
                if (!l.startsWith("@")) {
                    t.addLast(l);
                    if (t.size() > TAIL_LINES) {
                        t.removeFirst();
                    }
                }
            }
            return String.join("\n", t);
        }
    }

    private ChildProcess() {}

    /**
     * @param command the command line
     * @param timeoutMillis how long it may run
     * @return how it ended, with everything it wrote
     * @throws IOException when it cannot be started
     */
    public static Outcome run(List<String> command, long timeoutMillis) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    synchronized (lines) {
                        lines.add(l);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = p.waitFor(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.destroyForcibly();
                p.waitFor();
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException(
                    "interrupted while waiting for " + command.get(0));
            io.initCause(e);
            throw io;
        }
        List<String> all;
        synchronized (lines) {
            all = List.copyOf(lines);
        }
        String signal = null;
        for (String l : all) {
            Matcher m = FATAL_SIGNAL.matcher(l);
            if (m.find()) {
                signal = m.group(1);
                break;
            }
        }
        return new Outcome(p.pid(), finished ? p.exitValue() : -1, !finished, signal, all);
    }
}
