package dev.hsresnet.data.detection;

import dev.hsresnet.data.Crops;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.mask.InstanceMask;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Takes a random {@code height x width} window of the image; a sample smaller than the window
 * along a side is first padded at the bottom / right with 0 (black before normalization, the mean
 * colour after it), so the window always has the fixed size. The window's top is drawn first
 * ({@code nextInt(paddedHeight - height + 1)}), then its left; always two draws.
 *
 * <p>Each box is clipped to the window and shifted into its coordinates. It is kept only when
 * the clipped box is at least {@code minSide} pixels wide and high <em>and</em> keeps at least
 * {@code minAreaFraction} of its area before the crop; otherwise it is dropped (a sliver of an
 * object at the border teaches the detector nothing useful, and FCOS would treat its few
 * locations as positives). A window may end up with no box: a negative sample, which the losses
 * handle. The scale is unchanged.
 *
 * <p>Masks are cropped to the same window (padded with 0 like the image) and kept or dropped
 * with their box, so the i-th kept mask stays the i-th kept box's. Only the box decides: a kept
 * box's mask may have lost every pixel to the crop (when the object does not fill its box), and
 * is then an empty mask.
 */
public final class RandomBoxCrop implements DetectionTransform {

    /** Default {@code minSide}: 2 pixels. */
    public static final float DEFAULT_MIN_SIDE = 2;

    /** Default {@code minAreaFraction}: 0.25. */
    public static final double DEFAULT_MIN_AREA_FRACTION = 0.25;

    private final int height;
    private final int width;
    private final float minSide;
    private final double minAreaFraction;

    /**
     * With the default thresholds (2 px, a quarter of the area).
     *
     * @param height window rows, at least 1
     * @param width window columns, at least 1
     */
    public RandomBoxCrop(int height, int width) {
        this(height, width, DEFAULT_MIN_SIDE, DEFAULT_MIN_AREA_FRACTION);
    }

    /**
     * @param height window rows, at least 1
     * @param width window columns, at least 1
     * @param minSide smallest width and height in pixels a clipped box keeps, at least 0
     * @param minAreaFraction smallest fraction of its area a clipped box keeps, in [0, 1]
     * @throws IllegalArgumentException if a value is out of range
     */
    public RandomBoxCrop(int height, int width, float minSide, double minAreaFraction) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "crop size must be positive, got " + height + "x" + width);
        }
        if (!(minSide >= 0) || Float.isInfinite(minSide)) {
            throw new IllegalArgumentException("minSide must be a finite number >= 0, got " + minSide);
        }
        if (!(minAreaFraction >= 0 && minAreaFraction <= 1)) {
            throw new IllegalArgumentException(
                    "minAreaFraction must be in [0, 1], got " + minAreaFraction);
        }
        this.height = height;
        this.width = width;
        this.minSide = minSide;
        this.minAreaFraction = minAreaFraction;
    }

    @Override
    public DetectionSample apply(DetectionSample sample, SplittableRandom rng) {
        int ph = Math.max(sample.height(), height);
        int pw = Math.max(sample.width(), width);
        int top = rng.nextInt(ph - height + 1);
        int left = rng.nextInt(pw - width + 1);
        if (sample.height() == height && sample.width() == width) {
            return sample;
        }
        Image image = Crops.crop(sample.image(), top, left, height, width);
        List<BoxAnnotation> boxes = new ArrayList<>(sample.boxes().size());
        List<InstanceMask> masks = new ArrayList<>(sample.masks().size());
        for (int i = 0; i < sample.boxes().size(); i++) {
            BoxAnnotation b = sample.boxes().get(i);
            BoxAnnotation c = b.cropped(left, top, width, height);
            if (c != null && c.width() >= minSide && c.height() >= minSide
                    && c.area() >= minAreaFraction * b.area()) {
                boxes.add(c);
                if (sample.hasMasks()) {
                    masks.add(sample.masks().get(i).cropped(top, left, height, width));
                }
            }
        }
        return sample.with(image, boxes, masks, 1, 1);
    }
}
