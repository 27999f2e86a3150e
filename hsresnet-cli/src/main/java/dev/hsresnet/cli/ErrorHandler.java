package dev.hsresnet.cli;

import dev.hsresnet.core.text.Printable;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
        err.println("hsresnet " + cmd.getCommandName() + ": error: "
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
        err.println("hsresnet " + cmd.getCommandName() + ": " + e.getMessage());
        err.println("Try 'hsresnet " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ")
                + "--help' for usage.");
        err.flush();
        return USAGE;
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
