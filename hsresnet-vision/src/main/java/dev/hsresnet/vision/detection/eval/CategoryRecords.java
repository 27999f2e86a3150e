package dev.hsresnet.vision.detection.eval;

import java.util.Arrays;

/**
 * The kept detections of one category over all images added so far: score, image index, rank
 * in the image's score order, and the matcher's state per area range and IoU threshold. Memory
 * is {@code 16 + 4 * T} bytes a detection. Grows by doubling.
 */
final class CategoryRecords {

    private static final int T = CocoParams.IOU_COUNT;
    private static final int A = CocoParams.AREAS.length;

    private int size;
    private double[] scores = new double[0];
    private int[] images = new int[0];
    private int[] ranks = new int[0];
    private final byte[][] states = new byte[A][0];

    /**
     * Appends one image's detections of the category.
     *
     * @param image the image's index
     * @param sortedScores scores in rank order
     * @param statesByArea per area range, {@link ImageMatcher#match}'s states
     */
    void add(int image, double[] sortedScores, byte[][] statesByArea) {
        int d = sortedScores.length;
        ensure(size + d);
        for (int r = 0; r < d; r++) {
            scores[size + r] = sortedScores[r];
            images[size + r] = image;
            ranks[size + r] = r;
        }
        for (int a = 0; a < A; a++) {
            System.arraycopy(statesByArea[a], 0, states[a], size * T, d * T);
        }
        size += d;
    }

    private void ensure(int capacity) {
        if (capacity <= scores.length) {
            return;
        }
        int grown = Math.max(capacity, Math.max(16, scores.length * 2));
        scores = Arrays.copyOf(scores, grown);
        images = Arrays.copyOf(images, grown);
        ranks = Arrays.copyOf(ranks, grown);
        for (int a = 0; a < A; a++) {
            states[a] = Arrays.copyOf(states[a], grown * T);
        }
    }

    int size() {
        return size;
    }

    double score(int i) {
        return scores[i];
    }

    int rank(int i) {
        return ranks[i];
    }

    byte state(AreaRange area, int i, int t) {
        return states[area.ordinal()][i * T + t];
    }

    /**
     * @return record indices in pycocotools' accumulate order: images concatenated in ascending
     *     id order, each in rank order, then a stable sort by score descending
     */
    int[] scoreOrder() {
        return IndexSort.sorted(size, (a, b) -> {
            int c = IndexSort.byScoreDescending(scores[a], scores[b]);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(images[a], images[b]);
            return c != 0 ? c : Integer.compare(ranks[a], ranks[b]);
        });
    }
}
