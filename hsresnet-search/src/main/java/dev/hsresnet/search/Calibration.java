package dev.hsresnet.search;

import java.util.List;

/**
 * How summed block latencies become a network's: {@code scale * sum + offsetMs}, fitted by least
 * squares to networks measured end to end (the anchors: the space's fastest and slowest
 * candidates by their blocks, and the base). The offset is the stem, the head and the cost of a
 * call, less what each block's timing adds alone; the scale corrects what stays proportional
 * (docs/search.md has the fits measured).
 *
 * @param anchors the networks it was fitted to
 * @param scale the factor on the summed blocks
 * @param offsetMs the fixed part, milliseconds
 */
public record Calibration(List<Anchor> anchors, double scale, double offsetMs) {

    /**
     * One network measured end to end.
     *
     * @param label what it is (a candidate's label, or {@code base <name>})
     * @param endToEnd its latency
     * @param blocksMs the sum of its blocks' medians from the table
     * @param blocksP90Ms the sum of its blocks' p90s
     */
    public record Anchor(String label, Latency endToEnd, double blocksMs, double blocksP90Ms) {}

    /** Validates the values. */
    public Calibration {
        anchors = List.copyOf(anchors);
        if (!(scale > 0) || Double.isInfinite(scale) || !Double.isFinite(offsetMs)) {
            throw new IllegalArgumentException("a calibration needs a finite scale > 0 and a "
                    + "finite offset, got " + scale + " and " + offsetMs);
        }
    }

    /**
     * The least-squares line through the anchors (a scale of 1 and the mean difference when
     * their block sums are all equal, or when the fitted scale is not positive).
     *
     * @param anchors at least one
     * @return the calibration
     */
    public static Calibration fit(List<Anchor> anchors) {
        int n = anchors.size();
        if (n == 0) {
            throw new IllegalArgumentException("a calibration needs at least one anchor");
        }
        double mx = 0;
        double my = 0;
        for (Anchor a : anchors) {
            mx += a.blocksMs() / n;
            my += a.endToEnd().medianMs() / n;
        }
        double sxx = 0;
        double sxy = 0;
        for (Anchor a : anchors) {
            sxx += (a.blocksMs() - mx) * (a.blocksMs() - mx);
            sxy += (a.blocksMs() - mx) * (a.endToEnd().medianMs() - my);
        }
        double scale = sxx > 1e-12 * Math.max(1, mx * mx) ? sxy / sxx : 1;
        if (!(scale > 0)) {
            scale = 1;
        }
        return new Calibration(anchors, scale, my - scale * mx);
    }

    /** @return the predicted latency of a network whose blocks sum to {@code blocksMs} */
    public double predict(double blocksMs) {
        return scale * blocksMs + offsetMs;
    }
}
