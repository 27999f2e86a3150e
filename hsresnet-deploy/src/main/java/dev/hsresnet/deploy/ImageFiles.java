package dev.hsresnet.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/** Expands files and folders given on a command line into image files. */
public final class ImageFiles {

    private ImageFiles() {}

    /**
     * Files are kept as given (whatever their extension: a bad one is reported when it fails to
     * decode); folders contribute their {@code .jpg}, {@code .jpeg} and {@code .png} files,
     * recursively, in name order.
     *
     * @param paths files and folders
     * @param problems receives each path that does not exist, cannot be listed or is a folder
     *     without any image file, with the reason
     * @return the image files, in argument order
     */
    public static List<Path> expand(List<Path> paths, BiConsumer<Path, String> problems) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    List<Path> images = s.filter(Files::isRegularFile)
                            .filter(ImageFiles::isImageName).sorted().toList();
                    if (images.isEmpty()) {
                        problems.accept(p, "no image found in this folder (looked for .jpg, "
                                + ".jpeg and .png files, recursively)");
                    }
                    out.addAll(images);
                } catch (IOException | java.io.UncheckedIOException e) {
                    problems.accept(p, "cannot list folder: " + e.getMessage());
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                problems.accept(p, "no such file or folder");
            }
        }
        return out;
    }

    /** @return whether the file name ends in .jpg, .jpeg or .png (any case) */
    public static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }
}
