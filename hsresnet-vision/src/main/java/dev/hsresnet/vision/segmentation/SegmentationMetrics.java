package dev.hsresnet.vision.segmentation;

import java.util.Arrays;
import java.util.List;

/**
 * Semantic-segmentation metrics from one confusion matrix over a whole split (mmseg's and the
 * CamVid literature's definition: IoU per class from the summed counts, not a mean of per-image
 * IoUs). Rows are the true class, columns the predicted class; pixels whose target is the ignore
 * index are not counted. Not thread-safe: one per evaluation, or merge with {@link #add};
 * serializable, so that partial counts can travel (Spark's distributed evaluation sends them).
 */
public final class SegmentationMetrics implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final int numClasses;
    private final int ignoreIndex;
    private final long[][] confusion;

    /**
     * @param numClasses classes
     * @param ignoreIndex target value not counted
     */
    public SegmentationMetrics(int numClasses, int ignoreIndex) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex;
        this.confusion = new long[numClasses][numClasses];
    }

    /**
     * Counts one image (or batch).
     *
     * @param predicted predicted class per pixel, 0..classes-1
     * @param target true class per pixel, 0..classes-1 or the ignore index
     * @throws IllegalArgumentException on different lengths or a value out of range (naming the
     *     pixel and value)
     */
    public void update(int[] predicted, int[] target) {
        if (predicted.length != target.length) {
            throw new IllegalArgumentException("prediction has " + predicted.length
                    + " pixels, target " + target.length);
        }
        for (int i = 0; i < target.length; i++) {
            int t = target[i];
            if (t == ignoreIndex) {
                continue;
            }
            int p = predicted[i];
            if (t < 0 || t >= numClasses || p < 0 || p >= numClasses) {
                throw new IllegalArgumentException("pixel " + i + ": target " + t
                        + ", prediction " + p + " outside 0.." + (numClasses - 1)
                        + " (ignore index " + ignoreIndex + ")");
            }
            confusion[t][p]++;
        }
    }

    /** Adds another accumulator's counts (same classes and ignore index). */
    public void add(SegmentationMetrics other) {
        if (other.numClasses != numClasses || other.ignoreIndex != ignoreIndex) {
            throw new IllegalArgumentException("cannot merge metrics of different classes");
        }
        for (int t = 0; t < numClasses; t++) {
            for (int p = 0; p < numClasses; p++) {
                confusion[t][p] += other.confusion[t][p];
            }
        }
    }

    /** @return a copy of the confusion matrix, {@code [true][predicted]} pixel counts */
    public long[][] confusion() {
        long[][] copy = new long[numClasses][];
        for (int t = 0; t < numClasses; t++) {
            copy[t] = confusion[t].clone();
        }
        return copy;
    }

    /**
     * @return IoU per class, {@code TP / (TP + FP + FN)}; NaN for a class absent from both target
     *     and prediction
     */
    public double[] classIou() {
        double[] iou = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            long tp = confusion[c][c];
            long union = rowSum(c) + columnSum(c) - tp;
            iou[c] = union == 0 ? Double.NaN : (double) tp / union;
        }
        return iou;
    }

    /** @return per-class recall {@code TP / (TP + FN)}; NaN for a class absent from the target */
    public double[] classAccuracy() {
        double[] acc = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            long total = rowSum(c);
            acc[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return acc;
    }

    /** @return the mean of {@link #classIou()} over the classes where it is defined (NaN if none) */
    public double meanIou() {
        return nanMean(classIou());
    }

    /** @return the mean of {@link #classAccuracy()} over the classes present in the target */
    public double meanClassAccuracy() {
        return nanMean(classAccuracy());
    }

    /** @return correctly classified pixels / counted pixels (NaN when none counted) */
    public double pixelAccuracy() {
        long correct = 0;
        long total = 0;
        for (int c = 0; c < numClasses; c++) {
            correct += confusion[c][c];
            total += rowSum(c);
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** @return counted pixels (the ignore index excluded) */
    public long pixels() {
        long total = 0;
        for (int c = 0; c < numClasses; c++) {
            total += rowSum(c);
        }
        return total;
    }

    /**
     * @param classes class names, one per class
     * @return the metrics as a value (for JSON and CSV)
     */
    public Summary summary(List<String> classes) {
        if (classes.size() != numClasses) {
            throw new IllegalArgumentException("need " + numClasses + " class names, got "
                    + classes.size());
        }
        return new Summary(meanIou(), pixelAccuracy(), meanClassAccuracy(), List.copyOf(classes),
                Arrays.stream(classIou()).boxed().toList(),
                Arrays.stream(classAccuracy()).boxed().toList(), pixels());
    }

    /**
     * The metrics of a split.
     *
     * @param meanIou mean IoU over the classes present (0-1)
     * @param pixelAccuracy pixel accuracy (0-1)
     * @param meanClassAccuracy mean per-class recall (0-1)
     * @param classes class names
     * @param classIou IoU per class (NaN when undefined)
     * @param classAccuracy recall per class (NaN when undefined)
     * @param pixels counted pixels
     */
    public record Summary(double meanIou, double pixelAccuracy, double meanClassAccuracy,
            List<String> classes, List<Double> classIou, List<Double> classAccuracy,
            long pixels) {}

    private long rowSum(int c) {
        long s = 0;
        for (long v : confusion[c]) {
            s += v;
        }
        return s;
    }

    private long columnSum(int c) {
        long s = 0;
        for (long[] row : confusion) {
            s += row[c];
        }
        return s;
    }

    private static double nanMean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
