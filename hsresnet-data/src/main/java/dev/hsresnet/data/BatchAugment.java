package dev.hsresnet.data;

import java.util.SplittableRandom;

/**
 * Batch-level augmentation producing soft targets, after timm's {@code Mixup} in "batch" mode.
 *
 * <p>Per batch: with probability {@code mixProb} (when mixup or cutmix is enabled) the batch is
 * mixed with itself in reversed order (sample {@code i} with sample {@code n-1-i}; with an odd
 * {@code n} the middle sample mixes with itself). When both are enabled cutmix is chosen with
 * probability {@code switchProb}, else mixup. {@code lambda ~ Beta(alpha, alpha)} of the chosen
 * method.
 *
 * <ul>
 *   <li>mixup: {@code x_i = lambda * x_i + (1 - lambda) * x_(n-1-i)}.
 *   <li>cutmix: a box with sides {@code floor(H sqrt(1-lambda))}, {@code floor(W sqrt(1-lambda))}
 *       centred at a uniform random pixel (sides rounded down to even, clipped to the image) is
 *       pasted from the partner, identically for every sample of the batch; lambda is then
 *       corrected to {@code 1 - boxArea / (H W)}.
 * </ul>
 *
 * <p>Targets: {@code lambda * s(y_i) + (1 - lambda) * s(y_(n-1-i))} where {@code s(y) = (1 - eps)
 * onehot(y) + eps / classes} (label smoothing); without mixing, {@code lambda = 1}. Every row sums
 * to 1. Images are in whatever space the transforms left them (normally normalized).
 */
public final class BatchAugment {

    private final int classes;
    private final double smoothing;
    private final double mixupAlpha;
    private final double cutmixAlpha;
    private final double mixProb;
    private final double switchProb;

    private BatchAugment(Builder b) {
        this.classes = b.classes;
        this.smoothing = b.smoothing;
        this.mixupAlpha = b.mixupAlpha;
        this.cutmixAlpha = b.cutmixAlpha;
        this.mixProb = b.mixProb;
        this.switchProb = b.switchProb;
    }

    /**
     * Starts a configuration: no smoothing, mixup and cutmix off, mixProb 1, switchProb 0.5.
     *
     * @param classes number of classes (width of the target rows), at least 2
     * @return a builder
     */
    public static Builder builder(int classes) {
        return new Builder(classes);
    }

    /** @return the number of classes of the target rows */
    public int classes() {
        return classes;
    }

    /**
     * What {@link #apply} decided for one batch.
     *
     * @param batch the augmented batch (new arrays; the input is not modified)
     * @param lambda weight of each sample's own image and label (1 when not mixed)
     * @param cutmix whether cutmix was used
     * @param box {@code {top, left, bottom, right}} (exclusive) of the cutmix box, or null
     */
    public record Result(Batch batch, double lambda, boolean cutmix, int[] box) {}

    /**
     * Augments a batch.
     *
     * @param batch the assembled batch (its {@code targets} are ignored)
     * @param rng the batch's generator
     * @return the batch with mixed images and soft targets
     */
    public Batch apply(Batch batch, SplittableRandom rng) {
        return applyDetailed(batch, rng).batch();
    }

    /**
     * Like {@link #apply}, also reporting lambda and the box (for tests and logging).
     *
     * @param batch the assembled batch
     * @param rng the batch's generator
     * @return the augmented batch and the decisions taken
     */
    public Result applyDetailed(Batch batch, SplittableRandom rng) {
        int n = batch.n();
        for (int label : batch.labels()) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
            }
        }
        double lambda = 1.0;
        boolean useCutmix = false;
        boolean mixEnabled = mixupAlpha > 0 || cutmixAlpha > 0;
        if (mixEnabled && rng.nextDouble() < mixProb) {
            if (mixupAlpha > 0 && cutmixAlpha > 0) {
                useCutmix = rng.nextDouble() < switchProb;
            } else {
                useCutmix = cutmixAlpha > 0;
            }
            double alpha = useCutmix ? cutmixAlpha : mixupAlpha;
            lambda = BetaSampler.beta(rng, alpha, alpha);
        }
        float[] src = batch.images();
        float[] images = src.clone();
        int[] box = null;
        int per = batch.sampleSize();
        if (useCutmix) {
            box = cutmixBox(batch.h(), batch.w(), lambda, rng);
            lambda = 1.0 - (double) (box[2] - box[0]) * (box[3] - box[1]) / (batch.h() * batch.w());
            for (int i = 0; i < n; i++) {
                int dst = i * per;
                int from = (n - 1 - i) * per;
                for (int ch = 0; ch < batch.c(); ch++) {
                    for (int y = box[0]; y < box[2]; y++) {
                        int row = (ch * batch.h() + y) * batch.w();
                        System.arraycopy(src, from + row + box[1], images, dst + row + box[1],
                                box[3] - box[1]);
                    }
                }
            }
        } else if (lambda < 1.0) {
            float a = (float) lambda;
            float b = (float) (1.0 - lambda);
            for (int i = 0; i < n; i++) {
                int dst = i * per;
                int from = (n - 1 - i) * per;
                for (int k = 0; k < per; k++) {
                    images[dst + k] = a * src[dst + k] + b * src[from + k];
                }
            }
        }
        float[] targets = new float[n * classes];
        float off = (float) (smoothing / classes);
        float on = (float) (1.0 - smoothing) + off;
        for (int i = 0; i < n; i++) {
            int row = i * classes;
            for (int k = 0; k < classes; k++) {
                targets[row + k] = off;
            }
            targets[row + batch.labels()[i]] += (float) lambda * (on - off);
            targets[row + batch.labels()[n - 1 - i]] += (float) (1.0 - lambda) * (on - off);
        }
        Batch out = new Batch(images, n, batch.c(), batch.h(), batch.w(),
                batch.labels().clone(), targets);
        return new Result(out, lambda, useCutmix, box);
    }

    /** timm's {@code rand_bbox}: returns {top, left, bottom, right}, bottom/right exclusive. */
    private static int[] cutmixBox(int h, int w, double lambda, SplittableRandom rng) {
        double ratio = Math.sqrt(1.0 - lambda);
        int cutH = (int) (h * ratio);
        int cutW = (int) (w * ratio);
        int cy = rng.nextInt(h);
        int cx = rng.nextInt(w);
        int top = clamp(cy - cutH / 2, h);
        int bottom = clamp(cy + cutH / 2, h);
        int left = clamp(cx - cutW / 2, w);
        int right = clamp(cx + cutW / 2, w);
        return new int[] {top, left, bottom, right};
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /** Configures a {@link BatchAugment}. */
    public static final class Builder {
        private final int classes;
        private double smoothing;
        private double mixupAlpha;
        private double cutmixAlpha;
        private double mixProb = 1.0;
        private double switchProb = 0.5;

        private Builder(int classes) {
            if (classes < 2) {
                throw new IllegalArgumentException("need at least 2 classes, got " + classes);
            }
            this.classes = classes;
        }

        /**
         * @param eps label smoothing in [0, 1): the true class gets {@code 1 - eps + eps/classes},
         *     the others {@code eps/classes}
         * @return this
         */
        public Builder labelSmoothing(double eps) {
            if (!(eps >= 0 && eps < 1)) {
                throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + eps);
            }
            this.smoothing = eps;
            return this;
        }

        /**
         * @param alpha Beta(alpha, alpha) parameter of mixup; 0 disables mixup
         * @return this
         */
        public Builder mixup(double alpha) {
            this.mixupAlpha = checkAlpha(alpha);
            return this;
        }

        /**
         * @param alpha Beta(alpha, alpha) parameter of cutmix; 0 disables cutmix
         * @return this
         */
        public Builder cutmix(double alpha) {
            this.cutmixAlpha = checkAlpha(alpha);
            return this;
        }

        /**
         * @param p probability in [0, 1] that a batch is mixed at all
         * @return this
         */
        public Builder mixProb(double p) {
            this.mixProb = checkProb(p);
            return this;
        }

        /**
         * @param p probability in [0, 1] of cutmix rather than mixup when both are enabled
         * @return this
         */
        public Builder switchProb(double p) {
            this.switchProb = checkProb(p);
            return this;
        }

        /** @return the configured augmentation */
        public BatchAugment build() {
            return new BatchAugment(this);
        }

        private static double checkAlpha(double alpha) {
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be >= 0 and finite, got " + alpha);
            }
            return alpha;
        }

        private static double checkProb(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
            }
            return p;
        }
    }
}
