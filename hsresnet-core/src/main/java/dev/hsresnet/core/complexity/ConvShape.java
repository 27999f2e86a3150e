package dev.hsresnet.core.complexity;

/**
 * The shape of one square convolution without bias, padding {@code kernel / 2}, as a network uses
 * it ({@link Complexity#convShapes}).
 *
 * @param in input channels
 * @param out output channels
 * @param kernel kernel size
 * @param stride stride
 */
public record ConvShape(int in, int out, int kernel, int stride) {

    /** @return e.g. {@code 24->36 3x3/1} */
    @Override
    public String toString() {
        return in + "->" + out + " " + kernel + "x" + kernel + "/" + stride;
    }
}
