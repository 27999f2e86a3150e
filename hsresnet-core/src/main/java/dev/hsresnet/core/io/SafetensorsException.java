package dev.hsresnet.core.io;

import dev.hsresnet.core.text.Printable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A safetensors file is malformed, or a write request is invalid. The message always has the form
 * {@code "<file>: <problem>"}, control characters escaped ({@link Printable#escape}), e.g. {@code "/models/w.safetensors: tensor 'fc.weight' has unknown
 * dtype 'F8_E4M3'"}.
 *
 * <p>Plain I/O failures (missing file, permission denied, disk full) are reported with the usual
 * {@link IOException} subclasses instead.
 */
public final class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Not serialized: {@link Path} is not {@link java.io.Serializable}; the message still names it. */
    private final transient Path file;
    /** The problem without the file name; part of the serialized form. */
    private final String problem;

    /**
     * Creates an exception for a problem with {@code file}.
     *
     * @param file the file being read or written
     * @param problem what is wrong, without the file name (it is prepended)
     */
    public SafetensorsException(Path file, String problem) {
        this(file, problem, null);
    }

    /**
     * Creates an exception for a problem with {@code file}, keeping the low-level cause.
     *
     * @param file the file being read or written
     * @param problem what is wrong, without the file name (it is prepended)
     * @param cause underlying exception, or null
     */
    public SafetensorsException(Path file, String problem, Throwable cause) {
        super(Printable.escape(file + ": " + Objects.requireNonNull(problem, "problem")), cause);
        this.file = file;
        this.problem = problem;
    }

    /**
     * The file this problem concerns.
     *
     * @return the path as given by the caller; null after deserialization
     */
    public Path file() {
        return file;
    }

    /**
     * The problem without the file name.
     *
     * @return problem description
     */
    public String problem() {
        return problem;
    }
}
