package dev.hsresnet.data.detection;

import dev.hsresnet.data.Image;
import java.util.List;

/**
 * An image with its object boxes, in the image's own pixel coordinates ({@link BoxAnnotation}'s
 * convention), plus how far the image has been scaled from the file's pixels.
 *
 * <p>{@code scaleX} and {@code scaleY} are the products of the resize factors applied so far
 * ({@code output size / input size} per axis, after rounding to whole pixels); crops, flips and
 * pads do not change them. For an image that was only resized (the evaluation transform), a
 * point {@code (x, y)} of the sample is {@code (x / scaleX, y / scaleY)} in the original file.
 *
 * @param image the image, {@code C x H x W}
 * @param boxes the objects, each inside {@code [0, W] x [0, H]} (unmodifiable copy; may be
 *     empty: a negative image)
 * @param scaleX horizontal scale from the original image, positive
 * @param scaleY vertical scale from the original image, positive
 */
public record DetectionSample(Image image, List<BoxAnnotation> boxes, double scaleX,
        double scaleY) {

    /**
     * Validates the sample.
     *
     * @throws NullPointerException if the image, the list or a box is null
     * @throws IllegalArgumentException naming the box if one lies outside the image, or if a
     *     scale is not positive and finite
     */
    public DetectionSample {
        if (image == null) {
            throw new NullPointerException("image");
        }
        boxes = List.copyOf(boxes);
        if (!(scaleX > 0 && scaleY > 0) || Double.isInfinite(scaleX)
                || Double.isInfinite(scaleY)) {
            throw new IllegalArgumentException(
                    "scales must be positive and finite, got " + scaleX + ", " + scaleY);
        }
        for (int i = 0; i < boxes.size(); i++) {
            BoxAnnotation b = boxes.get(i);
            if (b.x1() < 0 || b.y1() < 0 || b.x2() > image.width() || b.y2() > image.height()) {
                throw new IllegalArgumentException("box " + i + " " + b + " lies outside the "
                        + image.width() + "x" + image.height() + " image (width x height)");
            }
        }
    }

    /**
     * A sample at the original scale (1, 1).
     *
     * @param image the image
     * @param boxes the boxes
     */
    public DetectionSample(Image image, List<BoxAnnotation> boxes) {
        this(image, boxes, 1, 1);
    }

    /** @return image rows */
    public int height() {
        return image.height();
    }

    /** @return image columns */
    public int width() {
        return image.width();
    }

    /**
     * @param newImage the replacement image
     * @param newBoxes the replacement boxes
     * @param factorX horizontal factor applied on top of {@link #scaleX()}
     * @param factorY vertical factor applied on top of {@link #scaleY()}
     * @return a sample with the new image and boxes and the scales multiplied by the factors
     */
    public DetectionSample with(Image newImage, List<BoxAnnotation> newBoxes, double factorX,
            double factorY) {
        return new DetectionSample(newImage, newBoxes, scaleX * factorX, scaleY * factorY);
    }
}
