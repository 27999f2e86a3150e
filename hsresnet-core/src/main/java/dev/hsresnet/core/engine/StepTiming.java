package dev.hsresnet.core.engine;

/**
 * Median training-step times of the two paths, measured alternately in one child JVM.
 *
 * @param network what was trained, e.g. {@code hs_resnet29_cifar batch 8 at 32x32}
 * @param steps measured steps per path (after warm-up)
 * @param standardMillis median step on {@link ConvPath#STANDARD}
 * @param channelsLastMillis median step on {@link ConvPath#CHANNELS_LAST}
 */
public record StepTiming(
        String network, int steps, double standardMillis, double channelsLastMillis) {

    /** @return the faster path (standard when equal: it needs no layout changes) */
    public ConvPath faster() {
        return standardMillis <= channelsLastMillis ? ConvPath.STANDARD : ConvPath.CHANNELS_LAST;
    }
}
