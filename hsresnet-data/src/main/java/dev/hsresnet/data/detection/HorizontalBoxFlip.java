package dev.hsresnet.data.detection;

import dev.hsresnet.data.Crops;
import dev.hsresnet.data.mask.InstanceMask;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mirrors the image and its boxes left to right with probability {@code p}: column {@code x}
 * becomes {@code W - 1 - x} and a box {@code [x1, x2]} becomes {@code [W - x2, W - x1]}. Always
 * draws exactly one number, whatever the outcome. The scale is unchanged. Masks are mirrored
 * the same way ({@link InstanceMask#flippedHorizontally()}).
 */
public final class HorizontalBoxFlip implements DetectionTransform {

    private final double p;

    /** Flips with probability 0.5. */
    public HorizontalBoxFlip() {
        this(0.5);
    }

    /**
     * @param p flip probability in [0, 1]
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public HorizontalBoxFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    @Override
    public DetectionSample apply(DetectionSample sample, SplittableRandom rng) {
        if (rng.nextDouble() >= p) {
            return sample;
        }
        List<BoxAnnotation> boxes = new ArrayList<>(sample.boxes().size());
        for (BoxAnnotation b : sample.boxes()) {
            boxes.add(b.flippedHorizontally(sample.width()));
        }
        List<InstanceMask> masks = new ArrayList<>(sample.masks().size());
        for (InstanceMask m : sample.masks()) {
            masks.add(m.flippedHorizontally());
        }
        return sample.with(Crops.flipHorizontal(sample.image()), boxes, masks, 1, 1);
    }
}
