package dev.hsresnet.data.segmentation;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.Transform;
import java.util.SplittableRandom;

/**
 * Random brightness, contrast and saturation of the image, torchvision's {@code ColorJitter}
 * arithmetic in a fixed order (brightness, contrast, saturation); the mask is untouched. Runs on
 * images in [0, 1] (before normalization); every step clamps its result to [0, 1].
 *
 * <p>Three factors are drawn per sample, always, in this order: brightness {@code fb}, contrast
 * {@code fc}, saturation {@code fs}, each uniform in {@code [1 - x, 1 + x)} for its strength
 * {@code x}. With the luma {@code L = 0.299 R + 0.587 G + 0.114 B} (the plane itself for a
 * one-channel image):
 *
 * <ul>
 *   <li>brightness: {@code v * fb};
 *   <li>contrast: {@code fc * v + (1 - fc) * m}, {@code m} the mean luma of the whole image;
 *   <li>saturation: {@code fs * v + (1 - fs) * L} per pixel (no change for one channel).
 * </ul>
 *
 * <p>Also an image {@link Transform} (same draws and arithmetic), so that other tasks, e.g. the
 * detection transforms, can jitter an image without a mask.
 */
public final class PhotometricJitter implements JointTransform, Transform {

    private final double brightness;
    private final double contrast;
    private final double saturation;

    /**
     * @param brightness strength in [0, 1] (0 = off)
     * @param contrast strength in [0, 1]
     * @param saturation strength in [0, 1]
     * @throws IllegalArgumentException if a strength is outside [0, 1]
     */
    public PhotometricJitter(double brightness, double contrast, double saturation) {
        check("brightness", brightness);
        check("contrast", contrast);
        check("saturation", saturation);
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
    }

    private static void check(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }

    /**
     * @throws IllegalArgumentException if the image has neither 1 nor 3 channels
     */
    @Override
    public SegmentationSample apply(SegmentationSample sample, SplittableRandom rng) {
        Image out = apply(sample.image(), rng);
        return out == sample.image() ? sample : new SegmentationSample(out, sample.mask());
    }

    /**
     * Jitters one image (the three draws as for a sample).
     *
     * @param img the image, values in [0, 1]
     * @param rng the sample's generator
     * @return the jittered image, or {@code img} itself when every factor is 1
     * @throws IllegalArgumentException if the image has neither 1 nor 3 channels
     */
    @Override
    public Image apply(Image img, SplittableRandom rng) {
        double fb = factor(brightness, rng);
        double fc = factor(contrast, rng);
        double fs = factor(saturation, rng);
        int channels = img.channels();
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(
                    "PhotometricJitter needs 1 or 3 channels, got " + channels);
        }
        if (fb == 1 && fc == 1 && fs == 1) {
            return img;
        }
        int plane = img.height() * img.width();
        float[] v = img.pixels().clone();
        if (fb != 1) {
            float f = (float) fb;
            for (int i = 0; i < v.length; i++) {
                v[i] = clamp(v[i] * f);
            }
        }
        if (fc != 1) {
            double sum = 0;
            for (int i = 0; i < plane; i++) {
                sum += luma(v, i, plane, channels);
            }
            float m = (float) (sum / plane);
            float f = (float) fc;
            for (int i = 0; i < v.length; i++) {
                v[i] = clamp(f * v[i] + (1 - f) * m);
            }
        }
        if (fs != 1 && channels == 3) {
            float f = (float) fs;
            for (int i = 0; i < plane; i++) {
                float l = luma(v, i, plane, channels);
                for (int c = 0; c < 3; c++) {
                    int k = c * plane + i;
                    v[k] = clamp(f * v[k] + (1 - f) * l);
                }
            }
        }
        return new Image(channels, img.height(), img.width(), v);
    }

    private static double factor(double strength, SplittableRandom rng) {
        double u = rng.nextDouble();
        return strength == 0 ? 1 : 1 - strength + 2 * strength * u;
    }

    private static float luma(float[] v, int i, int plane, int channels) {
        return channels == 1
                ? v[i]
                : 0.299f * v[i] + 0.587f * v[plane + i] + 0.114f * v[2 * plane + i];
    }

    private static float clamp(float x) {
        return x < 0 ? 0 : x > 1 ? 1 : x;
    }
}
