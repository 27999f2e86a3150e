package dev.hsresnet.data.detection;

import java.nio.file.Path;

/**
 * An annotation file that cannot be used: it does not parse, is not of the expected format, lacks
 * a field, names an unknown class, refers to a missing image, or (under {@link
 * AnnotationPolicy#STRICT}) holds a box that does not fit its image. The message starts with the
 * file and names the record, the field and the value.
 */
public final class AnnotationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the annotation file
     * @param message what is wrong, naming the record, field and value
     */
    public AnnotationException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    /**
     * @param file the annotation file
     * @param message what is wrong
     * @param cause the parser's error
     */
    public AnnotationException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** @return the annotation file the problem is in */
    public Path file() {
        return file;
    }
}
