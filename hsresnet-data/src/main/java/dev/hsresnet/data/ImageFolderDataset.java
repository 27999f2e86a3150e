package dev.hsresnet.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Images stored one folder per class: {@code root/<class>/<file>.jpg|.jpeg|.png}
 * (extension case-insensitive), like torchvision's {@code ImageFolder} but not recursive.
 *
 * <p>Class folders are the direct subfolders of the root whose names do not start with a dot,
 * sorted by name ({@link String#compareTo}); the position in that order is the label. Files in a
 * class folder are sorted by name; other files (and subfolders) are ignored. The listing is made
 * once by {@link #open}; decoding happens at {@link #load} time.
 */
public final class ImageFolderDataset implements Dataset {

    private final Path root;
    private final int channels;
    private final List<String> classes;
    private final Path[] files;
    private final int[] labels;

    private ImageFolderDataset(
            Path root, int channels, List<String> classes, Path[] files, int[] labels) {
        this.root = root;
        this.channels = channels;
        this.classes = classes;
        this.files = files;
        this.labels = labels;
    }

    /**
     * Lists a class-per-folder image tree.
     *
     * @param root the folder holding one subfolder per class
     * @param channels 3 for RGB, 1 for luminance
     * @return the dataset, files in (class, file name) order
     * @throws IllegalArgumentException naming the path if the root is missing or not a folder, has
     *     no class folders or fewer than 2, or a class folder holds no image file; or if
     *     {@code channels} is not 1 or 3
     * @throws UncheckedIOException if a folder cannot be listed
     */
    public static ImageFolderDataset open(Path root, int channels) {
        ImageDecoder.checkChannels(channels);
        if (!Files.exists(root)) {
            throw new IllegalArgumentException("image folder root does not exist: " + root);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("image folder root is not a directory: " + root);
        }
        List<Path> classDirs = list(root, p -> Files.isDirectory(p) && !hidden(p));
        if (classDirs.isEmpty()) {
            throw new IllegalArgumentException(
                    "no class folders in " + root + " (expected one subfolder per class)");
        }
        if (classDirs.size() < 2) {
            throw new IllegalArgumentException(
                    "only one class folder (" + classDirs.get(0).getFileName() + ") in " + root
                            + "; a classifier needs at least 2 classes");
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images = list(dir, p -> Files.isRegularFile(p) && isImageName(p));
            if (images.isEmpty()) {
                throw new IllegalArgumentException(
                        "class folder " + dir + " holds no image (*.jpg, *.jpeg, *.png)");
            }
            int label = classes.size();
            classes.add(dir.getFileName().toString());
            for (Path f : images) {
                files.add(f);
                labels.add(label);
            }
        }
        return new ImageFolderDataset(
                root,
                channels,
                List.copyOf(classes),
                files.toArray(new Path[0]),
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    static boolean isImageName(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(keep)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return the root folder given to {@link #open} */
    public Path root() {
        return root;
    }

    /** @return the channel count of decoded images (1 or 3) */
    public int channels() {
        return channels;
    }

    /**
     * @param index sample index
     * @return the image file of that sample
     */
    public Path file(int index) {
        return files[index];
    }

    @Override
    public int size() {
        return files.length;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** @return the file path */
    @Override
    public String describe(int index) {
        return files[index].toString();
    }

    @Override
    public Image load(int index) throws IOException {
        return ImageDecoder.decode(files[index], channels);
    }
}
