package dev.hsresnet.vision.instance;

/**
 * A binary instance mask over a whole image, row-major: pixel {@code (x, y)} is {@code
 * pixels[y * width + x]}, 1 for the object and 0 for the rest. One byte per pixel.
 *
 * @param width the image's width in pixels, positive
 * @param height the image's height in pixels, positive
 * @param pixels {@code width * height} bytes, each 0 or 1 (held, not copied)
 */
public record InstanceMask(int width, int height, byte[] pixels) {

    /** Checks the size. */
    public InstanceMask {
        if (width < 1 || height < 1 || pixels == null || pixels.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " mask needs "
                    + (long) width * height + " pixels, got "
                    + (pixels == null ? "none" : pixels.length));
        }
    }

    /**
     * @param x column, {@code [0, width)}
     * @param y row, {@code [0, height)}
     * @return whether the pixel belongs to the object
     */
    public boolean get(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside the "
                    + width + "x" + height + " mask");
        }
        return pixels[y * width + x] != 0;
    }

    /** @return the object's pixels */
    public long area() {
        long n = 0;
        for (byte b : pixels) {
            n += b;
        }
        return n;
    }
}
