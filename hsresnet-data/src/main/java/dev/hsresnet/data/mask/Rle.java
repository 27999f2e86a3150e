package dev.hsresnet.data.mask;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A binary mask of {@code height x width} pixels in COCO's run-length encoding, with
 * pycocotools' conventions: the pixels are scanned in column-major (Fortran) order, pixel
 * {@code (row y, column x)} at position {@code x * height + y}; the counts are the lengths of
 * alternating runs, starting with a run of 0s, which may be 0 long (a mask whose first pixel is
 * set starts with count 0). The counts sum to {@code height * width}.
 *
 * <p>An {@code Rle} keeps its counts canonical: besides the first, no run is 0 long (runs of 0
 * length given to {@link #fromCounts} are dropped and their neighbours joined), so two
 * {@code Rle}s are {@link #equals equal} exactly when their sizes and pixels are. Masks made by
 * pycocotools' {@code encode}, {@code merge} and {@code frPyObjects} are already canonical, and
 * their counts and strings come back unchanged.
 *
 * <p>Area, box, merge and IoU ({@link MaskIou}) work on the runs, in time linear in the number of
 * runs, without a pixel array; only {@link #decode()} makes one. A mask has at most
 * {@code 2^31 - 1} pixels (pycocotools keeps counts in 32 bits). Immutable and thread-safe.
 */
public final class Rle {

    private final int height;
    private final int width;
    private final int[] counts;
    private final long area;
    /** The covered pixels' extremes, inclusive; {@code left > right} for an empty mask. */
    private final int left;
    private final int top;
    private final int right;
    private final int bottom;

    private Rle(int height, int width, int[] counts) {
        this.height = height;
        this.width = width;
        this.counts = counts;
        long sum = 0;
        long position = 0;
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int i = 0; i < counts.length; i++) {
            long start = position;
            position += counts[i];
            if (i % 2 == 1) {
                sum += counts[i];
                long last = position - 1;
                int startColumn = (int) (start / height);
                int lastColumn = (int) (last / height);
                x0 = Math.min(x0, startColumn);
                x1 = Math.max(x1, lastColumn);
                if (startColumn < lastColumn) {
                    // the run wraps from one column's bottom into the next's top
                    y0 = 0;
                    y1 = height - 1;
                } else {
                    y0 = Math.min(y0, (int) (start % height));
                    y1 = Math.max(y1, (int) (last % height));
                }
            }
        }
        this.area = sum;
        this.left = x0;
        this.top = y0;
        this.right = x1;
        this.bottom = y1;
    }

    /** Wraps counts that are already canonical and sum to {@code height * width}. */
    static Rle ofCanonical(int height, int width, int[] counts) {
        return new Rle(height, width, counts);
    }

    /**
     * @return {@code height * width}
     * @throws IllegalArgumentException if a side is negative or the mask would have more than
     *     {@code 2^31 - 1} pixels
     */
    static int pixels(int height, int width) {
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("mask size " + height + "x" + width
                    + " (height x width) has a negative side");
        }
        long n = (long) height * width;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("mask size " + height + "x" + width + " has " + n
                    + " pixels, more than 2^31 - 1");
        }
        return (int) n;
    }

    /**
     * The mask with no pixel set.
     *
     * @param height rows
     * @param width columns
     * @return counts {@code [height * width]}
     * @throws IllegalArgumentException on a bad size (see {@link #encode(boolean[], int, int)})
     */
    public static Rle empty(int height, int width) {
        return new Rle(height, width, new int[] {pixels(height, width)});
    }

    /**
     * Encodes a mask given in <b>row-major</b> order, pixel {@code (y, x)} at index
     * {@code y * width + x} (the order of images and of {@link #decode()}); the runs are taken
     * in COCO's column-major order, as pycocotools' {@code encode} takes them from a Fortran
     * array.
     *
     * @param mask {@code height * width} pixels, row-major; true is set
     * @param height rows, at least 0
     * @param width columns, at least 0
     * @return the mask's encoding
     * @throws IllegalArgumentException if a side is negative, the mask has more than
     *     {@code 2^31 - 1} pixels or {@code mask.length != height * width}
     */
    public static Rle encode(boolean[] mask, int height, int width) {
        Objects.requireNonNull(mask, "mask");
        checkLength(mask.length, height, width);
        RunBuilder runs = new RunBuilder(2 * width + 1);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                runs.add(mask[y * width + x], 1);
            }
        }
        return new Rle(height, width, runs.finish());
    }

    /**
     * Encodes a mask given in <b>row-major</b> order as {@link #encode(boolean[], int, int)}
     * does; a pixel is set when its byte is not 0 (pycocotools expects 0 and 1 only).
     *
     * @param mask {@code height * width} bytes, row-major
     * @param height rows, at least 0
     * @param width columns, at least 0
     * @return the mask's encoding
     * @throws IllegalArgumentException as {@link #encode(boolean[], int, int)}
     */
    public static Rle encode(byte[] mask, int height, int width) {
        Objects.requireNonNull(mask, "mask");
        checkLength(mask.length, height, width);
        RunBuilder runs = new RunBuilder(2 * width + 1);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                runs.add(mask[y * width + x] != 0, 1);
            }
        }
        return new Rle(height, width, runs.finish());
    }

    /**
     * Encodes an {@link InstanceMask} (the data pipeline's bitmap of one object): the same
     * pixels, the same size.
     *
     * @param mask the object's bitmap
     * @return its encoding; {@code InstanceMask.of(Rle.of(m)).equals(m)} holds
     */
    public static Rle of(InstanceMask mask) {
        Objects.requireNonNull(mask, "mask");
        int height = mask.height();
        int width = mask.width();
        pixels(height, width);
        RunBuilder runs = new RunBuilder(2 * width + 1);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                runs.add(mask.get(y, x), 1);
            }
        }
        return new Rle(height, width, runs.finish());
    }

    private static void checkLength(int length, int height, int width) {
        int n = pixels(height, width);
        if (length != n) {
            throw new IllegalArgumentException("mask has " + length + " values, but a " + height
                    + "x" + width + " mask has " + n + " pixels");
        }
    }

    /**
     * A mask from COCO's uncompressed counts ({@code {"size": [h, w], "counts": [...]}} with a
     * list of numbers, as COCO's crowd annotations have): run lengths in column-major order,
     * starting with 0s. Runs of length 0 after the first are accepted and dropped.
     *
     * @param height rows, at least 0
     * @param width columns, at least 0
     * @param counts the run lengths
     * @return the mask
     * @throws IllegalArgumentException on a bad size, a negative count (naming its index and
     *     value), or counts that do not sum to {@code height * width}
     */
    public static Rle fromCounts(int height, int width, int... counts) {
        Objects.requireNonNull(counts, "counts");
        int n = pixels(height, width);
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("RLE count " + i + " is " + counts[i]
                        + ", negative");
            }
            sum += counts[i];
        }
        if (sum != n) {
            throw new IllegalArgumentException("RLE counts sum to " + sum + ", but a " + height
                    + "x" + width + " mask has " + n + " pixels");
        }
        RunBuilder runs = new RunBuilder(counts.length);
        for (int i = 0; i < counts.length; i++) {
            runs.add(i % 2 == 1, counts[i]);
        }
        return new Rle(height, width, runs.finish());
    }

    /**
     * Decodes COCO's compressed counts string (pycocotools' {@code rleFrString}: each count is
     * written in 5-bit groups, least significant first, as characters {@code '0' + group}, with
     * bit 5 set while more groups follow and bit 4 of the last group giving the sign; from the
     * fourth count on, the value is the difference to the count two before).
     *
     * @param counts the {@code counts} string of a COCO RLE object
     * @param height rows, the object's {@code size[0]}
     * @param width columns, the object's {@code size[1]}
     * @return the mask
     * @throws IllegalArgumentException on a character outside {@code '0'..'o'}, a string that
     *     ends inside a count, a count that is negative or beyond 32 bits, or counts that do not
     *     sum to {@code height * width}; the message names the position and the value
     */
    public static Rle fromCocoString(String counts, int height, int width) {
        Objects.requireNonNull(counts, "counts");
        pixels(height, width);
        return fromCounts(height, width, CocoRleString.decode(counts));
    }

    /**
     * Rasterises one COCO polygon as pycocotools' {@code rleFrPoly} does, so that the pixels and
     * the area are the same: a pixel is set when its centre lies inside the polygon as traced on
     * a grid 5 times finer (see {@code PolygonRaster} for the steps).
     *
     * @param xy the vertices {@code x0, y0, x1, y1, ...} in pixels (x to the right, y down, the
     *     image's top-left corner at 0, 0); the polygon is closed from the last vertex to the
     *     first. Two vertices make a line, which covers nothing
     * @param height rows
     * @param width columns
     * @return the polygon's mask
     * @throws IllegalArgumentException on a bad size, an odd or zero number of coordinates, or
     *     a coordinate that is not finite or farther than {@code 1e8} pixels from the origin
     */
    public static Rle fromPolygon(double[] xy, int height, int width) {
        Objects.requireNonNull(xy, "xy");
        pixels(height, width);
        return new Rle(height, width, PolygonRaster.rasterise(xy, height, width));
    }

    /**
     * The union of several polygons' masks, as pycocotools' {@code annToRLE} makes one mask of a
     * COCO {@code segmentation} list (each part rasterised by {@link #fromPolygon}, then merged).
     *
     * @param polygons the parts, each {@code x0, y0, x1, y1, ...}; at least one
     * @param height rows
     * @param width columns
     * @return the union
     * @throws IllegalArgumentException for an empty list, or as {@link #fromPolygon}, naming the
     *     polygon's index
     */
    public static Rle fromPolygons(List<double[]> polygons, int height, int width) {
        Objects.requireNonNull(polygons, "polygons");
        if (polygons.isEmpty()) {
            throw new IllegalArgumentException("no polygon given");
        }
        Rle[] parts = new Rle[polygons.size()];
        for (int i = 0; i < parts.length; i++) {
            try {
                parts[i] = fromPolygon(polygons.get(i), height, width);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("polygon " + i + ": " + e.getMessage(), e);
            }
        }
        return merge(List.of(parts), false);
    }

    /**
     * Rasterises a box as pycocotools' {@code frBbox} does: as the polygon of its four corners
     * {@code (x, y), (x, y + h), (x + w, y + h), (x + w, y)}. A box on whole pixel edges covers
     * exactly its pixels.
     *
     * @param x left edge, pixels
     * @param y top edge, pixels
     * @param boxWidth the box's width, pixels
     * @param boxHeight the box's height, pixels
     * @param height the mask's rows
     * @param width the mask's columns
     * @return the box's mask
     * @throws IllegalArgumentException as {@link #fromPolygon}
     */
    public static Rle fromBox(double x, double y, double boxWidth, double boxHeight, int height,
            int width) {
        double x2 = x + boxWidth;
        double y2 = y + boxHeight;
        return fromPolygon(new double[] {x, y, x, y2, x2, y2, x2, y}, height, width);
    }

    /**
     * Union or intersection of masks of one size (pycocotools' {@code merge}), computed on the
     * runs.
     *
     * @param masks at least one mask, all of the same size
     * @param intersect true for the pixels set in every mask, false for those set in any
     * @return the merged mask; the mask itself when only one is given
     * @throws IllegalArgumentException for an empty list or masks of different sizes (naming
     *     the index and both sizes)
     */
    public static Rle merge(List<Rle> masks, boolean intersect) {
        Objects.requireNonNull(masks, "masks");
        if (masks.isEmpty()) {
            throw new IllegalArgumentException("no mask to merge");
        }
        Rle out = Objects.requireNonNull(masks.get(0), "mask 0");
        for (int i = 1; i < masks.size(); i++) {
            Rle next = Objects.requireNonNull(masks.get(i), "mask " + i);
            if (!out.sameSize(next)) {
                throw new IllegalArgumentException("mask " + i + " is " + next.sizeText()
                        + ", mask 0 is " + out.sizeText() + ": merged masks must have one size");
            }
            out = new Rle(out.height, out.width, RunWalk.merge(out.counts, next.counts,
                    intersect));
        }
        return out;
    }

    /** @return the rows */
    public int height() {
        return height;
    }

    /** @return the columns */
    public int width() {
        return width;
    }

    /** @return a copy of the canonical counts, column-major, starting with a run of 0s */
    public int[] counts() {
        return counts.clone();
    }

    /** @return the number of runs, the length of {@link #counts()} */
    public int runCount() {
        return counts.length;
    }

    /** The counts themselves, for the package's run walks; not to be modified. */
    int[] rawCounts() {
        return counts;
    }

    /** @return the number of set pixels (pycocotools' {@code area}) */
    public long area() {
        return area;
    }

    /** @return the box of the set pixels, {@code (0, 0, 0, 0)} when none is (pycocotools' {@code toBbox}) */
    public MaskBox toBox() {
        if (area == 0) {
            return new MaskBox(0, 0, 0, 0);
        }
        return new MaskBox(left, top, right - left + 1, bottom - top + 1);
    }

    /**
     * @return whether the set pixels' boxes of the two masks share a pixel; false when either
     *     mask is empty. Masks whose boxes share none have no pixel in common
     */
    boolean boxesOverlap(Rle other) {
        return area > 0 && other.area > 0
                && left <= other.right && other.left <= right
                && top <= other.bottom && other.top <= bottom;
    }

    /**
     * @return the pixels in <b>row-major</b> order, pixel {@code (y, x)} at index
     *     {@code y * width + x}; true is set. The only method that makes a pixel array
     */
    public boolean[] decode() {
        boolean[] mask = new boolean[height * width];
        long position = 0;
        for (int i = 0; i < counts.length; i++) {
            if (i % 2 == 1) {
                int x = (int) (position / height);
                int y = (int) (position % height);
                for (int k = 0; k < counts[i]; k++) {
                    mask[y * width + x] = true;
                    if (++y == height) {
                        y = 0;
                        x++;
                    }
                }
            }
            position += counts[i];
        }
        return mask;
    }

    /**
     * @return the counts as COCO's compressed string (pycocotools' {@code rleToString}), the
     *     {@code counts} of {@code {"size": [height, width], "counts": "..."}}
     */
    public String toCocoString() {
        return CocoRleString.encode(counts);
    }

    /** @return whether the other mask has the same height and width */
    public boolean sameSize(Rle other) {
        return height == other.height && width == other.width;
    }

    /** @return {@code "HxW"} */
    String sizeText() {
        return height + "x" + width;
    }

    /** Equal when the sizes and the set pixels are (the counts are canonical). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Rle r && height == r.height && width == r.width
                && Arrays.equals(counts, r.counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(counts);
    }

    /** @return size, run count and area, e.g. {@code Rle[480x640, 37 runs, area 5210]} */
    @Override
    public String toString() {
        return "Rle[" + sizeText() + ", " + counts.length + " runs, area " + area + "]";
    }
}
