package dev.hsresnet.vision.detection.eval;

/**
 * pycocotools' default parameters for {@code iouType='bbox'}: the IoU thresholds
 * {@code np.linspace(.5, 0.95, 10)}, the recall points {@code np.linspace(.0, 1.00, 101)} and the
 * detection limits 1, 10, 100 per image and category. The thresholds are computed as numpy's
 * {@code linspace} computes them, so they are the same doubles: {@code 0.6} is exactly the double
 * {@code 0.6}, and the ninth threshold is {@code 0.8999999999999999}, not {@code 0.9}.
 */
public final class CocoParams {

    /** Number of IoU thresholds, T. */
    public static final int IOU_COUNT = 10;
    /** Number of recall points, R. */
    public static final int RECALL_COUNT = 101;

    static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, IOU_COUNT);
    static final double[] RECALL_THRESHOLDS = linspace(0.0, 1.0, RECALL_COUNT);
    static final int[] MAX_DETS = {1, 10, 100};
    static final AreaRange[] AREAS = AreaRange.values();

    private CocoParams() {}

    /** @return a copy of the 10 IoU thresholds, ascending, 0.5 to 0.95 */
    public static double[] iouThresholds() {
        return IOU_THRESHOLDS.clone();
    }

    /** @return a copy of the 101 recall points, ascending, 0 to 1 */
    public static double[] recallThresholds() {
        return RECALL_THRESHOLDS.clone();
    }

    /** @return a copy of the detection limits per image and category: 1, 10, 100 */
    public static int[] maxDets() {
        return MAX_DETS.clone();
    }

    /**
     * numpy's {@code linspace(start, stop, num, endpoint=True)}: {@code i * step + start} with
     * {@code step = (stop - start) / (num - 1)}, the last value set to {@code stop}.
     */
    static double[] linspace(double start, double stop, int num) {
        double step = (stop - start) / (num - 1);
        double[] values = new double[num];
        for (int i = 0; i < num; i++) {
            values[i] = i * step + start;
        }
        values[num - 1] = stop;
        return values;
    }

    /** @return the index of the threshold equal to {@code iou}, or -1 (pycocotools' np.where) */
    static int iouIndex(double iou) {
        for (int t = 0; t < IOU_COUNT; t++) {
            if (IOU_THRESHOLDS[t] == iou) {
                return t;
            }
        }
        return -1;
    }

    /** @return the index of {@code maxDets} among 1, 10, 100 */
    static int maxDetIndex(int maxDets) {
        for (int m = 0; m < MAX_DETS.length; m++) {
            if (MAX_DETS[m] == maxDets) {
                return m;
            }
        }
        throw new IllegalArgumentException("maxDets must be 1, 10 or 100, got " + maxDets);
    }
}
