package dev.hsresnet.data.detection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the Penn-Fudan pedestrian database ({@code PennFudanPed/}): {@code
 * Annotation/<stem>.txt} in the PASCAL Annotation v1.00 text format, images {@code
 * PNGImages/<stem>.png}, instance masks {@code PedMasks/<stem>_mask.png}.
 *
 * <p>Per file: the first line must be {@code # Compatible with PASCAL Annotation Version
 * 1.00}; {@code Image filename : "..."} names the image (its file name is looked up in {@code
 * PNGImages/}); {@code Image size (X x Y x C) : W x H x C}; {@code Objects with ground truth : N
 * {...}}; then for object {@code k = 1..N}, in order, {@code Bounding box for object k "label"
 * (Xmin, Ymin) - (Xmax, Ymax) : (x1, y1) - (x2, y2)} with 1-based inclusive pixel indices (the
 * file says {@code Top left pixel co-ordinates : (1, 1)}), mapped to {@code [x1 - 1, x2] x [y1 -
 * 1, y2]}. Other lines ({@code Database}, {@code Original label}, comments) are ignored.
 *
 * <p>One class, {@value #CLASS}: both labels the files use ({@code PASpersonWalking}, {@code
 * PASpersonStanding}) and any other {@code PASperson*} label map to it; another label is an
 * unknown class. The mask path ({@code Pixel mask for object k}; object {@code k} is mask value
 * {@code k}, {@link ImageAnnotations#maskValues()}) is kept in {@link ImageAnnotations#mask()}
 * and not read here; {@link InstanceIdMasks#attach} (kind {@code pennfudan-instances}) reads the
 * masks. On the published set the mask values of every image are exactly {@code 1..N} for its
 * {@code N} objects (checked by {@code PennFudanInstancesTest}). Images are sorted by annotation
 * file name.
 */
public final class PennFudanReader {

    /** The one class name. */
    public static final String CLASS = "pedestrian";

    private static final long MAX_BYTES = 1 << 20;

    private static final Pattern SIZE = Pattern.compile(
            "Image size \\(X x Y x C\\)\\s*:\\s*(\\d+)\\s*x\\s*(\\d+)\\s*x\\s*(\\d+)\\s*");
    private static final Pattern COUNT =
            Pattern.compile("Objects with ground truth\\s*:\\s*(\\d+).*");
    private static final String NUM = "\\s*(-?\\d+(?:\\.\\d+)?)\\s*";
    private static final Pattern BOX = Pattern.compile("Bounding box for object (\\d+) \"([^\"]*)\""
            + " \\(Xmin, Ymin\\) - \\(Xmax, Ymax\\)\\s*:\\s*\\(" + NUM + "," + NUM + "\\)\\s*-\\s*\\("
            + NUM + "," + NUM + "\\)\\s*");
    private static final Pattern MASK =
            Pattern.compile("Pixel mask for object (\\d+) \"[^\"]*\"\\s*:\\s*\"([^\"]*)\"\\s*");
    private static final Pattern FILENAME = Pattern.compile("Image filename\\s*:\\s*\"([^\"]*)\"\\s*");

    private PennFudanReader() {}

    /**
     * @param root the {@code PennFudanPed} folder
     * @param policy clipping and dropping
     * @return all annotated images (170 with 423 pedestrians in the published set)
     * @throws AnnotationException naming the file, line and value for a malformed file
     * @throws IllegalArgumentException when a folder is missing or holds no annotation
     * @throws UncheckedIOException when a file cannot be read
     */
    public static DetectionDataset read(Path root, AnnotationPolicy policy) {
        VocReader.requireDir(root, "Penn-Fudan root");
        Path annotations = VocReader.requireDir(root.resolve("Annotation"),
                "Penn-Fudan annotation folder");
        Path images = VocReader.requireDir(root.resolve("PNGImages"), "Penn-Fudan image folder");
        Path masks = root.resolve("PedMasks");
        List<Path> files;
        try (Stream<Path> s = Files.list(annotations)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + annotations + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no annotation files (*.txt) in " + annotations);
        }
        List<RawAnnotations.Image> raws = new ArrayList<>();
        for (Path f : files) {
            raws.add(parse(f, images, masks));
        }
        return AnnotationResolver.resolve("Penn-Fudan " + root, raws, List.of(CLASS), policy);
    }

    /**
     * Parses one annotation file.
     *
     * @param file the text file
     * @param imageDir {@code PNGImages/}
     * @param maskDir {@code PedMasks/}
     * @return what it says
     */
    static RawAnnotations.Image parse(Path file, Path imageDir, Path maskDir) {
        List<String> lines;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new AnnotationException(file, "annotation file larger than " + MAX_BYTES
                        + " bytes");
            }
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()
                || !lines.get(first).strip().startsWith("# Compatible with PASCAL Annotation Version")) {
            throw new AnnotationException(file, "not a PASCAL Annotation v1.00 text file: the first"
                    + " line is not \"# Compatible with PASCAL Annotation Version 1.00\"");
        }
        String imageName = null;
        int width = 0;
        int height = 0;
        int declared = -1;
        String maskName = null;
        List<RawAnnotations.Box> boxes = new ArrayList<>();
        for (int i = first + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = "line " + (i + 1);
            if (line.startsWith("Image filename")) {
                Matcher m = FILENAME.matcher(line);
                if (!m.matches()) {
                    throw new AnnotationException(file, where + ": cannot read \"" + line + "\"");
                }
                String name = m.group(1).replace('\\', '/');
                imageName = name.substring(name.lastIndexOf('/') + 1);
            } else if (line.startsWith("Image size")) {
                Matcher m = SIZE.matcher(line);
                if (!m.matches()) {
                    throw new AnnotationException(file, where + ": cannot read the image size in \""
                            + line + "\" (expected \"Image size (X x Y x C) : W x H x C\")");
                }
                width = whole(file, where, "image width", m.group(1), 1);
                height = whole(file, where, "image height", m.group(2), 1);
            } else if (line.startsWith("Objects with ground truth")) {
                Matcher m = COUNT.matcher(line);
                if (!m.matches()) {
                    throw new AnnotationException(file, where + ": cannot read the object count in"
                            + " \"" + line + "\"");
                }
                declared = whole(file, where, "object count", m.group(1), 0);
            } else if (line.startsWith("Bounding box for object")) {
                Matcher m = BOX.matcher(line);
                if (!m.matches()) {
                    throw new AnnotationException(file, where + ": cannot read the bounding box in \""
                            + line + "\" (expected \"Bounding box for object k \\\"label\\\" (Xmin,"
                            + " Ymin) - (Xmax, Ymax) : (x1, y1) - (x2, y2)\")");
                }
                int k = Integer.parseInt(m.group(1));
                if (k != boxes.size() + 1) {
                    throw new AnnotationException(file, where + ": object " + k + " where object "
                            + (boxes.size() + 1) + " was expected (objects are numbered 1, 2, ...,"
                            + " as the mask values)");
                }
                String label = m.group(2);
                String cls = label.startsWith("PASperson") ? CLASS : label;
                double x1 = Double.parseDouble(m.group(3));
                double y1 = Double.parseDouble(m.group(4));
                double x2 = Double.parseDouble(m.group(5));
                double y2 = Double.parseDouble(m.group(6));
                boxes.add(new RawAnnotations.Box(cls, x1 - 1, y1 - 1, x2, y2, false,
                        where + ", object " + k, "(Xmin, Ymin) - (Xmax, Ymax) = (" + m.group(3)
                                + ", " + m.group(4) + ") - (" + m.group(5) + ", " + m.group(6) + ")"));
            } else if (line.startsWith("Pixel mask for object") && maskName == null) {
                Matcher m = MASK.matcher(line);
                if (m.matches()) {
                    String name = m.group(2).replace('\\', '/');
                    maskName = name.substring(name.lastIndexOf('/') + 1);
                }
            }
        }
        if (imageName == null || imageName.isEmpty()) {
            throw new AnnotationException(file, "missing field \"Image filename\"");
        }
        if (width == 0) {
            throw new AnnotationException(file, "missing field \"Image size (X x Y x C)\"");
        }
        if (declared < 0) {
            throw new AnnotationException(file, "missing field \"Objects with ground truth\"");
        }
        if (declared != boxes.size()) {
            throw new AnnotationException(file, "\"Objects with ground truth\" says " + declared
                    + " but the file has " + boxes.size() + " bounding boxes");
        }
        if (maskName == null || maskName.isEmpty()) {
            String n = imageName;
            maskName = (n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : n) + "_mask.png";
        }
        return new RawAnnotations.Image(imageDir.resolve(imageName), width, height, boxes, file,
                "", maskDir.resolve(maskName));
    }

    private static int whole(Path file, String where, String what, String v, int min) {
        try {
            int i = Integer.parseInt(v);
            if (i >= min) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new AnnotationException(file, where + ": " + what + " must be a whole number >= "
                + min + ", got \"" + v + "\"");
    }
}
