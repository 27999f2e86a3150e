package dev.hsresnet.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing a directory and everything under it. */
public final class FileTrees {

    private FileTrees() {}

    /**
     * Deletes a file, or a directory with everything under it, children first; a path that does
     * not exist is left as is. Symbolic links are removed, not followed.
     *
     * @param root the file or directory
     * @throws IOException when an entry cannot be deleted (what was deleted before stays deleted)
     */
    public static void delete(Path root) throws IOException {
        if (Files.notExists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
