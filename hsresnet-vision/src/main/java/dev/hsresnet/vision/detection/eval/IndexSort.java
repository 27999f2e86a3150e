package dev.hsresnet.vision.detection.eval;

/** A stable merge sort of indices by a comparison on them, without boxing. */
final class IndexSort {

    /** Compares two indices; negative if {@code a} goes first. */
    @FunctionalInterface
    interface Order {
        int compare(int a, int b);
    }

    private IndexSort() {}

    /** @return {@code 0..n-1} sorted by {@code order}, equal ones kept in index order */
    static int[] sorted(int n, Order order) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        int[] tmp = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    tmp[k++] = order.compare(idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
                }
                while (i < mid) {
                    tmp[k++] = idx[i++];
                }
                while (j < hi) {
                    tmp[k++] = idx[j++];
                }
                System.arraycopy(tmp, lo, idx, lo, hi - lo);
            }
        }
        return idx;
    }

    /**
     * Higher score first, as numpy's {@code argsort(-score)}: the primitive comparison, so
     * {@code 0.0} and {@code -0.0} are equal.
     */
    static int byScoreDescending(double a, double b) {
        return a > b ? -1 : a < b ? 1 : 0;
    }
}
