package dev.hsresnet.core.complexity;

/**
 * The shape of one square convolution without bias, padding {@code dilation * (kernel / 2)}, as a
 * network uses it ({@link Complexity#convShapes}).
 *
 * @param in input channels
 * @param out output channels
 * @param kernel kernel size
 * @param stride stride
 * @param dilation dilation (1 for none; always 1 for a 1x1)
 */
public record ConvShape(int in, int out, int kernel, int stride, int dilation) {

    /** @return e.g. {@code 24->36 3x3/1}, or {@code 24->36 3x3/1 dilation 2} */
    @Override
    public String toString() {
        return in + "->" + out + " " + kernel + "x" + kernel + "/" + stride
                + (dilation > 1 ? " dilation " + dilation : "");
    }
}
