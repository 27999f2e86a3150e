package dev.hsresnet.vision.detection.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The accumulated result of a {@link CocoEvaluator}: pycocotools' {@code eval['precision']}
 * ({@code [T][R][K][A][M]}) and {@code eval['recall']} ({@code [T][K][A][M]}), and the means
 * {@code summarize()} prints. Precision and recall are fractions in [0, 1], or -1 for a category
 * without a counted (non-crowd, in-range) ground truth. Indices: IoU threshold 0..9 (see
 * {@link CocoParams#iouThresholds()}), recall point 0..100 (recall {@code r / 100}), maxDets 1, 10
 * or 100; a method given one outside these, or a category id the ground truth does not have,
 * throws {@link IllegalArgumentException}. Immutable.
 */
public final class CocoEvaluation {

    private static final int T = CocoParams.IOU_COUNT;
    private static final int R = CocoParams.RECALL_COUNT;
    private static final int A = CocoParams.AREAS.length;
    private static final int M = CocoParams.MAX_DETS.length;
    private static final int ALL_THRESHOLDS = -1;

    private final CocoGroundTruth gt;
    private final int k;
    private final double[] precision;
    private final double[] recall;

    CocoEvaluation(CocoGroundTruth gt, double[] precision, double[] recall) {
        this.gt = gt;
        this.k = gt.categoryCount();
        this.precision = precision;
        this.recall = recall;
    }

    static int precisionAt(int t, int r, int ki, int k, int a, int m) {
        return (((t * R + r) * k + ki) * A + a) * M + m;
    }

    static int recallAt(int t, int ki, int k, int a, int m) {
        return ((t * k + ki) * A + a) * M + m;
    }

    /** @return the category ids, ascending */
    public List<Integer> categoryIds() {
        return gt.categoryIds();
    }

    /**
     * @param iouIndex IoU threshold index, 0..9
     * @param recallIndex recall point index, 0..100
     * @param categoryId a category
     * @param area the area range
     * @param maxDets 1, 10 or 100
     * @return the interpolated precision there, or -1
     */
    public double precision(int iouIndex, int recallIndex, int categoryId, AreaRange area,
            int maxDets) {
        checkIndex(iouIndex, T, "IoU threshold index");
        checkIndex(recallIndex, R, "recall point index");
        return precision[precisionAt(iouIndex, recallIndex, category(categoryId), k,
                area.ordinal(), CocoParams.maxDetIndex(maxDets))];
    }

    /**
     * @param iouIndex IoU threshold index, 0..9
     * @param categoryId a category
     * @param area the area range
     * @param maxDets 1, 10 or 100
     * @return the recall reached with at most {@code maxDets} detections an image, or -1
     */
    public double recall(int iouIndex, int categoryId, AreaRange area, int maxDets) {
        checkIndex(iouIndex, T, "IoU threshold index");
        return recall[recallAt(iouIndex, category(categoryId), k, area.ordinal(),
                CocoParams.maxDetIndex(maxDets))];
    }

    /**
     * {@code summarize()}'s AP over IoU 0.50:0.95: the mean of the defined precisions over all
     * thresholds, recall points and categories.
     *
     * @param area the area range
     * @param maxDets 1, 10 or 100
     * @return a fraction in [0, 1], or -1 if no category has a counted ground truth
     */
    public double averagePrecision(AreaRange area, int maxDets) {
        return mean(true, ALL_THRESHOLDS, area, maxDets);
    }

    /**
     * {@code summarize()}'s AP at one IoU threshold (AP50 is index 0, AP75 index 5).
     *
     * @param iouIndex IoU threshold index, 0..9
     * @param area the area range
     * @param maxDets 1, 10 or 100
     * @return a fraction in [0, 1], or -1 if no category has a counted ground truth
     */
    public double averagePrecision(int iouIndex, AreaRange area, int maxDets) {
        checkIndex(iouIndex, T, "IoU threshold index");
        return mean(true, iouIndex, area, maxDets);
    }

    /**
     * {@code summarize()}'s AR over IoU 0.50:0.95: the mean of the defined recalls over all
     * thresholds and categories.
     *
     * @param area the area range
     * @param maxDets 1, 10 or 100
     * @return a fraction in [0, 1], or -1 if no category has a counted ground truth
     */
    public double averageRecall(AreaRange area, int maxDets) {
        return mean(false, ALL_THRESHOLDS, area, maxDets);
    }

    /** @return pycocotools' 12 {@code stats} */
    public CocoSummary summary() {
        return new CocoSummary(
                averagePrecision(AreaRange.ALL, 100),
                mean(true, CocoParams.iouIndex(0.5), AreaRange.ALL, 100),
                mean(true, CocoParams.iouIndex(0.75), AreaRange.ALL, 100),
                averagePrecision(AreaRange.SMALL, 100),
                averagePrecision(AreaRange.MEDIUM, 100),
                averagePrecision(AreaRange.LARGE, 100),
                averageRecall(AreaRange.ALL, 1),
                averageRecall(AreaRange.ALL, 10),
                averageRecall(AreaRange.ALL, 100),
                averageRecall(AreaRange.SMALL, 100),
                averageRecall(AreaRange.MEDIUM, 100),
                averageRecall(AreaRange.LARGE, 100));
    }

    /**
     * @return per category, ascending id: AP over IoU 0.50:0.95 and AP at IoU 0.5, area all,
     *     100 detections (-1 for a category without a counted ground truth)
     */
    public List<ClassAp> perClass() {
        int m = CocoParams.maxDetIndex(100);
        int a = AreaRange.ALL.ordinal();
        List<ClassAp> out = new ArrayList<>(k);
        double[] all = new double[T * R];
        double[] at50 = new double[R];
        int t50 = CocoParams.iouIndex(0.5);
        for (int ki = 0; ki < k; ki++) {
            for (int t = 0; t < T; t++) {
                for (int r = 0; r < R; r++) {
                    all[t * R + r] = precision[precisionAt(t, r, ki, k, a, m)];
                }
            }
            for (int r = 0; r < R; r++) {
                at50[r] = precision[precisionAt(t50, r, ki, k, a, m)];
            }
            out.add(new ClassAp(gt.categoryId(ki), NumpyMean.ofDefined(all, all.length),
                    NumpyMean.ofDefined(at50, R)));
        }
        return out;
    }

    /**
     * @param categoryId a category
     * @return its precision at the 101 recall points per IoU threshold, area all, 100 detections
     *     (all -1 without a counted ground truth)
     */
    public PrecisionRecallCurve curve(int categoryId) {
        int ki = category(categoryId);
        int m = CocoParams.maxDetIndex(100);
        double[][] p = new double[T][R];
        for (int t = 0; t < T; t++) {
            for (int r = 0; r < R; r++) {
                p[t][r] = precision[precisionAt(t, r, ki, k, AreaRange.ALL.ordinal(), m)];
            }
        }
        return new PrecisionRecallCurve(p);
    }

    /**
     * @return at each IoU threshold and recall point, the mean precision over the categories that
     *     have a counted ground truth (-1 where none has), area all, 100 detections
     */
    public PrecisionRecallCurve meanCurve() {
        int m = CocoParams.maxDetIndex(100);
        double[][] p = new double[T][R];
        double[] column = new double[k];
        for (int t = 0; t < T; t++) {
            for (int r = 0; r < R; r++) {
                for (int ki = 0; ki < k; ki++) {
                    column[ki] = precision[precisionAt(t, r, ki, k, AreaRange.ALL.ordinal(), m)];
                }
                p[t][r] = NumpyMean.ofDefined(column, k);
            }
        }
        return new PrecisionRecallCurve(p);
    }

    /** {@code _summarize}: values in numpy's C order (threshold, recall point, category). */
    private double mean(boolean ap, int iouIndex, AreaRange area, int maxDets) {
        int m = CocoParams.maxDetIndex(maxDets);
        int a = area.ordinal();
        int from = iouIndex == ALL_THRESHOLDS ? 0 : iouIndex;
        int to = iouIndex == ALL_THRESHOLDS ? T : iouIndex + 1;
        if (from < 0) {
            return -1; // a threshold pycocotools' np.where does not find
        }
        int rows = ap ? R : 1;
        double[] values = new double[(to - from) * rows * k];
        int n = 0;
        for (int t = from; t < to; t++) {
            for (int r = 0; r < rows; r++) {
                for (int ki = 0; ki < k; ki++) {
                    values[n++] = ap ? precision[precisionAt(t, r, ki, k, a, m)]
                            : recall[recallAt(t, ki, k, a, m)];
                }
            }
        }
        return NumpyMean.ofDefined(values, n);
    }

    private int category(int categoryId) {
        int ki = gt.categoryIndex(categoryId);
        if (ki < 0) {
            throw new IllegalArgumentException("category " + categoryId
                    + " is not one of " + gt.categoryIds());
        }
        return ki;
    }

    private static void checkIndex(int index, int size, String what) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException(what + " " + index + " outside 0.." + (size - 1));
        }
    }
}
