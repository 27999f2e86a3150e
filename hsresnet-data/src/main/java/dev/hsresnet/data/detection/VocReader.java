package dev.hsresnet.data.detection;

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
import java.util.stream.Stream;
import org.w3c.dom.Element;

/**
 * Reads Pascal VOC XML annotations: one {@code <annotation>} file per image, parsed with {@link
 * SafeXml} (no DTDs or external entities).
 *
 * <p>Per file: {@code filename} (optional; a plain file name in the image folder), {@code
 * size/width} and {@code size/height} (when missing or 0, read from the image's header), and any
 * number of {@code object}s, each with {@code name}, {@code bndbox/xmin|ymin|xmax|ymax} (numbers,
 * 1-based inclusive pixel indices, mapped to {@code [xmin - 1, xmax] x [ymin - 1, ymax]}, see
 * {@link BoxAnnotation}) and an optional {@code difficult} ({@code 0} or {@code 1}; difficult
 * objects go to {@link ImageAnnotations#ignored()}, as mmdetection and the VOC devkit treat
 * them). Other elements ({@code pose}, {@code truncated}, {@code segmented}, {@code path}, ...)
 * are ignored. A file without objects is a negative image.
 *
 * <p>The image is {@code <image dir>/<filename>} when that file exists, else the first of {@code
 * <xml stem>.jpg|.jpeg|.png} (also upper case) that exists (files renamed after labelling), else
 * missing (see {@link AnnotationPolicy}). The annotations define the dataset: images no XML names
 * are not part of it.
 */
public final class VocReader {

    private static final String[] EXTENSIONS = {".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG"};

    private VocReader() {}

    /**
     * Reads every {@code *.xml} of a folder (sorted by file name).
     *
     * @param annotationDir the XML folder
     * @param imageDir the image folder
     * @param classes the class list, or null for the sorted distinct object names
     * @param policy clipping and dropping
     * @return the dataset
     * @throws AnnotationException naming the file, object, field and value for a bad file
     * @throws IllegalArgumentException when a folder is missing or holds no XML file
     * @throws UncheckedIOException when a folder or file cannot be read
     */
    public static DetectionDataset read(Path annotationDir, Path imageDir, List<String> classes,
            AnnotationPolicy policy) {
        List<Path> files = listXml(annotationDir);
        requireDir(imageDir, "VOC image folder");
        List<RawAnnotations.Image> raws = new ArrayList<>();
        for (Path f : files) {
            raws.add(parse(f, imageDir));
        }
        return AnnotationResolver.resolve("VOC " + annotationDir, raws, classes, policy);
    }

    /**
     * Reads a VOC-style folder: {@code root/Annotations} + {@code root/JPEGImages} (the VOC
     * devkit layout) or {@code root/annotations} + {@code root/images}. Split {@code "all"} is
     * every XML file; any other split name reads the ids listed in {@code
     * root/ImageSets/Main/<split>.txt} (first token of each non-blank line), in that order. The
     * classes are {@code root/classes.txt} (one name a line, # comments) when it exists, else the
     * sorted distinct object names of every XML file of the folder (whatever the split, so that
     * the splits of one folder share their class indices).
     *
     * @param root the dataset folder
     * @param split {@code "all"} or the name of an image-set file
     * @param policy clipping and dropping
     * @return the dataset
     * @throws AnnotationException naming the file for a bad annotation, or the list file for an
     *     id without its XML file
     * @throws IllegalArgumentException when the layout or the split file is missing
     */
    public static DetectionDataset folder(Path root, String split, AnnotationPolicy policy) {
        requireDir(root, "VOC dataset root");
        Path annotations;
        Path images;
        if (Files.isDirectory(root.resolve("Annotations"))) {
            annotations = root.resolve("Annotations");
            images = root.resolve("JPEGImages");
        } else if (Files.isDirectory(root.resolve("annotations"))) {
            annotations = root.resolve("annotations");
            images = root.resolve("images");
        } else {
            throw new IllegalArgumentException("not a VOC folder: " + root + " has neither"
                    + " Annotations/ + JPEGImages/ nor annotations/ + images/");
        }
        requireDir(images, "VOC image folder");
        Path classFile = root.resolve("classes.txt");
        List<String> classes = Files.isRegularFile(classFile) ? ClassLists.read(classFile) : null;
        Map<String, RawAnnotations.Image> byStem = new LinkedHashMap<>();
        if (classes == null || split.equals("all")) {
            for (Path f : listXml(annotations)) {
                byStem.put(stem(f), parse(f, images));
            }
        }
        if (classes == null) {
            classes = AnnotationResolver.derive("VOC " + root, List.copyOf(byStem.values()));
        }
        String name = "VOC " + root + " " + split;
        if (split.equals("all")) {
            return AnnotationResolver.resolve(name, List.copyOf(byStem.values()), classes, policy);
        }
        Path list = root.resolve("ImageSets").resolve("Main").resolve(split + ".txt");
        if (!Files.isRegularFile(list)) {
            throw new IllegalArgumentException("VOC split \"" + split + "\" needs the image-set file "
                    + list + " (or use split \"all\")");
        }
        List<RawAnnotations.Image> raws = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + list + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String id = line.split("\\s+")[0];
            if (!seen.add(id)) {
                throw new AnnotationException(list, "line " + (i + 1) + ": id \"" + id
                        + "\" is listed twice");
            }
            RawAnnotations.Image raw = byStem.get(id);
            if (raw == null) {
                Path xml = annotations.resolve(id + ".xml");
                if (id.contains("/") || id.contains("\\") || !Files.isRegularFile(xml)) {
                    throw new AnnotationException(list, "line " + (i + 1) + ": id \"" + id
                            + "\" has no annotation file " + xml);
                }
                raw = parse(xml, images);
            }
            raws.add(raw);
        }
        return AnnotationResolver.resolve(name, raws, classes, policy);
    }

    /**
     * Parses one file.
     *
     * @param file the XML file
     * @param imageDir where its image is
     * @return what it says
     */
    static RawAnnotations.Image parse(Path file, Path imageDir) {
        Element root = SafeXml.parse(file).getDocumentElement();
        if (!root.getTagName().equals("annotation")) {
            throw new AnnotationException(file, "not a Pascal VOC annotation: the root element is <"
                    + root.getTagName() + ">, expected <annotation>");
        }
        String filename = SafeXml.text(root, "filename");
        Path image = locate(file, imageDir, filename);
        int width = 0;
        int height = 0;
        Element size = SafeXml.child(root, "size");
        if (size != null) {
            width = dimension(file, size, "width");
            height = dimension(file, size, "height");
        }
        if (width == 0 || height == 0) {
            if (Files.isRegularFile(image)) {
                try {
                    int[] wh = ImageHeaders.size(image);
                    width = wh[0];
                    height = wh[1];
                } catch (IOException e) {
                    throw new AnnotationException(file, "no size/width and size/height, and the"
                            + " header of its image cannot be read: " + e.getMessage(), e);
                }
            } else {
                width = 1; // the image is missing: the resolver refuses or drops it before use
                height = 1;
            }
        }
        List<RawAnnotations.Box> boxes = new ArrayList<>();
        List<Element> objects = SafeXml.children(root, "object");
        for (int k = 0; k < objects.size(); k++) {
            boxes.add(object(file, objects.get(k), k + 1));
        }
        return new RawAnnotations.Image(image, width, height, boxes, file, "", null);
    }

    private static RawAnnotations.Box object(Path file, Element o, int k) {
        String where = "object " + k;
        String name = SafeXml.text(o, "name");
        if (name == null || name.isEmpty()) {
            throw new AnnotationException(file, where + ": missing or empty field <name>");
        }
        Element box = SafeXml.child(o, "bndbox");
        if (box == null) {
            throw new AnnotationException(file, where + " (\"" + name + "\"): missing field <bndbox>");
        }
        double xmin = coordinate(file, where, box, "xmin");
        double ymin = coordinate(file, where, box, "ymin");
        double xmax = coordinate(file, where, box, "xmax");
        double ymax = coordinate(file, where, box, "ymax");
        String difficult = SafeXml.text(o, "difficult");
        boolean ignored;
        if (difficult == null || difficult.isEmpty() || difficult.equals("0")) {
            ignored = false;
        } else if (difficult.equals("1")) {
            ignored = true;
        } else {
            throw new AnnotationException(file, where + " (\"" + name + "\"): field <difficult>"
                    + " must be 0 or 1, got \"" + difficult + "\"");
        }
        String fields = "xmin=" + AnnotationResolver.fmt(xmin) + ", ymin="
                + AnnotationResolver.fmt(ymin) + ", xmax=" + AnnotationResolver.fmt(xmax)
                + ", ymax=" + AnnotationResolver.fmt(ymax);
        return new RawAnnotations.Box(name, xmin - 1, ymin - 1, xmax, ymax, ignored, where, fields);
    }

    private static double coordinate(Path file, String where, Element box, String field) {
        String v = SafeXml.text(box, field);
        if (v == null || v.isEmpty()) {
            throw new AnnotationException(file, where + ": missing field <bndbox>/<" + field + ">");
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new AnnotationException(file, where + ": field <bndbox>/<" + field + "> is not a"
                    + " number: \"" + v + "\"");
        }
    }

    private static int dimension(Path file, Element size, String field) {
        String v = SafeXml.text(size, field);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        int d;
        try {
            d = (int) Math.round(Double.parseDouble(v));
            if (d != Double.parseDouble(v)) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new AnnotationException(file, "field <size>/<" + field + "> is not a whole number"
                    + " of pixels: \"" + v + "\"");
        }
        if (d < 0) {
            throw new AnnotationException(file, "field <size>/<" + field + "> is negative: " + d);
        }
        return d;
    }

    private static Path locate(Path file, Path imageDir, String filename) {
        if (filename != null && !filename.isEmpty()) {
            if (filename.contains("/") || filename.contains("\\") || filename.equals("..")
                    || filename.equals(".")) {
                throw new AnnotationException(file, "field <filename> must be a plain file name in "
                        + imageDir + ", got \"" + filename + "\"");
            }
            Path named = imageDir.resolve(filename);
            if (Files.isRegularFile(named)) {
                return named;
            }
        }
        String stem = stem(file);
        for (String ext : EXTENSIONS) {
            Path p = imageDir.resolve(stem + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return imageDir.resolve(filename != null && !filename.isEmpty() ? filename : stem + ".jpg");
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    static Path requireDir(Path dir, String what) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException(what + " does not exist: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(what + " is not a directory: " + dir);
        }
        return dir;
    }

    private static List<Path> listXml(Path dir) {
        requireDir(dir, "VOC annotation folder");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml"))
                    .filter(Files::isRegularFile)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no annotation files (*.xml) in " + dir);
        }
        return files;
    }
}
