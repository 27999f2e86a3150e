package dev.hsresnet.vision.detection.eval;

import java.util.Arrays;

/**
 * The greedy matching of pycocotools' {@code evaluateImg} for one image, one category and one
 * area range: detections are taken in the given (score) order and each takes, at each IoU
 * threshold, the unmatched ground truth it overlaps most with IoU at least the threshold.
 * Ground truths that are ignored (crowd, or area outside the range) come after the others; once
 * a detection holds a regular ground truth it does not look at ignored ones; equal IoUs go to the
 * later ground truth; a crowd region may be matched any number of times.
 */
final class ImageMatcher {

    /** The detection counts as a false positive at that threshold. */
    static final byte FALSE_POSITIVE = 0;
    /** The detection matched a regular ground truth at that threshold. */
    static final byte TRUE_POSITIVE = 1;
    /** The detection matched an ignored ground truth, or matched nothing and is out of range. */
    static final byte IGNORED = 2;

    private static final double MAX_THRESHOLD = 1 - 1e-10;

    private ImageMatcher() {}

    /**
     * @param iou {@code [detection][ground truth]} overlaps, detections in score order, ground
     *     truths in the given order
     * @param truths the image's ground truths of the category, in the given order
     * @param detectionAreas the detections' box areas, square pixels, in score order
     * @param area the range
     * @return the state of each detection at each threshold, at {@code d * T + t}
     */
    static byte[] match(double[][] iou, GroundTruth[] truths, double[] detectionAreas,
            AreaRange area) {
        int g = truths.length;
        int d = detectionAreas.length;
        int t = CocoParams.IOU_COUNT;
        boolean[] ignored = new boolean[g];
        int[] order = new int[g];
        int n = 0;
        for (int j = 0; j < g; j++) {
            ignored[j] = truths[j].crowd() || area.excludes(truths[j].area());
            if (!ignored[j]) {
                order[n++] = j;
            }
        }
        for (int j = 0; j < g; j++) {
            if (ignored[j]) {
                order[n++] = j;
            }
        }
        byte[] states = new byte[d * t];
        boolean[] taken = new boolean[g];
        for (int ti = 0; ti < t; ti++) {
            Arrays.fill(taken, false);
            double threshold = Math.min(CocoParams.IOU_THRESHOLDS[ti], MAX_THRESHOLD);
            for (int di = 0; di < d; di++) {
                double best = threshold;
                int m = -1;
                for (int pos = 0; pos < g; pos++) {
                    int j = order[pos];
                    if (taken[pos] && !truths[j].crowd()) {
                        continue;
                    }
                    if (m > -1 && !ignored[order[m]] && ignored[j]) {
                        break;
                    }
                    if (iou[di][j] < best) {
                        continue;
                    }
                    best = iou[di][j];
                    m = pos;
                }
                byte state;
                if (m == -1) {
                    state = area.excludes(detectionAreas[di]) ? IGNORED : FALSE_POSITIVE;
                } else {
                    taken[m] = true;
                    state = ignored[order[m]] ? IGNORED : TRUE_POSITIVE;
                }
                states[di * t + ti] = state;
            }
        }
        return states;
    }
}
