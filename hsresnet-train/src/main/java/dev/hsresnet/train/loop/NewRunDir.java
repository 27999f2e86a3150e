package dev.hsresnet.train.loop;

import dev.hsresnet.core.io.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory of a run being started, and what was there before: a start that fails before its
 * first checkpoint removes exactly what it created (the directory and missing parents it made, or
 * the entries it added to a directory that existed), so the same directory can be used again.
 */
final class NewRunDir {

    private final Path dir;
    private final Path firstCreated;
    private final Set<Path> before;

    private NewRunDir(Path dir, Path firstCreated, Set<Path> before) {
        this.dir = dir;
        this.firstCreated = firstCreated;
        this.before = before;
    }

    /**
     * Notes what exists now; creates nothing.
     *
     * @param dir the run directory
     * @return the record of what was there
     * @throws IOException when an existing directory cannot be listed
     */
    static NewRunDir note(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        Path first = null;
        for (Path p = abs; p != null && Files.notExists(p); p = p.getParent()) {
            first = p;
        }
        Set<Path> entries = new HashSet<>();
        if (first == null && Files.isDirectory(abs)) {
            try (Stream<Path> s = Files.list(abs)) {
                s.forEach(entries::add);
            }
        }
        return new NewRunDir(abs, first, entries);
    }

    /** Creates the directory (and missing parents). */
    void create() throws IOException {
        Files.createDirectories(dir);
    }

    /**
     * Removes what this run created; problems are added to {@code failure} as suppressed
     * exceptions rather than hiding it.
     *
     * @param failure the reason the start failed
     */
    void removeCreated(Throwable failure) {
        try {
            if (firstCreated != null) {
                FileTrees.delete(firstCreated);
            } else if (Files.isDirectory(dir)) {
                List<Path> added;
                try (Stream<Path> s = Files.list(dir)) {
                    added = s.filter(p -> !before.contains(p)).toList();
                }
                for (Path p : added) {
                    FileTrees.delete(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
