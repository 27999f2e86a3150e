package dev.hsresnet.data;

import java.util.SplittableRandom;

/**
 * torchvision's {@code RandomResizedCrop}: picks a box covering a random fraction of the image
 * area (scale) with a random aspect ratio (log-uniform), then resizes it bilinearly to {@code
 * size x size}.
 *
 * <p>Up to 10 attempts draw {@code area * U(scaleMin, scaleMax)} and {@code exp(U(log
 * ratioMin, log ratioMax))}, round width and height half-to-even (Python's {@code round}) and
 * accept the first box that fits, at a uniform random position. If none fits, the fallback is a
 * centre crop: the whole image, or the largest centred box whose ratio is clamped into the ratio
 * range. Ratio means width / height.
 */
public final class RandomResizedCrop implements Transform {

    private final int size;
    private final double scaleMin;
    private final double scaleMax;
    private final double logRatioMin;
    private final double logRatioMax;
    private final double ratioMin;
    private final double ratioMax;

    /**
     * The usual ImageNet setting: scale 0.08..1, ratio 3/4..4/3.
     *
     * @param size output height and width in pixels
     */
    public RandomResizedCrop(int size) {
        this(size, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
    }

    /**
     * @param size output height and width in pixels, at least 1
     * @param scaleMin smallest area fraction, in (0, scaleMax]
     * @param scaleMax largest area fraction
     * @param ratioMin smallest width/height ratio, positive
     * @param ratioMax largest width/height ratio, at least ratioMin
     */
    public RandomResizedCrop(
            int size, double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        if (!(scaleMin > 0 && scaleMin <= scaleMax)) {
            throw new IllegalArgumentException("need 0 < scaleMin <= scaleMax, got "
                    + scaleMin + ", " + scaleMax);
        }
        if (!(ratioMin > 0 && ratioMin <= ratioMax)) {
            throw new IllegalArgumentException("need 0 < ratioMin <= ratioMax, got "
                    + ratioMin + ", " + ratioMax);
        }
        this.size = size;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.ratioMin = ratioMin;
        this.ratioMax = ratioMax;
        this.logRatioMin = Math.log(ratioMin);
        this.logRatioMax = Math.log(ratioMax);
    }

    /**
     * Draws a crop box as torchvision's {@code RandomResizedCrop.get_params} does.
     *
     * @param height image height
     * @param width image width
     * @param rng generator
     * @return {@code {top, left, boxHeight, boxWidth}} in pixels, inside the image
     */
    public int[] sampleBox(int height, int width, SplittableRandom rng) {
        double area = (double) height * width;
        for (int attempt = 0; attempt < 10; attempt++) {
            double targetArea = area * (scaleMin + (scaleMax - scaleMin) * rng.nextDouble());
            double aspect = Math.exp(logRatioMin + (logRatioMax - logRatioMin) * rng.nextDouble());
            int w = (int) Math.rint(Math.sqrt(targetArea * aspect));
            int h = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                return new int[] {top, left, h, w};
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < ratioMin) {
            w = width;
            h = (int) Math.rint(w / ratioMin);
        } else if (inRatio > ratioMax) {
            h = height;
            w = (int) Math.rint(h * ratioMax);
        } else {
            w = width;
            h = height;
        }
        return new int[] {(height - h) / 2, (width - w) / 2, h, w};
    }

    @Override
    public Image apply(Image image, SplittableRandom rng) {
        int[] box = sampleBox(image.height(), image.width(), rng);
        return Bilinear.resize(Crops.crop(image, box[0], box[1], box[2], box[3]), size, size);
    }
}
