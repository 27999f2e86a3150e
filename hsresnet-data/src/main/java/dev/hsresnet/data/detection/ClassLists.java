package dev.hsresnet.data.detection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Class lists: checking them and reading {@code classes.txt}. */
final class ClassLists {

    private ClassLists() {}

    /**
     * @param classes the names
     * @param source what they are from, for messages
     * @throws IllegalArgumentException if the list is empty, a name is blank or repeated
     */
    static void check(List<String> classes, String source) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException(source + ": no classes");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < classes.size(); i++) {
            String c = classes.get(i);
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException(source + ": class " + i + " has a blank name");
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException(source + ": class \"" + c + "\" is listed twice");
            }
        }
    }

    /**
     * Reads a class list: UTF-8, one name a line, trimmed; blank lines and lines starting with
     * {@code #} are ignored; line order is the class index.
     *
     * @param file the file
     * @return the names
     * @throws IllegalArgumentException naming the file when it names no class or one twice
     * @throws UncheckedIOException when it cannot be read
     */
    static List<String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("\uFEFF")) {
                t = t.substring(1).strip();
            }
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        check(out, file.toString());
        return List.copyOf(out);
    }
}
