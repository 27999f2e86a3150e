package dev.hsresnet.data.detection;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.data.mask.Rle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An object-detection dataset: an ordered list of images with their validated {@link
 * ImageAnnotations} and the class names. Every annotation is parsed and checked when the dataset
 * is opened (by {@link VocReader}, {@link CocoReader}, {@link CsvReader}, {@link PennFudanReader}
 * or {@link DetectionSets}); pixels are decoded only by {@link #load}. Immutable and thread-safe.
 *
 * <p>A dataset {@link #hasInstanceMasks() with instance masks} gives every box its {@link
 * InstanceMask} in {@link #load}: decoded from the image's instance-id mask file ({@link
 * InstanceIdMasks#attach}, kind {@code pennfudan-instances}; the files were checked against the
 * boxes when the masks were attached), or from the runs the annotation file gave ({@link
 * ImageAnnotations#segments()}, {@link CocoReader#readInstances}, kind {@code coco-instances}).
 */
public final class DetectionDataset {

    private final String name;
    private final List<ImageAnnotations> images;
    private final List<String> classes;
    private final int[] clipped;
    private final List<List<String>> droppedBoxes;
    private final List<String> droppedImages;
    private final boolean instanceMasks;

    DetectionDataset(String name, List<ImageAnnotations> images, List<String> classes,
            int[] clipped, List<List<String>> droppedBoxes, List<String> droppedImages) {
        this(name, images, classes, clipped, droppedBoxes, droppedImages, false);
    }

    DetectionDataset(String name, List<ImageAnnotations> images, List<String> classes,
            int[] clipped, List<List<String>> droppedBoxes, List<String> droppedImages,
            boolean instanceMasks) {
        this.name = name;
        this.images = List.copyOf(images);
        this.classes = List.copyOf(classes);
        this.clipped = clipped;
        this.droppedBoxes = List.copyOf(droppedBoxes);
        this.droppedImages = List.copyOf(droppedImages);
        this.instanceMasks = instanceMasks;
    }

    /**
     * A dataset from annotations built elsewhere (nothing is read).
     *
     * @param name what the dataset is, for messages
     * @param images the images in the dataset's order, at least one, no file twice
     * @param classes the class names, distinct, not blank
     * @return the dataset
     * @throws IllegalArgumentException if there is no image, an image file is listed twice, the
     *     class list is unusable, or a box's class index is not below {@code classes.size()}
     */
    public static DetectionDataset of(String name, List<ImageAnnotations> images,
            List<String> classes) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException(name + ": no images");
        }
        ClassLists.check(classes, name);
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (ImageAnnotations a : images) {
            if (!seen.add(a.image().toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(name + ": image " + a.image() + " is listed twice");
            }
            for (List<BoxAnnotation> list : List.of(a.boxes(), a.ignored())) {
                for (BoxAnnotation b : list) {
                    if (b.classIndex() >= classes.size()) {
                        throw new IllegalArgumentException(name + ": " + a.image() + " has a box of"
                                + " class " + b.classIndex() + " but there are " + classes.size()
                                + " classes");
                    }
                }
            }
        }
        List<List<String>> none = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            none.add(List.of());
        }
        return new DetectionDataset(name, images, classes, new int[images.size()], none, List.of());
    }

    /** @return what the dataset is, e.g. {@code "raccoon train"} */
    public String name() {
        return name;
    }

    /** @return the number of images */
    public int size() {
        return images.size();
    }

    /** @return the class names; a box's {@link BoxAnnotation#classIndex()} indexes this list */
    public List<String> classes() {
        return classes;
    }

    /** @return the number of classes */
    public int numClasses() {
        return classes.size();
    }

    /**
     * @return whether {@link #load} gives each box its instance mask (and the loader's batches
     *     carry {@link BatchMasks})
     */
    public boolean hasInstanceMasks() {
        return instanceMasks;
    }

    /** @return boxes clipped in image {@code index} when the dataset was opened */
    int clippedIn(int index) {
        return clipped[index];
    }

    /** @return what was dropped from image {@code index} when the dataset was opened */
    List<String> droppedFrom(int index) {
        return droppedBoxes.get(index);
    }

    /** @return the images left out when the dataset was opened */
    List<String> droppedImages() {
        return droppedImages;
    }

    /**
     * @param index image index in {@code [0, size())}
     * @return that image's annotations (no decoding)
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public ImageAnnotations annotations(int index) {
        return images.get(index);
    }

    /**
     * @param index image index in {@code [0, size())}
     * @return the image file
     */
    public Path image(int index) {
        return images.get(index).image();
    }

    /**
     * @param index image index in {@code [0, size())}
     * @return {@code "<image file> (<annotation file>)"}, for messages
     */
    public String describe(int index) {
        ImageAnnotations a = images.get(index);
        return a.image() + " (" + a.annotationFile().getFileName() + ")";
    }

    /** @return the number of boxes to train on, over all images */
    public int boxCount() {
        int n = 0;
        for (ImageAnnotations a : images) {
            n += a.boxes().size();
        }
        return n;
    }

    /**
     * @return the counts of this dataset and what was clipped or dropped in its images; a
     *     {@link #subset} reports the drops of its own images only
     */
    public AnnotationReport report() {
        int boxes = 0;
        int ignored = 0;
        int negatives = 0;
        int clip = 0;
        List<String> dropped = new ArrayList<>(droppedImages);
        for (int i = 0; i < images.size(); i++) {
            ImageAnnotations a = images.get(i);
            boxes += a.boxes().size();
            ignored += a.ignored().size();
            negatives += a.isNegative() ? 1 : 0;
            clip += clipped[i];
            dropped.addAll(droppedBoxes.get(i));
        }
        return new AnnotationReport(images.size(), boxes, ignored, negatives, clip, dropped);
    }

    /**
     * The images at some indices, in that order (the class list is kept).
     *
     * @param subsetName the view's name
     * @param indices image indices, each in {@code [0, size())}, none twice
     * @return the view
     * @throws IllegalArgumentException if an index is out of range or repeated, or none is given
     */
    public DetectionDataset subset(String subsetName, int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException(subsetName + ": no images selected");
        }
        boolean[] taken = new boolean[images.size()];
        List<ImageAnnotations> out = new ArrayList<>();
        int[] clip = new int[indices.length];
        List<List<String>> drops = new ArrayList<>();
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= images.size()) {
                throw new IllegalArgumentException(
                        "subset index " + i + " outside 0.." + (images.size() - 1));
            }
            if (taken[i]) {
                throw new IllegalArgumentException("subset index " + i + " given twice");
            }
            taken[i] = true;
            out.add(images.get(i));
            clip[k] = clipped[i];
            drops.add(droppedBoxes.get(i));
        }
        return new DetectionDataset(subsetName, out, classes, clip, drops, List.of(),
                instanceMasks);
    }

    /**
     * @param newName the name
     * @return this dataset under another name (everything else shared)
     */
    public DetectionDataset renamed(String newName) {
        return new DetectionDataset(newName, images, classes, clipped, droppedBoxes, droppedImages,
                instanceMasks);
    }

    /**
     * {@link #load(int, ImageGuard)} with the {@link ImageGuard#DEFAULT default guard}.
     *
     * @param index image index
     * @return the image (3 channels, values in [0, 1]) and its boxes (and masks), at scale 1
     * @throws IOException as {@link #load(int, ImageGuard)}
     */
    public DetectionSample load(int index) throws IOException {
        return load(index, ImageGuard.DEFAULT);
    }

    /**
     * Decodes one image with 3 channels ({@link ImageDecoder#decode(Path, int, ImageGuard)},
     * values in [0, 1]) and pairs it with its boxes ({@link ImageAnnotations#boxes()}; the
     * ignored ones stay in the annotations); with {@link #hasInstanceMasks() instance masks},
     * also decodes the mask file ({@link InstanceIdMasks#read}) and gives box {@code i} the
     * pixels of value {@link ImageAnnotations#maskValues()}{@code .get(i)}, or, without a mask
     * file, the pixels of {@link ImageAnnotations#segments()}{@code .get(i)}.
     *
     * @param index image index in {@code [0, size())}
     * @param guard the header limits (for the mask too)
     * @return the sample at scale 1
     * @throws IOException naming the file when it (or its mask) cannot be read or decoded, the
     *     guard refuses it, or its size differs from the one its annotation declares (the boxes
     *     would not fit)
     */
    public DetectionSample load(int index, ImageGuard guard) throws IOException {
        ImageAnnotations a = images.get(index);
        Image image = ImageDecoder.decode(a.image(), 3, guard);
        if (image.width() != a.width() || image.height() != a.height()) {
            throw new IOException("image " + a.image() + " is " + image.width() + "x"
                    + image.height() + " (width x height) but its annotation "
                    + a.annotationFile() + " declares " + a.width() + "x" + a.height());
        }
        if (!instanceMasks) {
            return new DetectionSample(image, a.boxes());
        }
        return new DetectionSample(image, a.boxes(), masks(a, guard));
    }

    /**
     * The instance masks of one image without decoding its pixels: what {@link #load} gives
     * its sample, one mask per box of {@link ImageAnnotations#boxes()}, at the image's size
     * (for evaluations, which need the masks at the original size).
     *
     * @param index image index in {@code [0, size())}
     * @return one mask per box, in the boxes' order
     * @throws IOException naming the mask file when it cannot be read or decoded
     * @throws IllegalStateException when the dataset has no instance masks
     */
    public List<InstanceMask> masks(int index) throws IOException {
        if (!instanceMasks) {
            throw new IllegalStateException(name + " has no instance masks");
        }
        return masks(images.get(index), ImageGuard.DEFAULT);
    }

    /** One mask per box: from the mask file, else from the annotation's segments. */
    private static List<InstanceMask> masks(ImageAnnotations a, ImageGuard guard)
            throws IOException {
        if (a.mask() != null) {
            return InstanceIdMasks.read(a, guard);
        }
        if (a.segments().size() != a.boxes().size()) {
            throw new IllegalStateException(a.image() + ": " + a.boxes().size() + " boxes but "
                    + a.segments().size() + " segments and no mask file");
        }
        guard.checkHeader(a.image() + " (size declared by " + a.annotationFile() + ")",
                a.width(), a.height());
        List<InstanceMask> out = new ArrayList<>(a.segments().size());
        for (Rle r : a.segments()) {
            out.add(InstanceMask.of(r));
        }
        return out;
    }

    @Override
    public String toString() {
        return "DetectionDataset[" + name + ", " + images.size() + " images, " + boxCount()
                + " boxes, " + classes.size() + " classes" + (instanceMasks ? ", instance masks"
                        : "") + "]";
    }
}
