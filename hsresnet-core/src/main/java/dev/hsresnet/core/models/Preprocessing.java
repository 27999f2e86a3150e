package dev.hsresnet.core.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.spec.SpecLimits;
import dev.hsresnet.core.text.Printable;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How images are turned into the network's input, saved with every model so prediction applies
 * what training used. Evaluation: resize the short side to {@link #resizeSize()} with {@code
 * interpolation}, center-crop {@code size x size}, scale to [0, 1], subtract {@code mean} and divide
 * by {@code std} per channel.
 *
 * @param size input height and width in pixels, 1 to {@value SpecLimits#MAX_INPUT_SIZE}
 * @param cropPct fraction of the resized image the center crop keeps, {@value #MIN_CROP_PCT} to 1
 *     (0.875 for ImageNet, 1.0 when the image is used whole); the bounds keep the resized short
 *     side {@code size / cropPct} at most 8192 pixels
 * @param interpolation {@code bilinear}, {@code bicubic} or {@code nearest}
 * @param mean per-channel mean of [0, 1] pixel values, one per input channel, finite
 * @param std per-channel standard deviation, one per input channel, finite and positive
 */
public record Preprocessing(
        int size, double cropPct, String interpolation, List<Double> mean, List<Double> std) {

    /** ImageNet statistics. */
    public static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);

    /** ImageNet statistics. */
    public static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

    /** CIFAR-10 training-set statistics. */
    public static final List<Double> CIFAR_MEAN = List.of(0.4914, 0.4822, 0.4465);

    /** CIFAR-10 training-set statistics. */
    public static final List<Double> CIFAR_STD = List.of(0.2470, 0.2435, 0.2616);

    /** Smallest {@link #cropPct()} (timm's models use 0.75 to 1). */
    public static final double MIN_CROP_PCT = 0.5;

    /** Validates every field: {@link InvalidFieldException} naming the bad one. */
    @JsonCreator
    public Preprocessing(
            @JsonProperty(value = "size", required = true) int size,
            @JsonProperty(value = "cropPct", required = true) double cropPct,
            @JsonProperty(value = "interpolation", required = true) String interpolation,
            @JsonProperty(value = "mean", required = true) List<Double> mean,
            @JsonProperty(value = "std", required = true) List<Double> std) {
        SpecLimits.inRange("size", size, 1, SpecLimits.MAX_INPUT_SIZE);
        if (!(cropPct >= MIN_CROP_PCT && cropPct <= 1)) {
            throw new InvalidFieldException("cropPct", "must be in " + MIN_CROP_PCT + "..1, got "
                    + cropPct);
        }
        if (!List.of("bilinear", "bicubic", "nearest").contains(interpolation)) {
            throw new InvalidFieldException("interpolation", "must be bilinear, bicubic or "
                    + "nearest, got '" + Printable.escape(interpolation) + "'");
        }
        if (mean == null || std == null || mean.isEmpty() || mean.size() != std.size()
                || mean.size() > SpecLimits.MAX_IN_CHANNELS) {
            throw new InvalidFieldException("mean", "mean and std need one value per channel "
                    + "(1.." + SpecLimits.MAX_IN_CHANNELS + "), got "
                    + (mean == null ? "none" : mean.size()) + " and "
                    + (std == null ? "none" : std.size()));
        }
        for (int c = 0; c < mean.size(); c++) {
            if (mean.get(c) == null || !Double.isFinite(mean.get(c))) {
                throw new InvalidFieldException("mean[" + c + "]", "must be a finite number, got "
                        + mean.get(c));
            }
            if (std.get(c) == null || !Double.isFinite(std.get(c)) || !(std.get(c) > 0)) {
                throw new InvalidFieldException("std[" + c + "]", "must be a finite number > 0, got "
                        + std.get(c));
            }
        }
        this.size = size;
        this.cropPct = cropPct;
        this.interpolation = interpolation;
        this.mean = List.copyOf(mean);
        this.std = List.copyOf(std);
    }

    /** ImageNet defaults at {@code size} (crop 0.875, bicubic). */
    public static Preprocessing imagenet(int size) {
        return new Preprocessing(size, 0.875, "bicubic", IMAGENET_MEAN, IMAGENET_STD);
    }

    /** CIFAR-10 defaults: 32x32 whole image, CIFAR statistics. */
    public static Preprocessing cifar() {
        return new Preprocessing(32, 1.0, "bilinear", CIFAR_MEAN, CIFAR_STD);
    }

    /** @return the short side the image is resized to before the center crop */
    public int resizeSize() {
        return (int) Math.floor(size / cropPct);
    }

    /** @return the number of channels the statistics describe */
    public int channels() {
        return mean.size();
    }

    /**
     * Adapts the statistics to another number of input channels: one channel takes the average
     * of the others (a grayscale image of the same data); other counts repeat the statistics
     * cyclically.
     *
     * @param channels input channels of the network
     * @return preprocessing with {@code channels} statistics
     */
    public Preprocessing forChannels(int channels) {
        if (channels == channels()) {
            return this;
        }
        if (channels == 1) {
            return new Preprocessing(size, cropPct, interpolation,
                    List.of(average(mean)), List.of(average(std)));
        }
        return new Preprocessing(size, cropPct, interpolation, cycle(mean, channels),
                cycle(std, channels));
    }

    /** @return a copy for another input size, keeping the crop fraction */
    public Preprocessing withSize(int newSize) {
        return new Preprocessing(newSize, cropPct, interpolation, mean, std);
    }

    private static double average(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static List<Double> cycle(List<Double> values, int n) {
        return IntStream.range(0, n).mapToObj(i -> values.get(i % values.size())).toList();
    }
}
