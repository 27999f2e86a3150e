package dev.hsresnet.data.detection;

/**
 * What the readers do with boxes that do not fit their image and with annotations whose image
 * file is missing. Everything else that is wrong (a file that does not parse or is not of the
 * format, a missing or non-numeric field, an unknown class name, two annotations of one image
 * file, an annotation that refers to no image) is always an {@link AnnotationException}: those
 * mean the wrong folder, format or class list, which no amount of training fixes.
 *
 * <p>A box (converted to {@link BoxAnnotation}'s continuous coordinates) is
 *
 * <ul>
 *   <li>kept as it is when it lies inside {@code [0, width] x [0, height]};
 *   <li>clipped to the image, and counted in {@link AnnotationReport#clippedBoxes()}, when no
 *       edge lies more than {@code clipTolerance} pixels outside (annotation tools that write
 *       0-based or one-past-the-end values, a box dragged onto the border) and a positive area
 *       is left;
 *   <li>otherwise invalid: an edge further outside, a corner that is not a finite number, an
 *       inverted box ({@code x2 < x1} or {@code y2 < y1}), a zero width or height.
 * </ul>
 *
 * <p>An invalid box, and an annotation whose image file does not exist, is an {@link
 * AnnotationException} naming the file, the object and the values when {@code dropInvalid} is
 * false ({@link #STRICT}, the default); when it is true ({@link #LENIENT}) the box, or the whole
 * image, is left out, logged at WARN and listed in {@link AnnotationReport#dropped()}, so that a
 * large dataset with a few bad records still trains (COCO 2017 has a few boxes of zero size).
 *
 * @param clipTolerance how far, in pixels, an edge may lie outside the image and still be
 *     clipped; at least 0 ({@code Double.POSITIVE_INFINITY} clips every box that overlaps the
 *     image)
 * @param dropInvalid whether invalid boxes and images without their file are dropped and counted
 *     (true) or refused (false)
 */
public record AnnotationPolicy(double clipTolerance, boolean dropInvalid) {

    /** The default clip tolerance: 2 pixels. */
    public static final double DEFAULT_CLIP_TOLERANCE = 2;

    /** Clip within 2 px, refuse anything else: the default. */
    public static final AnnotationPolicy STRICT =
            new AnnotationPolicy(DEFAULT_CLIP_TOLERANCE, false);

    /** Clip within 2 px, drop and count anything else. */
    public static final AnnotationPolicy LENIENT =
            new AnnotationPolicy(DEFAULT_CLIP_TOLERANCE, true);

    /**
     * Validates the tolerance.
     *
     * @throws IllegalArgumentException if {@code clipTolerance} is negative or NaN
     */
    public AnnotationPolicy {
        if (!(clipTolerance >= 0)) {
            throw new IllegalArgumentException(
                    "clipTolerance must be >= 0 pixels, got " + clipTolerance);
        }
    }
}
