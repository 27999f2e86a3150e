package dev.hsresnet.data;

import java.util.SplittableRandom;

/** Per-channel standardisation: {@code out = (in - mean[c]) / std[c]}. Deterministic. */
public final class Normalize implements Transform {

    private final float[] mean;
    private final float[] std;

    /**
     * @param mean per-channel mean, in the [0, 1] scale of decoded images
     * @param std per-channel standard deviation, each positive; same length as {@code mean}
     */
    public Normalize(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException(
                    "mean and std need the same non-zero length, got " + mean.length + ", " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + s);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** @return CIFAR-10 train-set statistics, mean (0.4914, 0.4822, 0.4465), std (0.2470, 0.2435, 0.2616) */
    public static Normalize cifar10() {
        return new Normalize(
                new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});
    }

    /** @return ImageNet statistics, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225) */
    public static Normalize imagenet() {
        return new Normalize(
                new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    }

    /** @return Fashion-MNIST train-set statistics, mean 0.2860, std 0.3530 (one channel) */
    public static Normalize fashionMnist() {
        return new Normalize(new float[] {0.2860f}, new float[] {0.3530f});
    }

    /**
     * @throws IllegalArgumentException if the image's channel count differs from the statistics'
     */
    @Override
    public Image apply(Image image, SplittableRandom rng) {
        if (image.channels() != mean.length) {
            throw new IllegalArgumentException(
                    "Normalize has " + mean.length + " channels, image has " + image.channels());
        }
        int plane = image.height() * image.width();
        float[] in = image.pixels();
        float[] out = new float[in.length];
        for (int c = 0; c < mean.length; c++) {
            float m = mean[c];
            float inv = 1f / std[c];
            for (int i = c * plane, end = i + plane; i < end; i++) {
                out[i] = (in[i] - m) * inv;
            }
        }
        return new Image(image.channels(), image.height(), image.width(), out);
    }
}
