package dev.hsresnet.data.segmentation;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.Transform;
import java.util.SplittableRandom;

/**
 * Applies an image {@link Transform} (e.g. {@link dev.hsresnet.data.Normalize}) to the image of a
 * sample and keeps its mask. Only transforms that keep the height and width may be wrapped (the
 * channel count may change): a resize or crop would break the alignment with the mask, so it is
 * refused when it happens.
 */
public final class ImageOnly implements JointTransform {

    private final Transform transform;

    /**
     * @param transform a size-preserving image transform (thread-safe, as every {@link
     *     Transform})
     * @throws NullPointerException if {@code transform} is null
     */
    public ImageOnly(Transform transform) {
        if (transform == null) {
            throw new NullPointerException("transform");
        }
        this.transform = transform;
    }

    /**
     * @throws IllegalStateException naming the transform and both sizes when it changed the
     *     image's height or width
     */
    @Override
    public SegmentationSample apply(SegmentationSample sample, SplittableRandom rng) {
        Image in = sample.image();
        Image out = transform.apply(in, rng);
        if (out == in) {
            return sample;
        }
        if (out.height() != in.height() || out.width() != in.width()) {
            throw new IllegalStateException("ImageOnly(" + transform.getClass().getName()
                    + ") changed the image size from " + in.height() + "x" + in.width()
                    + " to " + out.height() + "x" + out.width() + " (height x width), which"
                    + " would misalign the mask; use a JointTransform for geometric changes");
        }
        return new SegmentationSample(out, sample.mask());
    }
}
