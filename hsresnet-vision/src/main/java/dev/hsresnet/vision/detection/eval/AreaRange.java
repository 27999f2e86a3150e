package dev.hsresnet.vision.detection.eval;

/**
 * COCO's object-size ranges, on the annotation's area in square pixels, with pycocotools' bounds
 * {@code [0, 1e5^2], [0, 32^2], [32^2, 96^2], [96^2, 1e5^2]}. Both bounds are inclusive (an area
 * is outside only if {@code area < min || area > max}), so an area of exactly {@code 32^2} is both
 * small and medium, and one of exactly {@code 96^2} both medium and large.
 */
public enum AreaRange {
    /** Every object: {@code [0, 1e10]}. */
    ALL("all", 0, 1e10),
    /** {@code [0, 1024]} square pixels. */
    SMALL("small", 0, 32 * 32),
    /** {@code [1024, 9216]} square pixels. */
    MEDIUM("medium", 32 * 32, 96 * 96),
    /** {@code [9216, 1e10]} square pixels. */
    LARGE("large", 96 * 96, 1e10);

    private final String label;
    private final double min;
    private final double max;

    AreaRange(String label, double min, double max) {
        this.label = label;
        this.min = min;
        this.max = max;
    }

    /** @return pycocotools' label: all, small, medium, large */
    public String label() {
        return label;
    }

    /** @return the smallest area in the range, square pixels */
    public double min() {
        return min;
    }

    /** @return the largest area in the range, square pixels */
    public double max() {
        return max;
    }

    /**
     * @param area an area, square pixels
     * @return {@code area < min || area > max}, pycocotools' test for an object outside the range
     */
    public boolean excludes(double area) {
        return area < min || area > max;
    }
}
