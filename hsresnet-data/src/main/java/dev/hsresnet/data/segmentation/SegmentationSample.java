package dev.hsresnet.data.segmentation;

import dev.hsresnet.data.Image;

/**
 * An image with its pixel-aligned class mask. Neither array is copied (see {@link Image} and
 * {@link LabelMask}).
 *
 * @param image the image, {@code channels x height x width}
 * @param mask the class indices, {@code height x width}
 */
public record SegmentationSample(Image image, LabelMask mask) {

    /**
     * Checks that image and mask cover the same pixels.
     *
     * @param image the image
     * @param mask the mask
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException naming both sizes when their heights or widths differ
     */
    public SegmentationSample {
        if (image == null) {
            throw new NullPointerException("image");
        }
        if (mask == null) {
            throw new NullPointerException("mask");
        }
        if (image.height() != mask.height() || image.width() != mask.width()) {
            throw new IllegalArgumentException("image is " + image.height() + "x" + image.width()
                    + " (height x width) but its mask is " + mask.height() + "x" + mask.width());
        }
    }

    /** @return rows of image and mask */
    public int height() {
        return image.height();
    }

    /** @return columns of image and mask */
    public int width() {
        return image.width();
    }
}
