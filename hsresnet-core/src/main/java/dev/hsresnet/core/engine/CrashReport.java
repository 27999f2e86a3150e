package dev.hsresnet.core.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The fatal error report ({@code hs_err}) a crashed child JVM of the self-test wrote: its first
 * lines are kept in the verdict ({@link CaseResult#crashReport}) and the file is deleted, so that
 * a machine whose oneDNN crashes does not collect one report of a few hundred KiB per self-test in
 * its temporary directory.
 */
final class CrashReport {

    /** Lines kept: the signal, the Java versions and the problematic frame. */
    static final int LINES = 8;
    /** The child's line before the report's path ({@code # /tmp/hsresnet-child-hs_err_12.log}). */
    private static final String SAVED_AS = "An error report file with more information is saved as:";
    /** The names a JVM gives its reports: ours ({@link JvmCommand#errorFile}) or the default. */
    private static final Pattern REPORT_NAME =
            Pattern.compile("(" + JvmCommand.ERROR_FILE_PREFIX + "|hs_err_pid)\\d+\\.log");

    private CrashReport() {}

    /**
     * Reads the first {@link #LINES} informative lines (not the bare {@code #} ones) of the report
     * of a child that died, then deletes the report.
     *
     * @param o how the child ended
     * @return the lines, or null when the child wrote no report (or it cannot be read)
     */
    static List<String> take(ChildProcess.Outcome o) {
        Path f = file(o);
        if (f == null || !Files.isRegularFile(f)) {
            return null;
        }
        List<String> head = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
            for (String l = r.readLine(); l != null && head.size() < LINES; l = r.readLine()) {
                String t = l.strip();
                if (!t.equals("#") && !t.isEmpty()) {
                    head.add(t);
                }
            }
        } catch (IOException e) {
            return null;
        } finally {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // left in the temporary directory: the verdict is what matters
            }
        }
        return head;
    }

    /**
     * @return the report the child says it wrote, else where {@link JvmCommand} told it to write
     *     one; null when neither is a JVM report's name
     */
    static Path file(ChildProcess.Outcome o) {
        List<String> lines = o.lines();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).contains(SAVED_AS)) {
                Path p = Path.of(lines.get(i + 1).replaceFirst("^#\\s*", "").strip());
                if (p.getFileName() != null
                        && REPORT_NAME.matcher(p.getFileName().toString()).matches()) {
                    return p;
                }
            }
        }
        return JvmCommand.errorFile(String.valueOf(o.pid()));
    }
}
