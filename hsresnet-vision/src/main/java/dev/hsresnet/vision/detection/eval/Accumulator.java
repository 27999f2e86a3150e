package dev.hsresnet.vision.detection.eval;

import java.util.Arrays;

/**
 * pycocotools' {@code accumulate()}: for each category, area range and detection limit, the
 * detections of all images sorted by score, cumulative true and false positives per IoU
 * threshold (ignored detections count as neither), recall {@code tp / npig}, precision
 * {@code tp / (tp + fp + eps)} made non-increasing from the right and read at the 101 recall
 * points with {@code searchsorted(side='left')}. Settings without a counted ground truth keep
 * precision and recall -1.
 */
final class Accumulator {

    /** numpy's {@code np.spacing(1)}, added to precision's denominator as pycocotools does. */
    static final double EPS = Math.ulp(1.0);

    private static final int T = CocoParams.IOU_COUNT;
    private static final int R = CocoParams.RECALL_COUNT;
    private static final int A = CocoParams.AREAS.length;
    private static final int M = CocoParams.MAX_DETS.length;

    private Accumulator() {}

    /**
     * @param gt the ground truth
     * @param records per category index, the kept detections
     * @return precision {@code [T][R][K][A][M]} and recall {@code [T][K][A][M]}, flattened
     */
    static CocoEvaluation accumulate(CocoGroundTruth gt, CategoryRecords[] records) {
        int k = gt.categoryCount();
        double[] precision = new double[T * R * k * A * M];
        double[] recall = new double[T * k * A * M];
        Arrays.fill(precision, -1);
        Arrays.fill(recall, -1);
        for (int ki = 0; ki < k; ki++) {
            CategoryRecords rec = records[ki];
            int[] order = rec.scoreOrder();
            for (AreaRange area : CocoParams.AREAS) {
                int npig = gt.counted(ki, area);
                if (npig == 0) {
                    continue;
                }
                for (int mi = 0; mi < M; mi++) {
                    int[] kept = withinLimit(rec, order, CocoParams.MAX_DETS[mi]);
                    double[] q = new double[R];
                    for (int ti = 0; ti < T; ti++) {
                        int a = area.ordinal();
                        recall[CocoEvaluation.recallAt(ti, ki, k, a, mi)] =
                                curve(rec, kept, area, ti, npig, q);
                        for (int r = 0; r < R; r++) {
                            precision[CocoEvaluation.precisionAt(ti, r, ki, k, a, mi)] = q[r];
                        }
                    }
                }
            }
        }
        return new CocoEvaluation(gt, precision, recall);
    }

    /** @return the records of {@code order} whose rank in their image is below the limit */
    private static int[] withinLimit(CategoryRecords rec, int[] order, int maxDet) {
        int n = 0;
        int[] kept = new int[order.length];
        for (int i : order) {
            if (rec.rank(i) < maxDet) {
                kept[n++] = i;
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /**
     * One threshold's curve.
     *
     * @param kept the records in score order
     * @param npig the counted ground truths, at least 1
     * @param q receives the precision at the 101 recall points
     * @return the recall after the last kept detection (0 with none)
     */
    private static double curve(CategoryRecords rec, int[] kept, AreaRange area, int t, int npig,
            double[] q) {
        int nd = kept.length;
        double[] rc = new double[nd];
        double[] pr = new double[nd];
        double tp = 0;
        double fp = 0;
        for (int i = 0; i < nd; i++) {
            byte s = rec.state(area, kept[i], t);
            if (s == ImageMatcher.TRUE_POSITIVE) {
                tp++;
            } else if (s == ImageMatcher.FALSE_POSITIVE) {
                fp++;
            }
            rc[i] = tp / npig;
            pr[i] = tp / (fp + tp + EPS);
        }
        for (int i = nd - 1; i > 0; i--) {
            if (pr[i] > pr[i - 1]) {
                pr[i - 1] = pr[i];
            }
        }
        int j = 0;
        for (int r = 0; r < R; r++) {
            double point = CocoParams.RECALL_THRESHOLDS[r];
            while (j < nd && rc[j] < point) {
                j++;
            }
            // past the last detection pycocotools leaves the zero it started with
            q[r] = j < nd ? pr[j] : 0;
        }
        return nd > 0 ? rc[nd - 1] : 0;
    }
}
