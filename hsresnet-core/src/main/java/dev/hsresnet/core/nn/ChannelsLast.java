package dev.hsresnet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Channels-last (NHWC in memory) views of NCHW arrays, the layout of {@link
 * dev.hsresnet.core.engine.ConvPath#CHANNELS_LAST}, the convolution path of the AMD build machines.
 *
 * <p>Why: on CPUs whose cache sizes the hypervisor hides (this project's build machines), the
 * oneDNN shipped with libtorch 2.7.1 computes wrong results for NCHW 3x3 convolutions whose input
 * channels are above 16 and not a multiple of 16 (forward) or whose output channels are not a
 * multiple of 16 (backward), and kills the process with SIGFPE when it plans a channels-last 1x1
 * convolution; channels-last 3x3 convolutions and matrix products are correct (docs/engine.md has
 * the measurements). So 3x3 convolutions take channels-last input and 1x1 convolutions are matrix
 * products on the channels-last data, which keeps the whole network in one layout.
 *
 * <p>DJL cannot ask for a memory format, but a shape change forces one: {@code (N, C, H, W) ->
 * transpose -> (N, H, W, C) -> reshape} copies only when the memory is not already NHWC, so
 * {@link #of} is a few views for an array that already is channels-last.
 */
public final class ChannelsLast {

    private ChannelsLast() {}

    /**
     * @param x {@code (N, C, H, W)} in any memory layout
     * @return the same values as an {@code (N, C, H, W)} array whose memory is NHWC-contiguous;
     *     differentiable
     */
    public static NDArray of(NDArray x) {
        return fromNhwc(nhwc(x));
    }

    /**
     * @param x {@code (N, C, H, W)} in any memory layout
     * @return {@code (N, H, W, C)}, contiguous
     */
    static NDArray nhwc(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 3, 1).reshape(s.get(0), s.get(2) * s.get(3) * s.get(1))
                .reshape(s.get(0), s.get(2), s.get(3), s.get(1));
    }

    /**
     * @param nhwc {@code (N, H, W, C)}, contiguous
     * @return the {@code (N, C, H, W)} view of it
     */
    static NDArray fromNhwc(NDArray nhwc) {
        return nhwc.transpose(0, 3, 1, 2);
    }
}
