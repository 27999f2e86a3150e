package dev.hsresnet.data.segmentation;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.SkippedImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A semantic-segmentation dataset: an ordered list of (image file, mask file) pairs, the class
 * names, and the ignore index (the mask value that marks pixels no loss or metric counts).
 *
 * <p>Layouts:
 *
 * <ul>
 *   <li>{@link #camvid}: the SegNet copy of CamVid, {@code root/<split>/*.jpg|*.png} and {@code
 *       root/<split>annot/<stem>.png}, 11 classes ({@link #CAMVID_CLASSES}), ignore index 11;
 *   <li>{@link #folder}: {@code root/images/*.jpg|*.jpeg|*.png}, {@code root/masks/<stem>.png},
 *       {@code root/classes.txt} (one name a line) and an optional {@code root/ignore.txt} (one
 *       integer, default {@value #DEFAULT_IGNORE_INDEX});
 *   <li>{@link #of}: explicit lists.
 * </ul>
 *
 * <p>Image extensions are matched case-insensitively; file names starting with a dot and files
 * of other types are ignored. Pairs are sorted by image file name ({@link String#compareTo}). The
 * pairing is checked when the dataset is opened (every image has its mask and every mask its
 * image, no two images or masks share a stem); pixels are decoded and checked at {@link #load}
 * time. Masks are decoded by {@link MaskDecoder} (one-channel index PNGs). Immutable and
 * thread-safe.
 */
public final class SegmentationDataset {

    /** CamVid's 11 classes (SegNet order; mask values 0..10). */
    public static final List<String> CAMVID_CLASSES = List.of("Sky", "Building", "Pole", "Road",
            "Pavement", "Tree", "SignSymbol", "Fence", "Car", "Pedestrian", "Bicyclist");

    /** CamVid's ignore index: 11, the "void" label. */
    public static final int CAMVID_IGNORE_INDEX = 11;

    /** The ignore index of {@link #folder} when there is no {@code ignore.txt}: 255. */
    public static final int DEFAULT_IGNORE_INDEX = 255;

    /** Most classes a dataset may have: 65535 (a 16-bit mask holds values 0..65535). */
    public static final int MAX_CLASSES = 65535;

    /** Largest ignore index: 65535, the largest value a 16-bit mask holds. */
    public static final int MAX_IGNORE_INDEX = 65535;

    private final List<Path> images;
    private final List<Path> masks;
    private final List<String> classes;
    private final int ignoreIndex;

    private SegmentationDataset(
            List<Path> images, List<Path> masks, List<String> classes, int ignoreIndex) {
        this.images = images;
        this.masks = masks;
        this.classes = classes;
        this.ignoreIndex = ignoreIndex;
    }

    /**
     * Opens one split of the SegNet copy of CamVid.
     *
     * @param root the folder holding {@code train/}, {@code trainannot/}, {@code val/}, ...
     * @param split {@code "train"} (367 pairs), {@code "val"} (101) or {@code "test"} (233)
     * @return the dataset, with {@link #CAMVID_CLASSES} and ignore index 11
     * @throws IllegalArgumentException naming the folder or file if the split name is unknown, a
     *     folder is missing or empty, or the images and masks do not pair up
     * @throws UncheckedIOException if a folder cannot be listed
     */
    public static SegmentationDataset camvid(Path root, String split) {
        if (!List.of("train", "val", "test").contains(split)) {
            throw new IllegalArgumentException(
                    "CamVid split must be train, val or test, got \"" + split + "\"");
        }
        requireDir(root, "CamVid root");
        Path imageDir = requireDir(root.resolve(split), "CamVid image folder");
        Path maskDir = requireDir(root.resolve(split + "annot"), "CamVid mask folder");
        return pair(imageDir, maskDir, CAMVID_CLASSES, CAMVID_IGNORE_INDEX);
    }

    /**
     * Opens a generic segmentation folder: {@code root/images/<stem>.jpg|.jpeg|.png}, {@code
     * root/masks/<stem>.png}, {@code root/classes.txt} (UTF-8, one class name a line, trimmed;
     * blank lines and lines starting with {@code #} ignored; line order = class index) and an
     * optional {@code root/ignore.txt} holding one integer (same comment rules; default {@value
     * #DEFAULT_IGNORE_INDEX}).
     *
     * @param root the dataset folder
     * @return the dataset
     * @throws IllegalArgumentException naming the folder, file or value if a folder or {@code
     *     classes.txt} is missing, there are no images, images and masks do not pair up, {@code
     *     classes.txt} names no class, more than {@value #MAX_CLASSES} or a name twice, or {@code
     *     ignore.txt} does not hold one integer that is neither negative, nor a class index, nor
     *     above {@value #MAX_IGNORE_INDEX}
     * @throws UncheckedIOException if a folder or file cannot be read
     */
    public static SegmentationDataset folder(Path root) {
        requireDir(root, "segmentation dataset root");
        Path imageDir = requireDir(root.resolve("images"), "image folder");
        Path maskDir = requireDir(root.resolve("masks"), "mask folder");
        Path classFile = root.resolve("classes.txt");
        if (!Files.isRegularFile(classFile)) {
            throw new IllegalArgumentException(
                    "class list missing: " + classFile + " (one class name a line)");
        }
        List<String> classes = contentLines(classFile);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("no classes in " + classFile
                    + " (one class name a line; blank lines and # comments are ignored)");
        }
        try {
            checkClassNames(classes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(classFile + ": " + e.getMessage(), e);
        }
        int ignore = DEFAULT_IGNORE_INDEX;
        Path ignoreFile = root.resolve("ignore.txt");
        String ignoreSource = "default ignore index (no " + ignoreFile + ")";
        if (Files.exists(ignoreFile)) {
            ignoreSource = ignoreFile.toString();
            List<String> lines = contentLines(ignoreFile);
            if (lines.size() != 1) {
                throw new IllegalArgumentException(ignoreFile + " must hold one integer (the"
                        + " ignore index), found " + lines.size() + " lines: " + lines);
            }
            try {
                ignore = Integer.parseInt(lines.get(0));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ignoreFile + " must hold one integer (the"
                        + " ignore index), found \"" + lines.get(0) + "\"");
            }
        }
        try {
            checkIgnore(classes, ignore);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ignoreSource + ": " + e.getMessage(), e);
        }
        return pair(imageDir, maskDir, List.copyOf(classes), ignore);
    }

    /**
     * A dataset from explicit lists (files are not opened).
     *
     * @param images image files (JPEG or PNG), in the order the dataset keeps
     * @param masks the mask of each image, same length
     * @param classes class names, index = mask value; 1 to {@value #MAX_CLASSES}, distinct
     * @param ignoreIndex mask value of ignored pixels: not negative, not a class index, at most
     *     {@value #MAX_IGNORE_INDEX}
     * @return the dataset
     * @throws IllegalArgumentException if the lists are empty or of different lengths, or the
     *     classes or the ignore index break the rules above
     */
    public static SegmentationDataset of(
            List<Path> images, List<Path> masks, List<String> classes, int ignoreIndex) {
        if (images.isEmpty() || images.size() != masks.size()) {
            throw new IllegalArgumentException("need as many masks as images, at least one; got "
                    + images.size() + " images and " + masks.size() + " masks");
        }
        checkClassNames(classes);
        checkIgnore(classes, ignoreIndex);
        return new SegmentationDataset(
                List.copyOf(images), List.copyOf(masks), List.copyOf(classes), ignoreIndex);
    }

    private static void checkClassNames(List<String> classes) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("no classes");
        }
        if (classes.size() > MAX_CLASSES) {
            throw new IllegalArgumentException(classes.size() + " classes, more than the "
                    + MAX_CLASSES + " a 16-bit mask can index");
        }
        Set<String> seen = new HashSet<>();
        for (String c : classes) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("blank class name in " + classes.size()
                        + " classes");
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("class \"" + c + "\" is listed twice");
            }
        }
    }

    private static void checkIgnore(List<String> classes, int ignoreIndex) {
        if (ignoreIndex < 0) {
            throw new IllegalArgumentException(
                    "ignore index must not be negative, got " + ignoreIndex);
        }
        if (ignoreIndex < classes.size()) {
            throw new IllegalArgumentException("ignore index " + ignoreIndex
                    + " is also the index of class \"" + classes.get(ignoreIndex) + "\" (classes"
                    + " are 0.." + (classes.size() - 1) + "); use a value >= " + classes.size());
        }
        if (ignoreIndex > MAX_IGNORE_INDEX) {
            throw new IllegalArgumentException("ignore index " + ignoreIndex
                    + " is above " + MAX_IGNORE_INDEX + ", the largest value a mask PNG holds");
        }
    }

    private static Path requireDir(Path dir, String what) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException(what + " does not exist: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(what + " is not a directory: " + dir);
        }
        return dir;
    }

    private static List<String> contentLines(Path file) {
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
        return out;
    }

    private static SegmentationDataset pair(
            Path imageDir, Path maskDir, List<String> classes, int ignoreIndex) {
        Map<String, Path> imageByStem = byStem(list(imageDir, SegmentationDataset::isImageName),
                "images");
        if (imageByStem.isEmpty()) {
            throw new IllegalArgumentException(
                    "no images (*.jpg, *.jpeg, *.png) in " + imageDir);
        }
        Map<String, Path> maskByStem = byStem(list(maskDir, SegmentationDataset::isPngName),
                "masks");
        List<Path> images = new ArrayList<>();
        List<Path> masks = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Path> e : imageByStem.entrySet()) {
            Path mask = maskByStem.remove(e.getKey());
            if (mask == null) {
                missing.add("image " + e.getValue() + " has no mask (expected "
                        + maskDir.resolve(e.getKey() + ".png") + ")");
            } else {
                images.add(e.getValue());
                masks.add(mask);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing.get(0)
                    + (missing.size() > 1 ? "; " + missing.size() + " images lack a mask" : ""));
        }
        if (!maskByStem.isEmpty()) {
            Map.Entry<String, Path> first = maskByStem.entrySet().iterator().next();
            throw new IllegalArgumentException("mask " + first.getValue() + " has no image"
                    + " (expected " + imageDir.resolve(first.getKey()) + ".jpg, .jpeg or .png)"
                    + (maskByStem.size() > 1 ? "; " + maskByStem.size() + " masks lack an image"
                            : ""));
        }
        return new SegmentationDataset(
                List.copyOf(images), List.copyOf(masks), classes, ignoreIndex);
    }

    /** Files sorted by name, keyed by stem in that order; a repeated stem is refused. */
    private static Map<String, Path> byStem(List<Path> files, String what) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String stem = name.substring(0, name.lastIndexOf('.'));
            Path previous = out.putIfAbsent(stem, f);
            if (previous != null) {
                throw new IllegalArgumentException("two " + what + " share the stem \"" + stem
                        + "\": " + previous + " and " + f);
            }
        }
        return out;
    }

    private static boolean isImageName(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }

    private static boolean isPngName(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png");
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(keep)
                    .filter(Files::isRegularFile)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return the number of (image, mask) pairs */
    public int size() {
        return images.size();
    }

    /**
     * @param index pair index, in {@code [0, size())}
     * @return the image file of that pair
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public Path image(int index) {
        return images.get(index);
    }

    /**
     * @param index pair index, in {@code [0, size())}
     * @return the mask file of that pair
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public Path mask(int index) {
        return masks.get(index);
    }

    /**
     * @param index pair index, in {@code [0, size())}
     * @return the two file names, for messages: {@code "<image> + <mask>"}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public String describe(int index) {
        return images.get(index) + " + " + masks.get(index);
    }

    /** @return the class names, index = mask value (unmodifiable) */
    public List<String> classes() {
        return classes;
    }

    /** @return the number of classes; valid mask values are {@code 0..numClasses()-1} */
    public int numClasses() {
        return classes.size();
    }

    /** @return the mask value of ignored pixels (not a class index) */
    public int ignoreIndex() {
        return ignoreIndex;
    }

    /**
     * {@link #load(int, ImageGuard)} with the {@link ImageGuard#DEFAULT default guard}.
     *
     * @param index pair index
     * @return the image (3 channels, values in [0, 1]) and its mask
     * @throws IOException as {@link #load(int, ImageGuard)}
     */
    public SegmentationSample load(int index) throws IOException {
        return load(index, ImageGuard.DEFAULT);
    }

    /**
     * Decodes one pair: the image with 3 channels ({@link ImageDecoder#decode(Path, int,
     * ImageGuard)}, values in [0, 1]) and the mask ({@link MaskDecoder}), then checks that they
     * have the same size and that every mask value is a class index or the ignore index.
     *
     * @param index pair index, in {@code [0, size())}
     * @param guard the header limits applied to both files
     * @return the sample, {@code 3 x H x W} image and {@code H x W} mask
     * @throws IOException naming the file when a file cannot be read or decoded or the guard
     *     refuses it; naming both files and both sizes when they differ; naming the mask file,
     *     the first bad value in row-major order, its pixel (x, y) and the allowed values when a
     *     mask value is neither a class index nor the ignore index (these two as {@link
     *     PairMismatchException})
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public SegmentationSample load(int index, ImageGuard guard) throws IOException {
        Path imageFile = images.get(index);
        Path maskFile = masks.get(index);
        Image image = ImageDecoder.decode(imageFile, 3, guard);
        LabelMask mask = MaskDecoder.decode(maskFile, guard);
        if (image.height() != mask.height() || image.width() != mask.width()) {
            throw new PairMismatchException("image " + imageFile + " is " + image.height() + "x"
                    + image.width() + " (height x width) but its mask " + maskFile + " is "
                    + mask.height() + "x" + mask.width());
        }
        int[] labels = mask.labels();
        int n = classes.size();
        for (int i = 0; i < labels.length; i++) {
            int v = labels[i];
            if ((v < 0 || v >= n) && v != ignoreIndex) {
                throw new PairMismatchException("mask " + maskFile + " holds value " + v + " at pixel (x="
                        + (i % mask.width()) + ", y=" + (i / mask.width()) + "); allowed are the"
                        + " class indices 0.." + (n - 1) + " and the ignore index " + ignoreIndex);
            }
        }
        return new SegmentationSample(image, mask);
    }

    /**
     * Loads every pair once, sequentially, and counts pixels per class: what class balancing
     * ({@link ClassWeights#medianFrequency}) needs, and a check of the whole dataset before a
     * long training run. A pair that fails to load ({@link IOException}, or an {@link
     * ImageBudgetException} from a too-large image) is recorded and skipped, as the data loader
     * skips unreadable images; its pixels are not counted.
     *
     * @param guard the header limits applied to every file
     * @return the counts and the failures
     */
    public ValidationReport validateAll(ImageGuard guard) {
        int n = classes.size();
        long[] classPixels = new long[n];
        long[] classImagePixels = new long[n];
        long ignored = 0;
        int valid = 0;
        SkippedImages skipped = new SkippedImages();
        long[] hist = new long[n];
        for (int i = 0; i < images.size(); i++) {
            LabelMask mask;
            try {
                mask = load(i, guard).mask();
            } catch (IOException | ImageBudgetException e) {
                skipped.record(i, describe(i), e.getMessage());
                continue;
            }
            java.util.Arrays.fill(hist, 0);
            long ignoredHere = 0;
            for (int v : mask.labels()) {
                if (v == ignoreIndex) {
                    ignoredHere++;
                } else {
                    hist[v]++;
                }
            }
            long pixels = mask.size();
            for (int c = 0; c < n; c++) {
                if (hist[c] > 0) {
                    classPixels[c] += hist[c];
                    classImagePixels[c] += pixels;
                }
            }
            ignored += ignoredHere;
            valid++;
        }
        return new ValidationReport(images.size(), valid, skipped.entries(), classPixels,
                classImagePixels, ignored);
    }

    /**
     * What {@link #validateAll} found. The arrays are copied in and out.
     *
     * @param pairs pairs in the dataset
     * @param valid pairs that loaded and passed the checks
     * @param unreadable the failures, ascending by index: index, {@link #describe} text, message
     * @param classPixels per class, its pixels over the valid pairs
     * @param classImagePixels per class, the total pixels (all classes and ignored ones) of the
     *     valid pairs whose mask holds that class at least once
     * @param ignoredPixels pixels holding the ignore index over the valid pairs
     */
    public record ValidationReport(int pairs, int valid, List<SkippedImages.Entry> unreadable,
            long[] classPixels, long[] classImagePixels, long ignoredPixels) {

        /**
         * Copies the arrays.
         *
         * @param pairs pairs in the dataset
         * @param valid pairs that loaded
         * @param unreadable the failures
         * @param classPixels per-class pixels
         * @param classImagePixels per-class totals of the images holding the class
         * @param ignoredPixels ignored pixels
         * @throws IllegalArgumentException if the arrays differ in length or the counts do not
         *     add up ({@code valid + unreadable.size() != pairs})
         */
        public ValidationReport {
            unreadable = List.copyOf(unreadable);
            classPixels = classPixels.clone();
            classImagePixels = classImagePixels.clone();
            if (classPixels.length != classImagePixels.length) {
                throw new IllegalArgumentException("classPixels has " + classPixels.length
                        + " classes, classImagePixels " + classImagePixels.length);
            }
            if (valid + unreadable.size() != pairs) {
                throw new IllegalArgumentException(valid + " valid + " + unreadable.size()
                        + " unreadable != " + pairs + " pairs");
            }
        }

        /** @return a copy of the per-class pixel counts */
        @Override
        public long[] classPixels() {
            return classPixels.clone();
        }

        /** @return a copy of the per-class totals of the images holding the class */
        @Override
        public long[] classImagePixels() {
            return classImagePixels.clone();
        }

        /** @return pixels counted: every class pixel plus the ignored ones */
        public long totalPixels() {
            long sum = ignoredPixels;
            for (long c : classPixels) {
                sum += c;
            }
            return sum;
        }

        /**
         * @return SegNet's median-frequency class weights from these counts ({@link
         *     ClassWeights#medianFrequency})
         * @throws IllegalArgumentException if no class has any pixel
         */
        public float[] medianFrequencyWeights() {
            return ClassWeights.medianFrequency(classPixels, classImagePixels);
        }

        /** @return counts only, e.g. {@code ValidationReport[101 pairs, 101 valid, 0 unreadable]} */
        @Override
        public String toString() {
            return "ValidationReport[" + pairs + " pairs, " + valid + " valid, "
                    + unreadable.size() + " unreadable, " + totalPixels() + " pixels, "
                    + ignoredPixels + " ignored]";
        }
    }
}
