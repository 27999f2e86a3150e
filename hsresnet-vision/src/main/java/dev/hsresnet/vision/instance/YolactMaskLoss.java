package dev.hsresnet.vision.instance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.hsresnet.core.nn.Scalars;
import dev.hsresnet.vision.detection.FcosTargets;
import java.util.List;

/**
 * YOLACT's mask loss (Bolya et al. 2019, as mmdet's {@code YOLACTProtonet.loss}: crop, then
 * normalisation by the box area), on FCOS's positive locations.
 *
 * <p>For each image, the positive locations of its FCOS assignment ({@link FcosTargets}, label
 * not background), each with its matched ground-truth box {@code g}, leaving out the locations
 * matched to a box whose mask target is empty (all zero: an object cropped out of the input
 * while its box stays, which would teach an empty mask inside the box; its box losses are
 * FCOS's and keep it); of them at most {@code maxMasks} ({@link #select}). For a selected location {@code p} with coefficients {@code c_p}
 * (k) and the image's prototypes {@code P} (k, H4, W4), the logit map is {@code z = sum_c c_p,c
 * P_c} (H4, W4), the mask {@code sigmoid(z)}, and its loss
 *
 * <pre>
 *   L_p = sum_{(y, x) in crop(g)} BCE(sigmoid(z_yx), t_g,yx) / area(g)
 * </pre>
 *
 * with {@code t_g} the box's ground-truth mask at stride 4 ({@link MaskTargets}), {@code BCE(s, t)
 * = -t log s - (1 - t) log(1 - s)} computed from the logit as {@code softplus(z) - z t} (exact
 * and stable for any logit), {@code crop(g)} the stride-4 pixels whose centre {@code ((x + 0.5) *
 * 4, (y + 0.5) * 4)} lies in the box, {@code x1 <= cx < x2} and {@code y1 <= cy < y2} (input
 * pixels), and {@code area(g)} the box's area in stride-4 pixels, {@code (x2 - x1)(y2 - y1) /
 * 16} after clipping the box to the prototypes' extent {@code [0, 4 W4] x [0, 4 H4]}, at least 1
 * (so that a box smaller than one stride-4 pixel cannot weigh more than a pixel's loss). The loss
 * is {@code weight * sum_p L_p / max(1, S)} over the {@code S} selected locations of the batch.
 *
 * <p>Built of DJL NDArray operations, so autograd differentiates it with respect to the
 * coefficients and the prototypes; the constants (selection, crops, weights, targets) are arrays,
 * never DJL's {@code Number} overloads (docs/engine.md). The coefficients are picked by a one-hot
 * matrix product, the targets likewise, so no gather is differentiated.
 */
public final class YolactMaskLoss {

    /** The default most masks per image (YOLACT's {@code masks_to_train} is 100). */
    public static final int DEFAULT_MAX_MASKS = 100;

    /** The default weight of the mask loss in the total. */
    public static final float DEFAULT_WEIGHT = 1f;

    /** The prototypes' stride in input pixels. */
    public static final int STRIDE = 4;

    private final int maxMasks;
    private final float weight;

    /** The loss with at most 100 masks per image and weight 1. */
    public YolactMaskLoss() {
        this(DEFAULT_MAX_MASKS, DEFAULT_WEIGHT);
    }

    /**
     * @param maxMasks the most positive locations per image whose masks are trained, positive
     * @param weight the factor of the loss, finite and {@code >= 0}
     */
    public YolactMaskLoss(int maxMasks, float weight) {
        if (maxMasks < 1) {
            throw new IllegalArgumentException("maxMasks must be positive, got " + maxMasks);
        }
        if (!(weight >= 0) || Float.isInfinite(weight)) {
            throw new IllegalArgumentException("mask loss weight must be finite and >= 0, got "
                    + weight);
        }
        this.maxMasks = maxMasks;
        this.weight = weight;
    }

    /** @return the most masks trained per image */
    public int maxMasks() {
        return maxMasks;
    }

    /** @return the factor of the loss */
    public float weight() {
        return weight;
    }

    /**
     * The positive locations whose masks are trained: all of them, in location order, when there
     * are at most {@code max}; otherwise {@code max} of them evenly spaced over that order, the
     * {@code floor(i * c / max)}-th of the {@code c} positives for {@code i = 0 .. max - 1}
     * (deterministic, and spread over the levels and boxes instead of the finest level's first).
     *
     * @param assignment an image's FCOS targets
     * @param max the most locations, positive
     * @return the selected location indices, ascending
     */
    public static int[] select(FcosTargets assignment, int max) {
        return select(assignment, null, max);
    }

    /**
     * As {@link #select(FcosTargets, int)}, over the positive locations whose matched box has a
     * mask to learn.
     *
     * @param assignment an image's FCOS targets
     * @param withMask per ground-truth box whether its mask target has any pixel, or null for
     *     all; locations matched to a box without one are left out before the selection
     * @param max the most locations, positive
     * @return the selected location indices, ascending
     */
    static int[] select(FcosTargets assignment, boolean[] withMask, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        int[] labels = assignment.labels();
        int[] matched = assignment.matchedBoxes();
        int[] positives = new int[assignment.numPositives()];
        int c = 0;
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] != FcosTargets.BACKGROUND
                    && (withMask == null || withMask[matched[p]])) {
                positives[c++] = p;
            }
        }
        if (c <= max) {
            return java.util.Arrays.copyOf(positives, c);
        }
        int[] out = new int[max];
        for (int i = 0; i < max; i++) {
            out[i] = positives[(int) ((long) i * c / max)];
        }
        return out;
    }

    /**
     * @param coefficients {@code (N, P, k)} the network's mask coefficients (training forward)
     * @param prototypes {@code (N, k, H4, W4)} the network's prototypes
     * @param images one {@link MaskTargets} per image, of {@code P} locations and {@code H4 x W4}
     *     masks
     * @return the weighted loss, a scalar float32 array carrying the gradient (0 when no image
     *     has a positive location)
     * @throws IllegalArgumentException naming the image and the size when the inputs disagree
     */
    public NDArray apply(NDArray coefficients, NDArray prototypes, List<MaskTargets> images) {
        Shape cs = coefficients.getShape();
        Shape ps = prototypes.getShape();
        if (cs.dimension() != 3 || ps.dimension() != 4 || cs.get(0) != ps.get(0)
                || cs.get(2) != ps.get(1)) {
            throw new IllegalArgumentException("expected coefficients (N, P, k) and prototypes "
                    + "(N, k, H4, W4), got " + cs + " and " + ps);
        }
        int n = Math.toIntExact(cs.get(0));
        int p = Math.toIntExact(cs.get(1));
        int k = Math.toIntExact(cs.get(2));
        int h4 = Math.toIntExact(ps.get(2));
        int w4 = Math.toIntExact(ps.get(3));
        int hw = h4 * w4;
        if (images == null || images.size() != n) {
            throw new IllegalArgumentException("need mask targets for each of the " + n
                    + " images, got " + (images == null ? "none" : images.size()));
        }
        int[][] selected = new int[n][];
        int total = 0;
        for (int i = 0; i < n; i++) {
            MaskTargets t = images.get(i);
            if (t.assignment().count() != p) {
                throw new IllegalArgumentException("image " + i + ": targets of "
                        + t.assignment().count() + " locations, the outputs have " + p);
            }
            if (t.masks().length != (long) t.count() * hw) {
                throw new IllegalArgumentException("image " + i + ": " + t.masks().length
                        + " mask values for " + t.count() + " boxes, need " + t.count() + " x "
                        + h4 + " x " + w4 + " (the prototypes' size)");
            }
            selected[i] = select(t.assignment(), withMask(t.masks(), t.count(), hw), maxMasks);
            total += selected[i].length;
        }
        NDManager m = coefficients.getManager();
        if (total == 0) {
            // no mask to train: 0, with a (zero) gradient path to both outputs
            return Scalars.times(coefficients.sum().add(prototypes.sum()), 0f);
        }
        NDArray loss = null;
        for (int i = 0; i < n; i++) {
            int s = selected[i].length;
            if (s == 0) {
                continue;
            }
            MaskTargets t = images.get(i);
            int[] matched = t.assignment().matchedBoxes();
            int g = t.count();
            float[] pick = new float[s * p];
            float[] pickBox = new float[s * g];
            float[] rows = new float[s * h4];
            float[] columns = new float[s * w4];
            for (int j = 0; j < s; j++) {
                int box = matched[selected[i][j]];
                pick[j * p + selected[i][j]] = 1f;
                pickBox[j * g + box] = 1f;
                float[] b = t.boxes();
                float x1 = b[4 * box];
                float y1 = b[4 * box + 1];
                float x2 = b[4 * box + 2];
                float y2 = b[4 * box + 3];
                double area = (Math.min(x2, STRIDE * w4) - Math.max(x1, 0.0))
                        * (Math.min(y2, STRIDE * h4) - Math.max(y1, 0.0)) / (STRIDE * STRIDE);
                float factor = (float) (weight / (Math.max(area, 1.0) * total));
                for (int y = 0; y < h4; y++) {
                    float c = (y + 0.5f) * STRIDE;
                    rows[j * h4 + y] = c >= y1 && c < y2 ? 1f : 0f;
                }
                for (int x = 0; x < w4; x++) {
                    float c = (x + 0.5f) * STRIDE;
                    columns[j * w4 + x] = c >= x1 && c < x2 ? factor : 0f;
                }
            }
            NDArray coeff = m.create(pick, new Shape(s, p)).matMul(coefficients.get(i));
            NDArray logits = coeff.matMul(prototypes.get(i).reshape(k, hw));
            NDArray target = m.create(pickBox, new Shape(s, g))
                    .matMul(m.create(t.masks(), new Shape(g, hw)));
            NDArray crop = m.create(rows, new Shape(s, h4, 1))
                    .mul(m.create(columns, new Shape(s, 1, w4))).reshape(s, hw);
            NDArray bce = Activation.softPlus(logits).sub(logits.mul(target));
            NDArray image = bce.mul(crop).sum();
            loss = loss == null ? image : loss.add(image);
        }
        return loss;
    }

    /** @return per box whether its {@code hw}-value mask target has a non-zero value */
    private static boolean[] withMask(float[] masks, int boxes, int hw) {
        boolean[] any = new boolean[boxes];
        for (int g = 0; g < boxes; g++) {
            for (int j = g * hw; j < (g + 1) * hw && !any[g]; j++) {
                any[g] = masks[j] != 0;
            }
        }
        return any;
    }
}
