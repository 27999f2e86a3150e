package dev.hsresnet.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks that a path is a regular file before it is opened: opening a FIFO for reading blocks
 * until something writes to it, and a directory or device is never what a model file should be.
 */
public final class RegularFiles {

    private RegularFiles() {}

    /**
     * @param file the path (symbolic links are followed)
     * @throws NoSuchFileException when nothing is there
     * @throws IOException {@code "<file>: is a directory, not a file"} or {@code "<file>: is a
     *     FIFO, socket or device, not a regular file"}
     */
    public static void require(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (attributes.isDirectory()) {
            throw new IOException(file + ": is a directory, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(file + ": is a FIFO, socket or device, not a regular file");
        }
    }
}
