package dev.hsresnet.data.mask;

import java.util.Arrays;

/**
 * One object's binary mask over a whole image: {@code height x width} pixels, each in or out.
 *
 * <p>Layout: pixels are numbered row-major, pixel {@code (y, x)} (0-based row, column) is number
 * {@code y * width + x}, and pixel number {@code i} is bit {@code i % 64} (least significant
 * first) of word {@code i / 64} of a {@code long[]} of {@code ceil(height * width / 64)} words;
 * the bits after the last pixel are 0. So a mask costs {@code height * width / 8} bytes (a
 * 1333 x 800 mask: 133 kB). The constructors take row-major arrays, one value per pixel; COCO's
 * RLE counts runs in column-major order, so {@link #fromColumnMajor} converts that layout.
 *
 * <p>Immutable and thread-safe: the constructors copy, and the geometric operations ({@link
 * #resizedNearest}, {@link #cropped}, {@link #flippedHorizontally}) return new masks, or this
 * mask when nothing changes. They mirror the image operations of the detection transforms
 * pixel for pixel. {@link #equals} compares the sizes and every pixel.
 */
public final class InstanceMask {

    private final int height;
    private final int width;
    private final long[] bits;

    private InstanceMask(int height, int width, long[] bits) {
        this.height = height;
        this.width = width;
        this.bits = bits;
    }

    /**
     * A mask from one byte per pixel, row-major; any non-zero byte is a pixel of the object.
     *
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @param rowMajor {@code height * width} bytes, index {@code y * width + x}
     * @throws IllegalArgumentException if a side is not positive or the array length is not
     *     {@code height * width}
     * @throws NullPointerException if {@code rowMajor} is null
     */
    public InstanceMask(int height, int width, byte[] rowMajor) {
        this(height, width, words(check(height, width, rowMajor.length)));
        for (int i = 0; i < rowMajor.length; i++) {
            if (rowMajor[i] != 0) {
                set(bits, i);
            }
        }
    }

    /**
     * A mask from one boolean per pixel, row-major.
     *
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @param rowMajor {@code height * width} values, index {@code y * width + x}
     * @throws IllegalArgumentException if a side is not positive or the array length is not
     *     {@code height * width}
     * @throws NullPointerException if {@code rowMajor} is null
     */
    public InstanceMask(int height, int width, boolean[] rowMajor) {
        this(height, width, words(check(height, width, rowMajor.length)));
        for (int i = 0; i < rowMajor.length; i++) {
            if (rowMajor[i]) {
                set(bits, i);
            }
        }
    }

    /**
     * A mask from one byte per pixel in column-major order (index {@code x * height + y}), the
     * order in which COCO's RLE runs are counted; any non-zero byte is a pixel of the object.
     *
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @param columnMajor {@code height * width} bytes
     * @return the mask
     * @throws IllegalArgumentException if a side is not positive or the array length is not
     *     {@code height * width}
     */
    public static InstanceMask fromColumnMajor(int height, int width, byte[] columnMajor) {
        long[] w = words(check(height, width, columnMajor.length));
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                if (columnMajor[x * height + y] != 0) {
                    set(w, y * width + x);
                }
            }
        }
        return new InstanceMask(height, width, w);
    }

    /**
     * The bitmap of a COCO run-length mask: the same pixels, the same size.
     *
     * @param rle the mask, at least 1 x 1
     * @return the bitmap; {@code Rle.of(InstanceMask.of(r)).equals(r)} holds
     * @throws IllegalArgumentException if a side of the mask is 0 (an {@code InstanceMask} has
     *     at least one pixel)
     */
    public static InstanceMask of(Rle rle) {
        java.util.Objects.requireNonNull(rle, "rle");
        long[] w = words(check(rle.height(), rle.width(), (long) rle.height() * rle.width()));
        int height = rle.height();
        int width = rle.width();
        int[] counts = rle.counts();
        long position = 0;
        for (int i = 0; i < counts.length; i++) {
            if (i % 2 == 1) {
                for (long p = position; p < position + counts[i]; p++) {
                    int x = (int) (p / height);
                    int y = (int) (p % height);
                    set(w, y * width + x);
                }
            }
            position += counts[i];
        }
        return new InstanceMask(height, width, w);
    }

    /**
     * The pixels of an instance-id map that hold one value (Penn-Fudan's {@code PedMasks}: 0 is
     * background, {@code k} the {@code k}-th object).
     *
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @param labels {@code height * width} ids, row-major
     * @param value the object's id
     * @return the mask of the pixels equal to {@code value}
     * @throws IllegalArgumentException if a side is not positive or the array length is not
     *     {@code height * width}
     */
    public static InstanceMask ofLabel(int height, int width, int[] labels, int value) {
        long[] w = words(check(height, width, labels.length));
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == value) {
                set(w, i);
            }
        }
        return new InstanceMask(height, width, w);
    }

    /**
     * The pixels of the rectangle {@code [x1, x2) x [y1, y2)} (columns, rows), clipped to the
     * mask: the pixels a box {@code [x1, x2] x [y1, y2]} with whole-pixel corners covers.
     *
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @param x1 first column
     * @param y1 first row
     * @param x2 column after the last
     * @param y2 row after the last
     * @return the mask (empty when the rectangle misses the mask)
     * @throws IllegalArgumentException if a side is not positive
     */
    public static InstanceMask rectangle(int height, int width, int x1, int y1, int x2, int y2) {
        long[] w = words(check(height, width, (long) height * width));
        for (int y = Math.max(0, y1); y < Math.min(height, y2); y++) {
            for (int x = Math.max(0, x1); x < Math.min(width, x2); x++) {
                set(w, y * width + x);
            }
        }
        return new InstanceMask(height, width, w);
    }

    /**
     * A mask with no pixel set.
     *
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @return the empty mask
     * @throws IllegalArgumentException if a side is not positive
     */
    public static InstanceMask empty(int height, int width) {
        return new InstanceMask(height, width, words(check(height, width,
                (long) height * width)));
    }

    /** @return rows */
    public int height() {
        return height;
    }

    /** @return columns */
    public int width() {
        return width;
    }

    /**
     * @param y row, in {@code [0, height)}
     * @param x column, in {@code [0, width)}
     * @return whether pixel {@code (y, x)} belongs to the object
     * @throws IndexOutOfBoundsException naming the pixel if it lies outside the mask
     */
    public boolean get(int y, int x) {
        if (y < 0 || y >= height || x < 0 || x >= width) {
            throw new IndexOutOfBoundsException("pixel (y=" + y + ", x=" + x + ") outside the "
                    + height + "x" + width + " mask");
        }
        return test(bits, y * width + x);
    }

    /** @return the number of pixels of the object */
    public int area() {
        int n = 0;
        for (long w : bits) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** @return true when no pixel is set */
    public boolean isEmpty() {
        for (long w : bits) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The tightest box around the object in continuous pixel coordinates (pixel {@code (y, x)}
     * covers {@code [x, x + 1] x [y, y + 1]}, as {@code BoxAnnotation}): {@code {x1, y1, x2, y2}}
     * with {@code x1} the first column holding a pixel and {@code x2} one past the last.
     *
     * @return the four edges, or null for an empty mask
     */
    public int[] bounds() {
        int x1 = Integer.MAX_VALUE;
        int y1 = Integer.MAX_VALUE;
        int x2 = -1;
        int y2 = -1;
        for (int k = 0; k < bits.length; k++) {
            long word = bits[k];
            while (word != 0) {
                int i = k * 64 + Long.numberOfTrailingZeros(word);
                word &= word - 1;
                int y = i / width;
                int x = i - y * width;
                x1 = Math.min(x1, x);
                y1 = Math.min(y1, y);
                x2 = Math.max(x2, x + 1);
                y2 = Math.max(y2, y + 1);
            }
        }
        return x2 < 0 ? null : new int[] {x1, y1, x2, y2};
    }

    /** @return one byte per pixel, row-major: 1 for the object, 0 elsewhere (a new array) */
    public byte[] toBytes() {
        byte[] out = new byte[height * width];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (test(bits, i) ? 1 : 0);
        }
        return out;
    }

    /**
     * Nearest-neighbour resize with pixel centres aligned like {@link dev.hsresnet.data.Bilinear}
     * (and segmentation's label masks): output row {@code o} takes source row {@code floor((o +
     * 0.5) * height / outHeight)}, and likewise for columns (PIL's NEAREST, PyTorch's {@code
     * "nearest-exact"}), in exact integer arithmetic.
     *
     * @param outHeight rows of the result, at least 1
     * @param outWidth columns of the result, at least 1
     * @return the resized mask, or this mask when the size is unchanged
     * @throws IllegalArgumentException if a side is not positive or the result holds more pixels
     *     than one array
     */
    public InstanceMask resizedNearest(int outHeight, int outWidth) {
        long pixels = check(outHeight, outWidth, (long) outHeight * outWidth);
        if (outHeight == height && outWidth == width) {
            return this;
        }
        long[] out = words(pixels);
        int[] xs = new int[outWidth];
        for (int o = 0; o < outWidth; o++) {
            xs[o] = (int) Math.min(width - 1, ((2L * o + 1) * width) / (2L * outWidth));
        }
        for (int oy = 0; oy < outHeight; oy++) {
            int sy = (int) Math.min(height - 1, ((2L * oy + 1) * height) / (2L * outHeight));
            int row = sy * width;
            int orow = oy * outWidth;
            for (int ox = 0; ox < outWidth; ox++) {
                if (test(bits, row + xs[ox])) {
                    set(out, orow + ox);
                }
            }
        }
        return new InstanceMask(outHeight, outWidth, out);
    }

    /**
     * The window of rows {@code [top, top + outHeight)} and columns {@code [left, left +
     * outWidth)}; window pixels outside this mask are 0 (the padding of {@link
     * dev.hsresnet.data.Crops#crop}).
     *
     * @param top the window's first row (may be negative or past the mask)
     * @param left the window's first column
     * @param outHeight window rows, at least 1
     * @param outWidth window columns, at least 1
     * @return the cropped mask, or this mask when the window is the whole mask
     * @throws IllegalArgumentException if a window side is not positive
     */
    public InstanceMask cropped(int top, int left, int outHeight, int outWidth) {
        long pixels = check(outHeight, outWidth, (long) outHeight * outWidth);
        if (top == 0 && left == 0 && outHeight == height && outWidth == width) {
            return this;
        }
        long[] out = words(pixels);
        int x0 = Math.max(0, left);
        int x1 = (int) Math.min(width, (long) left + outWidth);
        for (int y = 0; y < outHeight; y++) {
            long sy = (long) top + y;
            if (sy < 0 || sy >= height) {
                continue;
            }
            int row = (int) sy * width;
            int orow = y * outWidth - left;
            for (int x = x0; x < x1; x++) {
                if (test(bits, row + x)) {
                    set(out, orow + x);
                }
            }
        }
        return new InstanceMask(outHeight, outWidth, out);
    }

    /** @return the mask mirrored left to right: column {@code x} becomes {@code width - 1 - x} */
    public InstanceMask flippedHorizontally() {
        long[] out = new long[bits.length];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                if (test(bits, row + x)) {
                    set(out, row + width - 1 - x);
                }
            }
        }
        return new InstanceMask(height, width, out);
    }

    /**
     * Downsamples by area averaging: cell {@code (cy, cx)} of the result covers rows {@code [cy *
     * stride, (cy + 1) * stride)} and columns {@code [cx * stride, (cx + 1) * stride)} and holds
     * the fraction of its {@code stride * stride} pixels that belong to the object, in [0, 1];
     * pixels of a cell that lie past the mask's last row or column count as 0 (the padding of a
     * batch). At stride 1 the result is the mask as 0 / 1 floats.
     *
     * @param stride cell side in pixels, at least 1
     * @return {@code ceil(height / stride) * ceil(width / stride)} floats, row-major
     * @throws IllegalArgumentException if {@code stride} is not positive
     */
    public float[] areaAverage(int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1, got " + stride);
        }
        int ch = (height + stride - 1) / stride;
        int cw = (width + stride - 1) / stride;
        int[] counts = new int[ch * cw];
        for (int k = 0; k < bits.length; k++) {
            long word = bits[k];
            while (word != 0) {
                int i = k * 64 + Long.numberOfTrailingZeros(word);
                word &= word - 1;
                int y = i / width;
                int x = i - y * width;
                counts[(y / stride) * cw + x / stride]++;
            }
        }
        float[] out = new float[counts.length];
        float cell = (float) stride * stride;
        for (int i = 0; i < out.length; i++) {
            out[i] = counts[i] / cell;
        }
        return out;
    }

    /** Two masks are equal when their sizes and all pixels are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceMask m && m.height == height && m.width == width
                && Arrays.equals(m.bits, bits);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(bits);
    }

    /** @return the size and area, e.g. {@code InstanceMask[536x559, 15062 px]} */
    @Override
    public String toString() {
        return "InstanceMask[" + height + "x" + width + ", " + area() + " px]";
    }

    private static long check(int height, int width, long length) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "mask dimensions must be positive, got " + height + "x" + width);
        }
        long n = (long) height * width;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "a " + height + "x" + width + " mask holds more pixels than one array");
        }
        if (length != n) {
            throw new IllegalArgumentException("mask array has " + length + " values, expected "
                    + n + " for " + height + "x" + width + " (height x width)");
        }
        return n;
    }

    private static long[] words(long pixels) {
        return new long[(int) ((pixels + 63) / 64)];
    }

    private static void set(long[] w, int i) {
        w[i >>> 6] |= 1L << i;
    }

    private static boolean test(long[] w, int i) {
        return (w[i >>> 6] & (1L << i)) != 0;
    }
}
