package dev.hsresnet.vision.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Greedy non-maximum suppression on boxes in corner form {@code x1, y1, x2, y2} (pixels), as
 * torchvision's {@code nms} and {@code batched_nms}: boxes are visited by score, highest first; a
 * box is kept unless its IoU with a box already kept (of the same class, for the class-wise form)
 * is above the threshold. Boxes of different classes never suppress each other.
 *
 * <p>Equal scores are visited in input order (lower index first), so the result is deterministic;
 * torchvision leaves that order to its sort. IoU uses the continuous area convention {@code (x2 -
 * x1) * (y2 - y1)} (no {@code +1}), in double; two boxes whose union is empty have IoU 0.
 */
public final class Nms {

    private Nms() {}

    /**
     * @param boxes {@code n * 4} corners
     * @param i the first box
     * @param j the second box
     * @return the IoU of boxes {@code i} and {@code j}, in {@code [0, 1]}
     */
    public static double iou(float[] boxes, int i, int j) {
        return iou(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3],
                boxes[4 * j], boxes[4 * j + 1], boxes[4 * j + 2], boxes[4 * j + 3]);
    }

    /**
     * The intersection over union of two boxes in corner form (pixels): {@code inter / (areaA +
     * areaB - inter)}, 0 when the union is empty.
     */
    public static double iou(double ax1, double ay1, double ax2, double ay2, double bx1,
            double by1, double bx2, double by2) {
        double iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
        double ih = Math.min(ay2, by2) - Math.max(ay1, by1);
        if (!(iw > 0) || !(ih > 0)) {
            return 0;
        }
        double inter = iw * ih;
        double union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
        return union > 0 ? inter / union : 0;
    }

    /**
     * Class-agnostic NMS: every box may suppress every other.
     *
     * @see #batched(float[], float[], int[], float, int)
     */
    public static int[] suppress(float[] boxes, float[] scores, float iouThreshold) {
        return batched(boxes, scores, new int[scores == null ? 0 : scores.length], iouThreshold,
                Integer.MAX_VALUE);
    }

    /**
     * Class-wise NMS keeping every survivor.
     *
     * @see #batched(float[], float[], int[], float, int)
     */
    public static int[] batched(float[] boxes, float[] scores, int[] classes, float iouThreshold) {
        return batched(boxes, scores, classes, iouThreshold, Integer.MAX_VALUE);
    }

    /**
     * Class-wise (batched) greedy NMS.
     *
     * @param boxes {@code n * 4} corners {@code x1, y1, x2, y2}, finite, {@code x2 >= x1}, {@code
     *     y2 >= y1}
     * @param scores {@code n} scores, not NaN
     * @param classes {@code n} class ids; only boxes of one class suppress each other
     * @param iouThreshold a box whose IoU with a kept box exceeds this ({@code >}) is suppressed,
     *     in {@code [0, 1]}
     * @param maxKeep stop after this many kept boxes, {@code >= 0}
     * @return the indices of the kept boxes, by score descending (ties: lower index first)
     * @throws IllegalArgumentException naming the box and value on bad input
     */
    public static int[] batched(float[] boxes, float[] scores, int[] classes, float iouThreshold,
            int maxKeep) {
        if (boxes == null || scores == null || classes == null) {
            throw new IllegalArgumentException("boxes, scores and classes must not be null");
        }
        int n = scores.length;
        if (boxes.length != 4 * n || classes.length != n) {
            throw new IllegalArgumentException("need 4 coordinates and 1 class per score: " + n
                    + " scores, " + boxes.length + " coordinates, " + classes.length + " classes");
        }
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in [0, 1], got "
                    + iouThreshold);
        }
        if (maxKeep < 0) {
            throw new IllegalArgumentException("maxKeep must be >= 0, got " + maxKeep);
        }
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(scores[i])) {
                throw new IllegalArgumentException("box " + i + " score is NaN");
            }
            float x1 = boxes[4 * i];
            float y1 = boxes[4 * i + 1];
            float x2 = boxes[4 * i + 2];
            float y2 = boxes[4 * i + 3];
            if (!Float.isFinite(x1) || !Float.isFinite(y1) || !Float.isFinite(x2)
                    || !Float.isFinite(y2) || x2 < x1 || y2 < y1) {
                throw new IllegalArgumentException("box " + i + " [" + x1 + ", " + y1 + ", " + x2
                        + ", " + y2 + "] must be finite with x2 >= x1 and y2 >= y1");
            }
        }
        int[] order = byScoreDescending(scores);
        Map<Integer, List<Integer>> keptByClass = new HashMap<>();
        int[] kept = new int[Math.min(n, maxKeep)];
        int count = 0;
        for (int k = 0; k < n && count < kept.length; k++) {
            int i = order[k];
            List<Integer> same = keptByClass.computeIfAbsent(classes[i], c -> new ArrayList<>());
            boolean suppressed = false;
            for (int j : same) {
                if (iou(boxes, i, j) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                same.add(i);
                kept[count++] = i;
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /**
     * @param scores values, not NaN
     * @return the indices by value descending; equal values keep ascending index order
     */
    static int[] byScoreDescending(float[] scores) {
        long[] keys = new long[scores.length];
        for (int i = 0; i < scores.length; i++) {
            int bits = Float.floatToIntBits(scores[i] == 0f ? 0f : scores[i]);
            int ascending = bits ^ ((bits >> 31) & 0x7fffffff); // signed order = float order
            keys[i] = ((long) ~ascending << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }
}
