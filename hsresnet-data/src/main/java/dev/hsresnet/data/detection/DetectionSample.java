package dev.hsresnet.data.detection;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.mask.InstanceMask;
import java.util.List;

/**
 * An image with its object boxes, in the image's own pixel coordinates ({@link BoxAnnotation}'s
 * convention), optionally each box's instance mask, plus how far the image has been scaled from
 * the file's pixels.
 *
 * <p>{@code scaleX} and {@code scaleY} are the products of the resize factors applied so far
 * ({@code output size / input size} per axis, after rounding to whole pixels); crops, flips and
 * pads do not change them. For an image that was only resized (the evaluation transform), a
 * point {@code (x, y)} of the sample is {@code (x / scaleX, y / scaleY)} in the original file.
 *
 * <p>Masks (instance segmentation): either none (an empty list, the detection case) or one per
 * box, {@code masks.get(i)} being the object of {@code boxes.get(i)}, each at the image's height
 * and width. The geometric transforms move the masks with the pixels and drop a mask with its
 * box, so the pairing by position holds through every step. A sample without boxes has no masks
 * either way; whether its batch carries masks is the dataset's property ({@link
 * DetectionDataset#hasInstanceMasks()}). A mask may be empty (a crop that keeps a box but none of
 * its object's pixels).
 *
 * @param image the image, {@code C x H x W}
 * @param boxes the objects, each inside {@code [0, W] x [0, H]} (unmodifiable copy; may be
 *     empty: a negative image)
 * @param masks the objects' masks, empty or one per box, each {@code H x W} (unmodifiable copy)
 * @param scaleX horizontal scale from the original image, positive
 * @param scaleY vertical scale from the original image, positive
 */
public record DetectionSample(Image image, List<BoxAnnotation> boxes, List<InstanceMask> masks,
        double scaleX, double scaleY) {

    /**
     * Validates the sample.
     *
     * @throws NullPointerException if the image, a list, a box or a mask is null
     * @throws IllegalArgumentException naming the box if one lies outside the image, naming the
     *     counts if masks are given but not one per box, naming the mask if one's size differs
     *     from the image's, or if a scale is not positive and finite
     */
    public DetectionSample {
        if (image == null) {
            throw new NullPointerException("image");
        }
        boxes = List.copyOf(boxes);
        masks = List.copyOf(masks);
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
        if (!masks.isEmpty() && masks.size() != boxes.size()) {
            throw new IllegalArgumentException(masks.size() + " masks for " + boxes.size()
                    + " boxes: a sample has no masks or one per box");
        }
        for (int i = 0; i < masks.size(); i++) {
            InstanceMask m = masks.get(i);
            if (m.height() != image.height() || m.width() != image.width()) {
                throw new IllegalArgumentException("mask " + i + " is " + m.height() + "x"
                        + m.width() + " but the image is " + image.height() + "x" + image.width()
                        + " (height x width)");
            }
        }
    }

    /**
     * A sample without masks.
     *
     * @param image the image
     * @param boxes the boxes
     * @param scaleX horizontal scale from the original image
     * @param scaleY vertical scale from the original image
     */
    public DetectionSample(Image image, List<BoxAnnotation> boxes, double scaleX, double scaleY) {
        this(image, boxes, List.of(), scaleX, scaleY);
    }

    /**
     * A sample with masks at the original scale (1, 1).
     *
     * @param image the image
     * @param boxes the boxes
     * @param masks empty, or one per box at the image's size
     */
    public DetectionSample(Image image, List<BoxAnnotation> boxes, List<InstanceMask> masks) {
        this(image, boxes, masks, 1, 1);
    }

    /**
     * A sample without masks at the original scale (1, 1).
     *
     * @param image the image
     * @param boxes the boxes
     */
    public DetectionSample(Image image, List<BoxAnnotation> boxes) {
        this(image, boxes, List.of(), 1, 1);
    }

    /** @return image rows */
    public int height() {
        return image.height();
    }

    /** @return image columns */
    public int width() {
        return image.width();
    }

    /** @return true when the sample carries masks (then one per box) */
    public boolean hasMasks() {
        return !masks.isEmpty();
    }

    /**
     * Replaces image and boxes and keeps the masks: for steps that change neither the image's
     * size nor the list of boxes (photometric steps, normalization). A step that moves pixels or
     * drops boxes uses {@link #with(Image, List, List, double, double)}.
     *
     * @param newImage the replacement image
     * @param newBoxes the replacement boxes
     * @param factorX horizontal factor applied on top of {@link #scaleX()}
     * @param factorY vertical factor applied on top of {@link #scaleY()}
     * @return a sample with the new image and boxes, these masks, and the scales multiplied by
     *     the factors
     * @throws IllegalArgumentException when this sample has masks and they no longer fit
     */
    public DetectionSample with(Image newImage, List<BoxAnnotation> newBoxes, double factorX,
            double factorY) {
        return new DetectionSample(newImage, newBoxes, masks, scaleX * factorX, scaleY * factorY);
    }

    /**
     * @param newImage the replacement image
     * @param newBoxes the replacement boxes
     * @param newMasks the replacement masks, empty or one per new box
     * @param factorX horizontal factor applied on top of {@link #scaleX()}
     * @param factorY vertical factor applied on top of {@link #scaleY()}
     * @return a sample with the new image, boxes and masks and the scales multiplied by the
     *     factors
     */
    public DetectionSample with(Image newImage, List<BoxAnnotation> newBoxes,
            List<InstanceMask> newMasks, double factorX, double factorY) {
        return new DetectionSample(newImage, newBoxes, newMasks, scaleX * factorX,
                scaleY * factorY);
    }
}
