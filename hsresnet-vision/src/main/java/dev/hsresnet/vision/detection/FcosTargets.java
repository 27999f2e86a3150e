package dev.hsresnet.vision.detection;

/**
 * The FCOS training targets of one image: for every point of a {@link FcosPoints}, its class (or
 * background), its {@code l, t, r, b} regression target and its centerness target.
 *
 * <p>Assignment ({@link #assign}), as torchvision's {@code FCOS.compute_loss} and the FCOS paper
 * define it. With {@code l = px - x1, t = py - y1, r = x2 - px, b = y2 - py}, point {@code p} is a
 * candidate of box {@code j} when all three hold:
 *
 * <ul>
 *   <li>it lies inside the box: {@code min(l, t, r, b) > 0} (on an edge is outside);
 *   <li>it lies in the box's centre region: {@code max(|px - cx|, |py - cy|) < radius * s}, with
 *       {@code (cx, cy)} the box centre and {@code s} the point's stride (radius 1.5);
 *   <li>its level takes the box's size: {@code lower < max(l, t, r, b) <= upper}.
 * </ul>
 *
 * Among several candidate boxes the smallest area {@code (x2 - x1) * (y2 - y1)} (computed in
 * double) wins; on equal areas the box that comes first in the input. A point without candidate
 * is background: label -1, regression and centerness targets 0. A positive point's centerness
 * target is {@code sqrt(min(l, r) / max(l, r) * min(t, b) / max(t, b))}, in float arithmetic.
 *
 * <p>Plain arrays, one pass over points times boxes; an image without boxes is all background.
 */
public final class FcosTargets {

    /** The centre-sampling radius of torchvision and the FCOS paper, in strides. */
    public static final float CENTER_SAMPLING_RADIUS = 1.5f;

    /** The label of a background point. */
    public static final int BACKGROUND = -1;

    private final int[] labels;
    private final float[] boxTargets;
    private final float[] centerness;
    private final int[] matchedBoxes;
    private final int numPositives;

    private FcosTargets(int[] labels, float[] boxTargets, float[] centerness, int[] matchedBoxes,
            int numPositives) {
        this.labels = labels;
        this.boxTargets = boxTargets;
        this.centerness = centerness;
        this.matchedBoxes = matchedBoxes;
        this.numPositives = numPositives;
    }

    /**
     * Assigns with the default centre-sampling radius 1.5.
     *
     * @see #assign(FcosPoints, float[], int[], int, float)
     */
    public static FcosTargets assign(FcosPoints points, float[] boxes, int[] labels,
            int numClasses) {
        return assign(points, boxes, labels, numClasses, CENTER_SAMPLING_RADIUS);
    }

    /**
     * @param points the points of the network's input size
     * @param boxes {@code n * 4} ground-truth boxes {@code x1, y1, x2, y2}, input pixels, finite,
     *     {@code x2 > x1} and {@code y2 > y1} (they may extend past the input)
     * @param labels {@code n} 0-based classes, each in {@code [0, numClasses)}
     * @param numClasses the number of classes (to check the labels)
     * @param radius the centre-sampling radius in strides, positive
     * @return the targets of every point
     * @throws IllegalArgumentException naming the box index and value when a box or label is bad
     */
    public static FcosTargets assign(FcosPoints points, float[] boxes, int[] labels,
            int numClasses, float radius) {
        if (points == null || boxes == null || labels == null) {
            throw new IllegalArgumentException("points, boxes and labels must not be null");
        }
        if (!(radius > 0) || Float.isInfinite(radius)) {
            throw new IllegalArgumentException("centre-sampling radius must be positive and "
                    + "finite, got " + radius);
        }
        int n = labels.length;
        if (boxes.length != 4 * n) {
            throw new IllegalArgumentException("need 4 box coordinates per label: " + n
                    + " labels, " + boxes.length + " coordinates");
        }
        double[] areas = new double[n];
        for (int j = 0; j < n; j++) {
            float x1 = boxes[4 * j];
            float y1 = boxes[4 * j + 1];
            float x2 = boxes[4 * j + 2];
            float y2 = boxes[4 * j + 3];
            if (!Float.isFinite(x1) || !Float.isFinite(y1) || !Float.isFinite(x2)
                    || !Float.isFinite(y2) || !(x2 > x1) || !(y2 > y1)) {
                throw new IllegalArgumentException("box " + j + " [" + x1 + ", " + y1 + ", " + x2
                        + ", " + y2 + "] must be finite with x2 > x1 and y2 > y1");
            }
            if (labels[j] < 0 || labels[j] >= numClasses) {
                throw new IllegalArgumentException("box " + j + " label " + labels[j]
                        + " is not a class in [0, " + numClasses + ")");
            }
            areas[j] = ((double) x2 - x1) * ((double) y2 - y1);
        }
        int count = points.count();
        int[] outLabels = new int[count];
        float[] outBoxes = new float[count * 4];
        float[] outCenterness = new float[count];
        int[] matched = new int[count];
        int positives = 0;
        for (int p = 0; p < count; p++) {
            float px = points.x(p);
            float py = points.y(p);
            int level = points.levelOf(p);
            float reach = radius * points.stride(level);
            float lower = points.lowerBound(level);
            float upper = points.upperBound(level);
            int best = -1;
            for (int j = 0; j < n; j++) {
                float x1 = boxes[4 * j];
                float y1 = boxes[4 * j + 1];
                float x2 = boxes[4 * j + 2];
                float y2 = boxes[4 * j + 3];
                float l = px - x1;
                float t = py - y1;
                float r = x2 - px;
                float b = y2 - py;
                if (!(Math.min(Math.min(l, t), Math.min(r, b)) > 0)) {
                    continue;
                }
                float cx = (x1 + x2) / 2;
                float cy = (y1 + y2) / 2;
                if (!(Math.max(Math.abs(px - cx), Math.abs(py - cy)) < reach)) {
                    continue;
                }
                float m = Math.max(Math.max(l, t), Math.max(r, b));
                if (!(m > lower && m <= upper)) {
                    continue;
                }
                if (best < 0 || areas[j] < areas[best]) {
                    best = j;
                }
            }
            matched[p] = best;
            if (best < 0) {
                outLabels[p] = BACKGROUND;
                continue;
            }
            positives++;
            outLabels[p] = labels[best];
            float l = px - boxes[4 * best];
            float t = py - boxes[4 * best + 1];
            float r = boxes[4 * best + 2] - px;
            float b = boxes[4 * best + 3] - py;
            outBoxes[4 * p] = l;
            outBoxes[4 * p + 1] = t;
            outBoxes[4 * p + 2] = r;
            outBoxes[4 * p + 3] = b;
            outCenterness[p] = centerness(l, t, r, b);
        }
        return new FcosTargets(outLabels, outBoxes, outCenterness, matched, positives);
    }

    /**
     * The centerness of a point with the given distances to a box's edges (all positive): {@code
     * sqrt(min(l, r) / max(l, r) * min(t, b) / max(t, b))}, 1 at the centre, towards 0 near an
     * edge.
     *
     * @param l distance to the left edge
     * @param t distance to the top edge
     * @param r distance to the right edge
     * @param b distance to the bottom edge
     * @return the centerness in {@code (0, 1]}
     */
    public static float centerness(float l, float t, float r, float b) {
        float lr = Math.min(l, r) / Math.max(l, r);
        float tb = Math.min(t, b) / Math.max(t, b);
        return (float) Math.sqrt(lr * tb);
    }

    /** @return the number of points */
    public int count() {
        return labels.length;
    }

    /** @return the number of positive points (label not {@link #BACKGROUND}) */
    public int numPositives() {
        return numPositives;
    }

    /** @return each point's class, {@link #BACKGROUND} (-1) for background ({@code P}), a copy */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * @return each point's regression target {@code l, t, r, b} in input pixels ({@code P * 4}),
     *     0 for background, a copy
     */
    public float[] boxTargets() {
        return boxTargets.clone();
    }

    /** @return each point's centerness target ({@code P}), 0 for background, a copy */
    public float[] centerness() {
        return centerness.clone();
    }

    /** @return each point's matched box (index into the input boxes), -1 for background, a copy */
    public int[] matchedBoxes() {
        return matchedBoxes.clone();
    }

    int[] labelsView() {
        return labels;
    }

    float[] boxTargetsView() {
        return boxTargets;
    }

    float[] centernessView() {
        return centerness;
    }
}
