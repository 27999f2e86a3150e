package dev.hsresnet.core.engine;

/**
 * One convolution the self-test checks ({@link EnginePathSelfTest}): shape, batch, input size,
 * input memory layout, and why it is checked.
 *
 * @param family why: a known-failure family of docs/engine.md, or the networks that use it
 * @param in input channels
 * @param out output channels
 * @param kernel kernel size
 * @param stride stride
 * @param dilation dilation (1: none)
 * @param batch batch size (1 takes another libtorch path than the batches of training)
 * @param size input height and width
 * @param channelsLastInput whether the input's memory is NHWC (the network's layout is NCHW)
 */
public record SelfTestCase(
        String family, int in, int out, int kernel, int stride, int dilation, int batch, int size,
        boolean channelsLastInput) {

    /** @return e.g. {@code 24->36 3x3/1 batch 2 at 9x9}, {@code channels-last input} appended */
    public String label() {
        return in + "->" + out + " " + kernel + "x" + kernel + "/" + stride
                + (dilation > 1 ? " dilation " + dilation : "") + " batch " + batch
                + " at " + size + "x" + size + (channelsLastInput ? " channels-last input" : "");
    }

    /** @return multiply-accumulates of the forward pass */
    long macs() {
        long o = (size - 1L) / stride + 1; // padding dilation * (kernel / 2) keeps the size
        return (long) batch * out * in * kernel * kernel * o * o;
    }
}
