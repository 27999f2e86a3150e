package dev.hsresnet.train.report;

import java.io.IOException;

/**
 * A chart cannot be drawn because the JVM finds no font to draw its text with (a machine with
 * neither fontconfig nor any font file; Debian's fix: {@code apt-get install fontconfig
 * fonts-dejavu-core}).
 */
public final class NoFontsException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param cause what the JVM's font system reported
     */
    NoFontsException(Throwable cause) {
        super("cannot draw charts: the JVM finds no usable font (" + cause
                + "); install fontconfig and a font, e.g. Debian's fontconfig and fonts-dejavu-core", cause);
    }
}
