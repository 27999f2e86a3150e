package dev.hsresnet.cli;

import dev.hsresnet.core.text.Printable;
import java.io.PrintWriter;
import java.util.Comparator;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns failures into one line on stderr and an exit status: 1 for a failed command, 2 for a
 * usage error. Set {@code HSRESNET_DEBUG=1} to see the stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    static final int FAILED = 1;
    static final int USAGE = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": error: "
                + Printable.escape(describe(e)));
        if (System.getenv("HSRESNET_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        // the full name: "hsresnet spark predict", not "hsresnet predict", for a subcommand's
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + describe(e));
        err.println("Try '" + name + " --help' for usage.");
        err.flush();
        return USAGE;
    }

    /**
     * A usage error in one sentence: an unknown command or option says which, and the nearest
     * known name when there is one (picocli's own suggestion list would print a second message).
     */
    private static String describe(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return e.getMessage();
        }
        String first = u.getUnmatched().get(0).split("=", 2)[0];
        CommandLine cmd = e.getCommandLine();
        boolean command = !first.startsWith("-") && !cmd.getSubcommands().isEmpty()
                && cmd.getParent() == null;
        String what = command ? "unknown command '" + first + "'"
                : first.startsWith("-") ? "unknown option '" + first + "'"
                : "unexpected argument '" + first + "'";
        return u.getSuggestions().stream()
                .min(Comparator.comparingInt((String name) -> editDistance(first, name)))
                .map(near -> what + "; did you mean '" + near + "'?").orElse(what);
    }

    /** Levenshtein distance: picocli's suggestions are similar names in no particular order. */
    static int editDistance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
                        diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    /** The message of the most specific cause, or the exception type when it has none. */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException && message != null
                && !message.contains(":")) {
            return message + ": no such file";
        }
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName() + " (set HSRESNET_DEBUG=1 for the stack trace)";
        }
        if (t instanceof RuntimeException && !(t instanceof IllegalArgumentException)
                && !(t instanceof IllegalStateException)) {
            return message + " (" + t.getClass().getSimpleName()
                    + "; set HSRESNET_DEBUG=1 for the stack trace)";
        }
        return message;
    }
}
