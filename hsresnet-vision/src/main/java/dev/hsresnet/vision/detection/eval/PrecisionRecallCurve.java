package dev.hsresnet.vision.detection.eval;

/**
 * Interpolated precision at COCO's 101 recall points for each of the 10 IoU thresholds, for
 * plotting: {@code precision()[t][r]} is the precision at recall {@link #recallThresholds()}
 * {@code [r]} and IoU {@link #iouThresholds()}{@code [t]}; a fraction in [0, 1], or -1 where
 * undefined.
 *
 * @param precision {@code [10][101]} values; copied in and out
 */
public record PrecisionRecallCurve(double[][] precision) {

    /** @throws IllegalArgumentException unless the array is 10 by 101 */
    public PrecisionRecallCurve {
        if (precision.length != CocoParams.IOU_COUNT) {
            throw new IllegalArgumentException("need " + CocoParams.IOU_COUNT
                    + " IoU thresholds, got " + precision.length);
        }
        precision = copy(precision);
    }

    @Override
    public double[][] precision() {
        return copy(precision);
    }

    /** @return the IoU thresholds of the rows, 0.5 to 0.95 */
    public double[] iouThresholds() {
        return CocoParams.iouThresholds();
    }

    /** @return the recall points of the columns, 0 to 1 in steps of 0.01 */
    public double[] recallThresholds() {
        return CocoParams.recallThresholds();
    }

    private static double[][] copy(double[][] p) {
        double[][] out = new double[p.length][];
        for (int t = 0; t < p.length; t++) {
            if (p[t].length != CocoParams.RECALL_COUNT) {
                throw new IllegalArgumentException("row " + t + " has " + p[t].length
                        + " recall points, need " + CocoParams.RECALL_COUNT);
            }
            out[t] = p[t].clone();
        }
        return out;
    }
}
