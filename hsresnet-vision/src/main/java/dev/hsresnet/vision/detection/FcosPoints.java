package dev.hsresnet.vision.detection;

import java.util.Arrays;

/**
 * The FCOS locations of one input size: one point per cell of every pyramid level, in the order of
 * the head's flattened outputs (finest level first, each level row-major: {@code y} then {@code
 * x}). Point {@code p} of level {@code i} at cell {@code (y, x)} has index {@code
 * levelStart(i) + y * W_i + x} and lies at the cell's centre {@code ((x + 0.5) * s_i, (y + 0.5) *
 * s_i)}, in input pixels (the FCOS paper's {@code floor(s/2) + x*s} for even strides).
 *
 * <p>Each level accepts boxes of one size range, on the largest regression target {@code m =
 * max(l, t, r, b)} of a point: the point may be positive when {@code lower_i < m <= upper_i}.
 * The default ranges are torchvision's {@code (4 s_i, 8 s_i]}, with the first level's lower bound
 * 0 and the last level's upper bound infinite whatever the number of levels: for strides 8-128
 * {@code [0, 64], (64, 128], (128, 256], (256, 512], (512, inf)}.
 *
 * <p>Immutable and cheap to build (one pass over the points); build it once per input size and
 * reuse it for the targets and the decoding.
 */
public final class FcosPoints {

    private final int[] strides;
    private final int[][] sizes;
    private final float[] lower;
    private final float[] upper;
    private final int[] starts;
    private final float[] centres;
    private final int[] levelOf;

    /**
     * Points with the default size ranges ({@code (4 s, 8 s]}, first lower bound 0, last upper
     * bound infinite).
     *
     * @param strides each level's stride in input pixels, positive and strictly increasing (8, 16,
     *     32, 64, 128 for P3-P7)
     * @param levelSizes each level's {@code {H_i, W_i}}, positive, one per stride
     */
    public FcosPoints(int[] strides, int[][] levelSizes) {
        this(strides, levelSizes, defaultLower(strides), defaultUpper(strides));
    }

    /**
     * Points with explicit size ranges.
     *
     * @param strides each level's stride in input pixels, positive and strictly increasing
     * @param levelSizes each level's {@code {H_i, W_i}}, positive, one per stride
     * @param lowerBounds each level's exclusive lower bound on {@code max(l, t, r, b)}, pixels
     * @param upperBounds each level's inclusive upper bound, pixels, above the lower bound ({@code
     *     Float.POSITIVE_INFINITY} allowed)
     */
    public FcosPoints(int[] strides, int[][] levelSizes, float[] lowerBounds, float[] upperBounds) {
        if (strides == null || strides.length == 0) {
            throw new IllegalArgumentException("need at least one level (stride)");
        }
        int levels = strides.length;
        if (levelSizes == null || levelSizes.length != levels) {
            throw new IllegalArgumentException("need one level size per stride (" + levels
                    + "), got " + (levelSizes == null ? "null" : levelSizes.length));
        }
        if (lowerBounds == null || lowerBounds.length != levels || upperBounds == null
                || upperBounds.length != levels) {
            throw new IllegalArgumentException("need one lower and one upper size bound per level ("
                    + levels + ")");
        }
        this.strides = strides.clone();
        this.sizes = new int[levels][];
        this.lower = lowerBounds.clone();
        this.upper = upperBounds.clone();
        this.starts = new int[levels + 1];
        long total = 0;
        for (int i = 0; i < levels; i++) {
            if (strides[i] <= 0 || (i > 0 && strides[i] <= strides[i - 1])) {
                throw new IllegalArgumentException("strides must be positive and strictly "
                        + "increasing, got " + Arrays.toString(strides));
            }
            int[] hw = levelSizes[i];
            if (hw == null || hw.length != 2 || hw[0] <= 0 || hw[1] <= 0) {
                throw new IllegalArgumentException("level " + i + " size must be {H, W} with both "
                        + "positive, got " + (hw == null ? "null" : Arrays.toString(hw)));
            }
            if (Float.isNaN(lower[i]) || Float.isNaN(upper[i]) || lower[i] < 0
                    || lower[i] == Float.POSITIVE_INFINITY || !(upper[i] > lower[i])) {
                throw new IllegalArgumentException("level " + i + " size range (" + lower[i] + ", "
                        + upper[i] + "] must have 0 <= lower < upper, lower finite");
            }
            sizes[i] = hw.clone();
            starts[i] = (int) total;
            total += (long) hw[0] * hw[1];
            if (total > Integer.MAX_VALUE / 4) {
                throw new IllegalArgumentException("too many points: " + total + " after level "
                        + i);
            }
        }
        starts[levels] = (int) total;
        int count = (int) total;
        this.centres = new float[count * 2];
        this.levelOf = new int[count];
        for (int i = 0; i < levels; i++) {
            int s = strides[i];
            int p = starts[i];
            for (int y = 0; y < sizes[i][0]; y++) {
                float cy = (y + 0.5f) * s;
                for (int x = 0; x < sizes[i][1]; x++, p++) {
                    centres[2 * p] = (x + 0.5f) * s;
                    centres[2 * p + 1] = cy;
                    levelOf[p] = i;
                }
            }
        }
    }

    private static float[] defaultLower(int[] strides) {
        if (strides == null) {
            return null;
        }
        float[] b = new float[strides.length];
        for (int i = 1; i < b.length; i++) {
            b[i] = 4f * strides[i];
        }
        return b;
    }

    private static float[] defaultUpper(int[] strides) {
        if (strides == null) {
            return null;
        }
        float[] b = new float[strides.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = i == b.length - 1 ? Float.POSITIVE_INFINITY : 8f * strides[i];
        }
        return b;
    }

    /** @return the number of points {@code P = sum_i H_i * W_i} */
    public int count() {
        return levelOf.length;
    }

    /** @return the number of pyramid levels */
    public int levels() {
        return strides.length;
    }

    /** @return the index of level {@code i}'s first point; {@code levelStart(levels())} is P */
    public int levelStart(int level) {
        return starts[level];
    }

    /** @return level {@code i}'s {@code {H_i, W_i}} (a copy) */
    public int[] levelSize(int level) {
        return sizes[level].clone();
    }

    /** @return level {@code i}'s stride, input pixels */
    public int stride(int level) {
        return strides[level];
    }

    /** @return level {@code i}'s exclusive lower bound on {@code max(l, t, r, b)}, pixels */
    public float lowerBound(int level) {
        return lower[level];
    }

    /** @return level {@code i}'s inclusive upper bound on {@code max(l, t, r, b)}, pixels */
    public float upperBound(int level) {
        return upper[level];
    }

    /** @return the level of point {@code p} */
    public int levelOf(int point) {
        return levelOf[point];
    }

    /** @return the stride of point {@code p}'s level, input pixels */
    public int strideOf(int point) {
        return strides[levelOf[point]];
    }

    /** @return the exclusive lower size bound of point {@code p}'s level, pixels */
    public float lowerBoundOf(int point) {
        return lower[levelOf[point]];
    }

    /** @return the inclusive upper size bound of point {@code p}'s level, pixels */
    public float upperBoundOf(int point) {
        return upper[levelOf[point]];
    }

    /** @return point {@code p}'s x, input pixels */
    public float x(int point) {
        return centres[2 * point];
    }

    /** @return point {@code p}'s y, input pixels */
    public float y(int point) {
        return centres[2 * point + 1];
    }

    /** @return every point's centre, {@code [x0, y0, x1, y1, ...]} ({@code P * 2}), a copy */
    public float[] centres() {
        return centres.clone();
    }

    /** @return every point's level ({@code P}), a copy */
    public int[] levelIndices() {
        return levelOf.clone();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("FcosPoints[");
        for (int i = 0; i < strides.length; i++) {
            b.append(i == 0 ? "" : ", ").append("s").append(strides[i]).append(' ')
                    .append(sizes[i][0]).append('x').append(sizes[i][1]);
        }
        return b.append("; ").append(count()).append(" points]").toString();
    }
}
