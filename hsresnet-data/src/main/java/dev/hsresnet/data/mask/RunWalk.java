package dev.hsresnet.data.mask;

/**
 * Walks the runs of two masks of one size side by side, segment by segment (a segment ends
 * wherever either mask's run ends), so that unions, intersections and their areas cost
 * {@code O(runs of a + runs of b)} and need no pixel array.
 */
final class RunWalk {

    private RunWalk() {}

    /**
     * @param a canonical counts
     * @param b canonical counts of the same total
     * @param intersect true for a AND b, false for a OR b
     * @return the canonical counts of the result
     */
    static int[] merge(int[] a, int[] b, boolean intersect) {
        RunBuilder out = new RunBuilder(a.length + b.length);
        int ia = 0;
        int ib = 0;
        long endA = a[0];
        long endB = b[0];
        long position = 0;
        while (ia < a.length && ib < b.length) {
            long end = Math.min(endA, endB);
            boolean va = ia % 2 == 1;
            boolean vb = ib % 2 == 1;
            out.add(intersect ? va && vb : va || vb, end - position);
            position = end;
            if (endA == end && ++ia < a.length) {
                endA += a[ia];
            }
            if (endB == end && ++ib < b.length) {
                endB += b[ib];
            }
        }
        return out.finish();
    }

    /**
     * @param a canonical counts
     * @param b canonical counts of the same total
     * @return the number of pixels set in both
     */
    static long intersection(int[] a, int[] b) {
        long both = 0;
        int ia = 0;
        int ib = 0;
        long endA = a[0];
        long endB = b[0];
        long position = 0;
        while (ia < a.length && ib < b.length) {
            long end = Math.min(endA, endB);
            if (ia % 2 == 1 && ib % 2 == 1) {
                both += end - position;
            }
            position = end;
            if (endA == end && ++ia < a.length) {
                endA += a[ia];
            }
            if (endB == end && ++ib < b.length) {
                endB += b[ib];
            }
        }
        return both;
    }
}
