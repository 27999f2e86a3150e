package dev.hsresnet.vision.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the raw FCOS head outputs of one image into detections, as torchvision's {@code
 * FCOS.postprocess_detections} with {@code transform.postprocess}; plain Java on float arrays, so
 * the DJL and the ONNX Runtime paths share it.
 *
 * <ol>
 *   <li>Per level, every (point, class) pair scores {@code sqrt(sigmoid(cls) *
 *       sigmoid(centerness))}; pairs scoring above the threshold ({@code >}) are kept, and of
 *       them the {@code topK} best of the level.
 *   <li>Each kept pair's box is its point {@code -+} the predicted distances, {@code (px - l, py -
 *       t, px + r, py + b)}, clipped to the valid image {@code [0, w] x [0, h]} (input pixels,
 *       padding excluded). A box left with zero width or height (or a NaN corner) is dropped: it
 *       can match nothing, and torchvision would keep it.
 *   <li>Class-wise greedy {@link Nms} (suppress IoU {@code >} {@code nmsIou}) over all levels;
 *       the {@code maxDetections} best survive.
 *   <li>The corners are divided by the scale factor (input pixels per original pixel), giving
 *       original-image pixels.
 * </ol>
 *
 * Ties are broken the same way everywhere: equal scores go in ascending flat index {@code point *
 * K + class} (finer level first, then row-major point, then class), in the top-k cut, in the NMS
 * visiting order and in the output. Defaults: threshold 0.2, top-k 1000, NMS IoU 0.6, 100
 * detections (torchvision's {@code fcos_resnet50_fpn}); COCO-style evaluation usually lowers the
 * threshold to 0.05.
 */
public final class FcosDecoder {

    /** torchvision's {@code score_thresh}. */
    public static final float SCORE_THRESHOLD = 0.2f;

    /** torchvision's {@code topk_candidates}, per level. */
    public static final int TOP_K = 1000;

    /** torchvision's {@code nms_thresh}. */
    public static final float NMS_IOU = 0.6f;

    /** torchvision's {@code detections_per_img}. */
    public static final int MAX_DETECTIONS = 100;

    private final int numClasses;
    private final float scoreThreshold;
    private final int topK;
    private final float nmsIou;
    private final int maxDetections;

    private FcosDecoder(Builder b) {
        this.numClasses = b.numClasses;
        this.scoreThreshold = b.scoreThreshold;
        this.topK = b.topK;
        this.nmsIou = b.nmsIou;
        this.maxDetections = b.maxDetections;
    }

    /**
     * @param numClasses the number of classes K of the classification logits
     * @return a builder with torchvision's defaults
     */
    public static Builder builder(int numClasses) {
        return new Builder(numClasses);
    }

    /** @return the number of classes K */
    public int numClasses() {
        return numClasses;
    }

    /** @return the score threshold (a pair is kept when its score is above it) */
    public float scoreThreshold() {
        return scoreThreshold;
    }

    /** @return the candidates kept per level before NMS */
    public int topK() {
        return topK;
    }

    /** @return the NMS IoU threshold */
    public float nmsIou() {
        return nmsIou;
    }

    /** @return the most detections returned per image */
    public int maxDetections() {
        return maxDetections;
    }

    /**
     * Decodes one image.
     *
     * @param clsLogits {@code P * K} classification logits, point-major
     * @param boxDistances {@code P * 4} {@code l, t, r, b}, input pixels
     * @param centernessLogits {@code P} centerness logits
     * @param points the points of the network's input size
     * @param validHeight the image's height in input pixels, padding excluded, positive
     * @param validWidth the image's width in input pixels, padding excluded, positive
     * @param scale input pixels per original pixel (the resize factor), positive
     * @return at most {@code maxDetections} detections in original pixels, by score descending
     */
    public List<DetectedBox> decode(float[] clsLogits, float[] boxDistances,
            float[] centernessLogits, FcosPoints points, int validHeight, int validWidth,
            float scale) {
        int p = points.count();
        if (clsLogits == null || boxDistances == null || centernessLogits == null
                || clsLogits.length != (long) p * numClasses || boxDistances.length != 4 * p
                || centernessLogits.length != p) {
            throw new IllegalArgumentException("expected " + p * (long) numClasses
                    + " class logits, " + 4 * p + " distances and " + p
                    + " centerness logits for " + points);
        }
        return decode(clsLogits, boxDistances, centernessLogits, 0, points, validHeight,
                validWidth, scale);
    }

    /**
     * Decodes image {@code image} of a batch's flattened outputs.
     *
     * @param clsLogits {@code N * P * K} classification logits of the batch
     * @param boxDistances {@code N * P * 4} {@code l, t, r, b}, input pixels
     * @param centernessLogits {@code N * P} centerness logits
     * @param image the image's index in the batch
     * @param points the points of the batch's input size
     * @param validHeight the image's height in input pixels, padding excluded, positive
     * @param validWidth the image's width in input pixels, padding excluded, positive
     * @param scale input pixels per original pixel (the resize factor), positive
     * @return at most {@code maxDetections} detections in original pixels, by score descending
     */
    public List<DetectedBox> decode(float[] clsLogits, float[] boxDistances,
            float[] centernessLogits, int image, FcosPoints points, int validHeight,
            int validWidth, float scale) {
        List<Located> located = decodeLocated(clsLogits, boxDistances, centernessLogits, image,
                points, validHeight, validWidth, scale);
        List<DetectedBox> out = new ArrayList<>(located.size());
        for (Located l : located) {
            out.add(l.box());
        }
        return out;
    }

    /**
     * A kept detection with the location it was predicted at.
     *
     * @param box the detection, as {@link #decode} returns it (original pixels)
     * @param location the index of its point in the image's outputs, {@code [0, P)} ({@link
     *     FcosPoints} order: finest level first, each level row-major): where its mask
     *     coefficients are, for instance
     */
    public record Located(DetectedBox box, int location) {}

    /**
     * Decodes image {@code image} of a batch's flattened outputs, as {@link #decode(float[],
     * float[], float[], int, FcosPoints, int, int, float)} (the same detections in the same
     * order), each with its location.
     *
     * @param clsLogits {@code N * P * K} classification logits of the batch
     * @param boxDistances {@code N * P * 4} {@code l, t, r, b}, input pixels
     * @param centernessLogits {@code N * P} centerness logits
     * @param image the image's index in the batch
     * @param points the points of the batch's input size
     * @param validHeight the image's height in input pixels, padding excluded, positive
     * @param validWidth the image's width in input pixels, padding excluded, positive
     * @param scale input pixels per original pixel (the resize factor), positive
     * @return at most {@code maxDetections} detections in original pixels, by score descending
     */
    public List<Located> decodeLocated(float[] clsLogits, float[] boxDistances,
            float[] centernessLogits, int image, FcosPoints points, int validHeight,
            int validWidth, float scale) {
        int p = points.count();
        if (clsLogits == null || boxDistances == null || centernessLogits == null
                || centernessLogits.length % p != 0
                || clsLogits.length != (long) centernessLogits.length * numClasses
                || boxDistances.length != 4L * centernessLogits.length) {
            throw new IllegalArgumentException("expected N * " + p + " * " + numClasses
                    + " class logits, N * " + p + " * 4 distances and N * " + p
                    + " centerness logits for " + points);
        }
        int batch = centernessLogits.length / p;
        if (image < 0 || image >= batch) {
            throw new IllegalArgumentException("image " + image + " outside the batch of "
                    + batch);
        }
        if (validHeight <= 0 || validWidth <= 0) {
            throw new IllegalArgumentException("valid image size must be positive, got "
                    + validHeight + "x" + validWidth);
        }
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        int k = numClasses;
        int pointBase = image * p;
        float[] cand = new float[0];
        int[] candClass = new int[0];
        float[] candScore = new float[0];
        int[] candPoint = new int[0];
        int size = 0;
        for (int level = 0; level < points.levels(); level++) {
            long[] keys = levelCandidates(clsLogits, centernessLogits, pointBase,
                    points.levelStart(level), points.levelStart(level + 1));
            int take = Math.min(keys.length, topK);
            cand = Arrays.copyOf(cand, 4 * (size + take));
            candClass = Arrays.copyOf(candClass, size + take);
            candScore = Arrays.copyOf(candScore, size + take);
            candPoint = Arrays.copyOf(candPoint, size + take);
            for (int c = 0; c < take; c++) {
                int flat = (int) keys[c];
                int point = flat / k;
                int b = 4 * (pointBase + point);
                float px = points.x(point);
                float py = points.y(point);
                float x1 = clip(px - boxDistances[b], validWidth);
                float y1 = clip(py - boxDistances[b + 1], validHeight);
                float x2 = clip(px + boxDistances[b + 2], validWidth);
                float y2 = clip(py + boxDistances[b + 3], validHeight);
                if (!(x2 > x1) || !(y2 > y1)) {
                    continue; // empty after clipping, or NaN
                }
                cand[4 * size] = x1;
                cand[4 * size + 1] = y1;
                cand[4 * size + 2] = x2;
                cand[4 * size + 3] = y2;
                candClass[size] = flat % k;
                candPoint[size] = point;
                candScore[size] = Float.intBitsToFloat(Integer.MAX_VALUE - (int) (keys[c] >>> 32));
                size++;
            }
        }
        int[] kept = Nms.batched(Arrays.copyOf(cand, 4 * size), Arrays.copyOf(candScore, size),
                Arrays.copyOf(candClass, size), nmsIou, maxDetections);
        List<Located> out = new ArrayList<>(kept.length);
        for (int i : kept) {
            out.add(new Located(new DetectedBox(candClass[i], candScore[i], cand[4 * i] / scale,
                    cand[4 * i + 1] / scale, cand[4 * i + 2] / scale, cand[4 * i + 3] / scale),
                    candPoint[i]));
        }
        return out;
    }

    /**
     * The (point, class) pairs of one level scoring above the threshold, as sort keys: high 32
     * bits {@code Integer.MAX_VALUE - floatBits(score)} (scores are positive, so their bits order
     * as they do), low 32 bits the flat index {@code point * K + class} of the level's point
     * (relative to the image), sorted: by score descending, then flat index ascending.
     */
    private long[] levelCandidates(float[] clsLogits, float[] centernessLogits, int pointBase,
            int start, int end) {
        int k = numClasses;
        double thr2 = (double) scoreThreshold * scoreThreshold;
        long[] keys = new long[64];
        int n = 0;
        for (int point = start; point < end; point++) {
            double sc = sigmoid(centernessLogits[pointBase + point]);
            // score > thr needs sigmoid(cls) > thr^2 / sc: a cheap logit bound skips most pairs
            double q = thr2 / sc;
            if (!(q < 1)) {
                continue; // also NaN centerness
            }
            // the bound is loosened by a relative 1e-6 in q, far more than the float rounding of
            // the score, so the exact test below decides every pair near the threshold
            double loose = q * (1 - 1e-6);
            double bound = loose <= 0 ? Double.NEGATIVE_INFINITY
                    : Math.log(loose) - Math.log1p(-loose);
            int base = (pointBase + point) * k;
            for (int c = 0; c < k; c++) {
                float logit = clsLogits[base + c];
                if (!(logit > bound)) {
                    continue;
                }
                float score = (float) Math.sqrt(sigmoid(logit) * sc);
                if (!(score > scoreThreshold)) {
                    continue;
                }
                if (n == keys.length) {
                    keys = Arrays.copyOf(keys, 2 * n);
                }
                long flat = (long) point * k + c;
                keys[n++] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(score)) << 32) | flat;
            }
        }
        if (n > topK) {
            selectSmallest(keys, n, topK); // the topK best first, in any order
            n = topK;
        }
        keys = Arrays.copyOf(keys, n);
        Arrays.sort(keys);
        return keys;
    }

    /**
     * Moves the {@code k} smallest of {@code keys[0, n)} (all distinct) to {@code [0, k)}:
     * quickselect with a median-of-three pivot, so a level with many candidates costs linear time
     * instead of a full sort.
     */
    static void selectSmallest(long[] keys, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long a = keys[lo];
            long b = keys[mid];
            long c = keys[hi];
            long pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (keys[i] < pivot) {
                    i++;
                }
                while (keys[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = keys[i];
                    keys[i] = keys[j];
                    keys[j] = t;
                    i++;
                    j--;
                }
            }
            // now [lo, j] <= pivot <= [i, hi]
            if (k - 1 <= j) {
                hi = j;
            } else if (k - 1 >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static double sigmoid(float x) {
        return 1 / (1 + Math.exp(-(double) x));
    }

    private static float clip(float v, int max) {
        return Math.min(Math.max(v, 0f), max);
    }

    /** Settings of a {@link FcosDecoder}; every {@code opt} has torchvision's default. */
    public static final class Builder {

        private final int numClasses;
        private float scoreThreshold = SCORE_THRESHOLD;
        private int topK = TOP_K;
        private float nmsIou = NMS_IOU;
        private int maxDetections = MAX_DETECTIONS;

        private Builder(int numClasses) {
            this.numClasses = numClasses;
        }

        /** @param threshold keep pairs scoring above this, in {@code [0, 1)} */
        public Builder optScoreThreshold(float threshold) {
            this.scoreThreshold = threshold;
            return this;
        }

        /** @param topK candidates kept per level before NMS, positive */
        public Builder optTopK(int topK) {
            this.topK = topK;
            return this;
        }

        /** @param iou NMS suppresses above this IoU, in {@code [0, 1]} */
        public Builder optNmsIou(float iou) {
            this.nmsIou = iou;
            return this;
        }

        /** @param maxDetections most detections per image, positive */
        public Builder optMaxDetections(int maxDetections) {
            this.maxDetections = maxDetections;
            return this;
        }

        /**
         * @return the decoder
         * @throws IllegalArgumentException naming the setting and value that is out of range
         */
        public FcosDecoder build() {
            if (numClasses < 1) {
                throw new IllegalArgumentException("numClasses must be at least 1, got "
                        + numClasses);
            }
            if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
                throw new IllegalArgumentException("scoreThreshold must be in [0, 1), got "
                        + scoreThreshold);
            }
            if (topK < 1) {
                throw new IllegalArgumentException("topK must be positive, got " + topK);
            }
            if (!(nmsIou >= 0 && nmsIou <= 1)) {
                throw new IllegalArgumentException("nmsIou must be in [0, 1], got " + nmsIou);
            }
            if (maxDetections < 1) {
                throw new IllegalArgumentException("maxDetections must be positive, got "
                        + maxDetections);
            }
            return new FcosDecoder(this);
        }
    }
}
