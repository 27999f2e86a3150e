package dev.hsresnet.data.detection;

import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.data.segmentation.LabelMask;
import dev.hsresnet.data.segmentation.MaskDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instance masks from instance-id PNGs ({@link ImageAnnotations#mask()}): one file per image,
 * 0 for background and value {@code v} for the object whose box has {@link
 * ImageAnnotations#maskValues()} {@code v} (Penn-Fudan's {@code PedMasks/<stem>_mask.png},
 * object {@code k} of the annotation = value {@code k}). The file is read as {@link MaskDecoder}
 * reads label masks: the stored sample of a one-channel (grayscale or palette) PNG, never its
 * colour.
 *
 * <p>{@link #attach} decodes every mask once when the dataset is opened and checks it against
 * the boxes, under the dataset's {@link AnnotationPolicy}:
 *
 * <table>
 *   <caption>mask problems</caption>
 *   <tr><th>problem</th><th>STRICT</th><th>LENIENT</th></tr>
 *   <tr><td>mask file missing, unreadable, not a one-channel PNG, refused by the guard, or of
 *       another size than the annotation declares</td><td>{@link AnnotationException} naming
 *       the mask file</td><td>the image is left out, listed in {@link
 *       AnnotationReport#dropped()}</td></tr>
 *   <tr><td>a box whose mask value has no pixel (an empty mask)</td><td>{@link
 *       AnnotationException} naming the mask file, the value and the box</td><td>the box is left
 *       out, listed</td></tr>
 *   <tr><td>a mask value with pixels but no box (an object the annotation does not list, or
 *       whose box was dropped when the annotations were read)</td><td>{@link
 *       AnnotationException} naming the mask file and the value</td><td>listed; its pixels
 *       belong to no instance</td></tr>
 * </table>
 *
 * <p>An image whose annotation names no mask file is refused with an {@link
 * IllegalArgumentException} either way: the format has no masks. A mask that agrees with its
 * box only roughly is accepted: the box stays as the annotation gives it (on Penn-Fudan the
 * mask's tight box equals the annotated box for 407 of the 423 objects and is within 6 px for
 * all, see {@code docs/detection.md}).
 */
public final class InstanceIdMasks {

    private static final Logger log = LoggerFactory.getLogger(InstanceIdMasks.class);

    private InstanceIdMasks() {}

    /**
     * The dataset with instance masks: the same images, boxes and name, checked against their
     * mask files as the class comment says, whose {@link DetectionDataset#load} gives each box
     * its mask. Decodes every mask (with the {@link ImageGuard#DEFAULT default guard}); nothing
     * is kept in memory.
     *
     * @param dataset images whose annotations name a mask file each
     * @param policy what to do with a bad mask, as the class comment says
     * @return the dataset with masks; its {@link DetectionDataset#report()} adds what was left
     *     out here
     * @throws AnnotationException (strict) naming the mask file for a bad mask
     * @throws IllegalArgumentException when an image has no mask file, or no image is left
     */
    public static DetectionDataset attach(DetectionDataset dataset, AnnotationPolicy policy) {
        if (policy == null) {
            throw new NullPointerException("policy");
        }
        List<ImageAnnotations> images = new ArrayList<>();
        List<Integer> clipped = new ArrayList<>();
        List<List<String>> drops = new ArrayList<>();
        List<String> droppedImages = new ArrayList<>(dataset.droppedImages());
        for (int i = 0; i < dataset.size(); i++) {
            ImageAnnotations a = dataset.annotations(i);
            if (a.mask() == null) {
                throw new IllegalArgumentException(dataset.name() + ": " + dataset.describe(i)
                        + " names no instance mask file (the format has no masks)");
            }
            List<String> dropped = new ArrayList<>(dataset.droppedFrom(i));
            LabelMask mask;
            try {
                mask = decode(a);
            } catch (AnnotationException e) {
                if (!policy.dropInvalid()) {
                    throw e;
                }
                log.warn("dropped: {}", e.getMessage());
                droppedImages.add(e.getMessage());
                continue;
            }
            int[] counts = counts(mask);
            List<BoxAnnotation> boxes = new ArrayList<>();
            List<Integer> values = new ArrayList<>();
            for (int k = 0; k < a.boxes().size(); k++) {
                int v = a.maskValues().get(k);
                if (v < counts.length && counts[v] > 0) {
                    boxes.add(a.boxes().get(k));
                    values.add(v);
                    continue;
                }
                String problem = "box " + k + " " + a.boxes().get(k) + " (mask value " + v
                        + ") has no pixel of value " + v + " in its mask (image " + a.image()
                        + ", annotation " + a.annotationFile() + ")";
                if (!policy.dropInvalid()) {
                    throw new AnnotationException(a.mask(), problem);
                }
                drop(dropped, a.mask() + ": " + problem + "; box left out");
            }
            Set<Integer> known = new HashSet<>(a.maskValues());
            for (int v = 1; v < counts.length; v++) {
                if (counts[v] > 0 && !known.contains(v)) {
                    String problem = "mask value " + v + " (" + counts[v] + " px) has no box; the"
                            + " annotation " + a.annotationFile() + " gives values "
                            + a.maskValues();
                    if (!policy.dropInvalid()) {
                        throw new AnnotationException(a.mask(), problem);
                    }
                    drop(dropped, a.mask() + ": " + problem + " (unannotated, or its box was"
                            + " dropped); its pixels belong to no instance");
                }
            }
            images.add(new ImageAnnotations(a.image(), a.width(), a.height(), boxes, a.ignored(),
                    a.annotationFile(), a.mask(), values));
            clipped.add(dataset.clippedIn(i));
            drops.add(dropped);
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException(dataset.name() + ": no images left with a usable"
                    + " instance mask (" + droppedImages.size() + " dropped; first: "
                    + droppedImages.get(0) + ")");
        }
        return new DetectionDataset(dataset.name(), images, dataset.classes(),
                clipped.stream().mapToInt(Integer::intValue).toArray(), drops, droppedImages,
                true);
    }

    /**
     * Decodes the masks of one image's boxes: {@code masks.get(i)} holds the pixels of value
     * {@code a.maskValues().get(i)}.
     *
     * @param a the annotations, with a mask file
     * @param guard the header limits
     * @return one mask per box, at the declared size
     * @throws IOException naming the file when it cannot be read or decoded, is not a one-channel
     *     PNG, the guard refuses it, or its size differs from the declared one
     * @throws IllegalArgumentException if the annotations name no mask file
     */
    public static List<InstanceMask> read(ImageAnnotations a, ImageGuard guard) throws IOException {
        if (a.mask() == null) {
            throw new IllegalArgumentException(a.image() + " names no instance mask file");
        }
        LabelMask m = MaskDecoder.decode(a.mask(), guard);
        if (m.height() != a.height() || m.width() != a.width()) {
            throw new IOException(sizeProblem(a, m));
        }
        List<InstanceMask> out = new ArrayList<>(a.boxes().size());
        for (int v : a.maskValues()) {
            out.add(InstanceMask.ofLabel(m.height(), m.width(), m.labels(), v));
        }
        return out;
    }

    /** Decodes the mask for {@link #attach}, every problem as an exception naming the file. */
    private static LabelMask decode(ImageAnnotations a) {
        String where = " (image " + a.image() + ", annotation " + a.annotationFile() + ")";
        if (!Files.isRegularFile(a.mask())) {
            throw new AnnotationException(a.mask(), "instance mask file does not exist" + where);
        }
        LabelMask m;
        try {
            m = MaskDecoder.decode(a.mask(), ImageGuard.DEFAULT);
        } catch (IOException e) {
            throw new AnnotationException(a.mask(), "cannot use the instance mask: "
                    + e.getMessage() + where, e);
        }
        if (m.height() != a.height() || m.width() != a.width()) {
            throw new AnnotationException(a.mask(), sizeProblem(a, m));
        }
        return m;
    }

    private static String sizeProblem(ImageAnnotations a, LabelMask m) {
        return "mask file " + a.mask() + " is " + m.width() + "x" + m.height() + " (width x"
                + " height) but the annotation " + a.annotationFile() + " declares " + a.width()
                + "x" + a.height() + " for " + a.image();
    }

    /** @return pixels per value, indexed by value (up to the largest value present) */
    private static int[] counts(LabelMask m) {
        int max = 0;
        for (int v : m.labels()) {
            max = Math.max(max, v);
        }
        int[] counts = new int[max + 1];
        for (int v : m.labels()) {
            if (v >= 0) {
                counts[v]++;
            }
        }
        return counts;
    }

    private static void drop(List<String> dropped, String line) {
        dropped.add(line);
        log.warn("dropped: {}", line);
    }
}
