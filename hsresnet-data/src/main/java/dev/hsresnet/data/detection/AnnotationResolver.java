package dev.hsresnet.data.detection;

import dev.hsresnet.data.mask.Rle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns parsed annotations into a {@link DetectionDataset}: class names to indices, duplicate
 * images, missing image files and box geometry, under an {@link AnnotationPolicy}. In a
 * {@link RawAnnotations.Image#segmented() segmented} image a box to train on without its mask
 * (missing, malformed or covering no pixel) is invalid like a bad box; the dataset then has
 * instance masks ({@link DetectionDataset#hasInstanceMasks()}).
 */
final class AnnotationResolver {

    private static final Logger log = LoggerFactory.getLogger(AnnotationResolver.class);

    /** Dropped records logged one by one before the rest are only counted in the report. */
    private static final int LOGGED_DROPS = 20;

    private final AnnotationPolicy policy;
    private final List<String> dropped = new ArrayList<>();
    private int clipped;

    private AnnotationResolver(AnnotationPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param name the dataset's name, for messages
     * @param raws the parsed images, in the dataset's order
     * @param classes the class list, or null to use the sorted distinct names found in {@code
     *     raws}
     * @param policy clipping and dropping
     * @return the dataset
     * @throws AnnotationException for an unknown class, an image listed twice, and (strict) a
     *     missing image or an invalid box
     * @throws IllegalArgumentException when no image is left or the class list is unusable
     */
    static DetectionDataset resolve(String name, List<RawAnnotations.Image> raws,
            List<String> classes, AnnotationPolicy policy) {
        if (policy == null) {
            throw new NullPointerException("policy");
        }
        List<String> classList = classes != null ? List.copyOf(classes) : derive(name, raws);
        ClassLists.check(classList, name);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classList.size(); i++) {
            index.put(classList.get(i), i);
        }
        return new AnnotationResolver(policy).run(name, raws, classList, index);
    }

    /**
     * @param name the dataset, for messages
     * @param raws parsed images
     * @return the sorted distinct class names of their objects
     * @throws IllegalArgumentException when there is no object at all
     */
    static List<String> derive(String name, List<RawAnnotations.Image> raws) {
        TreeSet<String> names = new TreeSet<>();
        for (RawAnnotations.Image img : raws) {
            for (RawAnnotations.Box b : img.boxes()) {
                names.add(b.className());
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(name + ": no object in any annotation, so no class"
                    + " names to derive; give the class list (e.g. a classes.txt)");
        }
        return List.copyOf(names);
    }

    private DetectionDataset run(String name, List<RawAnnotations.Image> raws,
            List<String> classes, Map<String, Integer> index) {
        Map<Path, RawAnnotations.Image> seen = new HashMap<>();
        List<ImageAnnotations> images = new ArrayList<>();
        List<Integer> clippedPerImage = new ArrayList<>();
        List<List<String>> droppedPerImage = new ArrayList<>();
        List<String> droppedImages = new ArrayList<>();
        boolean segmented = false;
        for (RawAnnotations.Image raw : raws) {
            segmented |= raw.segmented();
            Path key = raw.image().toAbsolutePath().normalize();
            RawAnnotations.Image previous = seen.putIfAbsent(key, raw);
            if (previous != null) {
                throw new AnnotationException(raw.annotationFile(), raw.prefix() + "image "
                        + raw.image() + " is annotated twice: also by " + previous.annotationFile()
                        + (previous.where().isEmpty() ? "" : " " + previous.where())
                        + " (duplicate file name)");
            }
            if (!Files.isRegularFile(raw.image())) {
                String problem = raw.annotationFile() + ": " + raw.prefix() + "image file "
                        + raw.image() + " does not exist";
                if (!policy.dropInvalid()) {
                    throw new AnnotationException(raw.annotationFile(), raw.prefix()
                            + "image file " + raw.image() + " does not exist (an annotation"
                            + " without its image)");
                }
                drop(problem);
                droppedImages.add(problem);
                continue;
            }
            int droppedBefore = dropped.size();
            int clippedBefore = clipped;
            List<BoxAnnotation> boxes = new ArrayList<>();
            List<BoxAnnotation> ignored = new ArrayList<>();
            List<Integer> maskValues = new ArrayList<>();
            List<Rle> segments = new ArrayList<>();
            List<Rle> ignoredSegments = new ArrayList<>();
            for (int j = 0; j < raw.boxes().size(); j++) {
                RawAnnotations.Box b = raw.boxes().get(j);
                Integer cls = index.get(b.className());
                if (cls == null) {
                    throw new AnnotationException(raw.annotationFile(), raw.prefix() + b.where()
                            + ": unknown class name \"" + b.className() + "\"; the " + classes.size()
                            + " classes are " + shortList(classes));
                }
                BoxAnnotation box = check(raw, b, cls);
                if (box != null) {
                    (b.ignored() ? ignored : boxes).add(box);
                    if (!b.ignored()) {
                        maskValues.add(j + 1);
                    }
                    if (raw.segmented()) {
                        (b.ignored() ? ignoredSegments : segments).add(b.segment() != null
                                ? b.segment() : Rle.fromBox(box.x1(), box.y1(),
                                        box.x2() - box.x1(), box.y2() - box.y1(), raw.height(),
                                        raw.width()));
                    }
                }
            }
            images.add(new ImageAnnotations(raw.image(), raw.width(), raw.height(), boxes,
                    ignored, raw.annotationFile(), raw.mask(),
                    raw.mask() == null ? List.of() : maskValues, segments, ignoredSegments));
            clippedPerImage.add(clipped - clippedBefore);
            droppedPerImage.add(List.copyOf(dropped.subList(droppedBefore, dropped.size())));
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException(name + ": no images"
                    + (raws.isEmpty() ? " annotated" : " left (" + dropped.size() + " dropped; first: "
                            + dropped.get(0) + ")"));
        }
        if (dropped.size() > LOGGED_DROPS) {
            log.warn("{}: {} boxes or images dropped in all, the first {} logged above", name,
                    dropped.size(), LOGGED_DROPS);
        }
        return new DetectionDataset(name, images, classes,
                clippedPerImage.stream().mapToInt(Integer::intValue).toArray(), droppedPerImage,
                droppedImages, segmented);
    }

    /** @return the checked, possibly clipped box, or null when it is dropped */
    private BoxAnnotation check(RawAnnotations.Image img, RawAnnotations.Box b, int cls) {
        double w = img.width();
        double h = img.height();
        double t = policy.clipTolerance();
        String problem = null;
        if (!Double.isFinite(b.x1()) || !Double.isFinite(b.y1()) || !Double.isFinite(b.x2())
                || !Double.isFinite(b.y2())) {
            problem = "a coordinate is not a finite number";
        } else if (b.x2() < b.x1() || b.y2() < b.y1()) {
            problem = "inverted box (" + (b.x2() < b.x1() ? "right edge " + fmt(b.x2())
                    + " left of left edge " + fmt(b.x1()) : "bottom edge " + fmt(b.y2())
                    + " above top edge " + fmt(b.y1())) + " in continuous pixel coordinates)";
        } else if (b.x2() == b.x1() || b.y2() == b.y1()) {
            problem = "zero-area box (" + (b.x2() == b.x1() ? "width" : "height") + " 0)";
        } else if (b.x1() < -t || b.y1() < -t || b.x2() > w + t || b.y2() > h + t) {
            problem = "box (continuous " + fmt(b.x1()) + ", " + fmt(b.y1()) + " - "
                    + fmt(b.x2()) + ", " + fmt(b.y2()) + ") reaches more than " + fmt(t)
                    + " px outside the " + img.width() + "x" + img.height()
                    + " image (width x height)";
        }
        if (problem == null && img.segmented() && b.segment() == null
                && (!b.ignored() || b.segmentProblem() != null)) {
            problem = b.segmentProblem() != null ? b.segmentProblem() : "no segmentation";
        }
        if (problem == null) {
            double x1 = Math.max(0, b.x1());
            double y1 = Math.max(0, b.y1());
            double x2 = Math.min(w, b.x2());
            double y2 = Math.min(h, b.y2());
            BoxAnnotation box = BoxAnnotation.orNull(cls, (float) x1, (float) y1, (float) x2,
                    (float) y2);
            if (box == null) {
                problem = "box lies outside the " + img.width() + "x" + img.height()
                        + " image (nothing left after clipping)";
            } else {
                if (x1 != b.x1() || y1 != b.y1() || x2 != b.x2() || y2 != b.y2()) {
                    clipped++;
                }
                return box;
            }
        }
        String where = img.prefix() + b.where() + " (class \"" + b.className() + "\"): " + problem
                + "; " + b.fields();
        if (!policy.dropInvalid()) {
            throw new AnnotationException(img.annotationFile(), where);
        }
        drop(img.annotationFile() + ": " + where);
        return null;
    }

    private void drop(String line) {
        dropped.add(line);
        if (dropped.size() <= LOGGED_DROPS) {
            log.warn("dropped: {}", line);
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%s", v);
    }

    private static String shortList(List<String> names) {
        List<String> head = names.subList(0, Math.min(20, names.size()));
        StringBuilder sb = new StringBuilder();
        for (String n : head) {
            sb.append(sb.length() == 0 ? "" : ", ").append('"').append(n).append('"');
        }
        return sb + (names.size() > head.size() ? ", ..." : "");
    }
}
