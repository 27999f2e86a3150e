package dev.hsresnet.vision.detection;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.hsresnet.core.nn.Scalars;

/**
 * The FCOS training loss, as torchvision's {@code FCOSHead.compute_loss}: three sums, each divided
 * by {@code max(1, numPositives)} of the whole batch, and their total.
 *
 * <ul>
 *   <li><b>classification</b>: sigmoid focal loss ({@code torchvision.ops.sigmoid_focal_loss},
 *       {@code alpha = 0.25, gamma = 2}) against one-hot targets (all zeros for background),
 *       summed over every point and class: with {@code p = sigmoid(x)}, {@code ce =
 *       softplus(x) - x t}, {@code p_t = p t + (1 - p)(1 - t)}, {@code alpha_t = alpha t + (1 -
 *       alpha)(1 - t)}, the term is {@code alpha_t (1 - p_t)^gamma ce};
 *   <li><b>box regression</b>: {@code 1 - GIoU} of the predicted and the target box around each
 *       positive point ({@code torchvision.ops.generalized_box_iou_loss}, eps 1e-7). GIoU does not
 *       depend on where the point is, so it is computed from the distances directly: intersection
 *       width {@code min(l, l') + min(r, r')}, enclosing width {@code max(l, l') + max(r, r')},
 *       and so on; the intersection is 0, without gradient, unless its width and height are both
 *       positive (torchvision's mask; it matters for a zero-size prediction). Background points
 *       compute against a dummy target (1, 1, 1, 1) and are masked out, so no NaN can arise;
 *   <li><b>centerness</b>: binary cross-entropy with logits on the positives, {@code softplus(x) -
 *       x t}.
 * </ul>
 *
 * All terms use {@code softplus} for the log-sigmoids (stable for any logit). Built of DJL
 * NDArray operations, so autograd differentiates it.
 */
public final class FcosLoss {

    /** Focal loss alpha of torchvision and the RetinaNet/FCOS papers. */
    public static final float FOCAL_ALPHA = 0.25f;

    /** Focal loss gamma of torchvision and the RetinaNet/FCOS papers. */
    public static final float FOCAL_GAMMA = 2f;

    /** The epsilon of torchvision's {@code generalized_box_iou_loss}, in both denominators. */
    public static final float GIOU_EPS = 1e-7f;

    /**
     * The loss and its parts, each a scalar float32 NDArray; {@code total} carries the gradient.
     *
     * @param total {@code classification + boxRegression + centerness}
     * @param classification the focal loss sum over the normaliser
     * @param boxRegression the GIoU loss sum over the normaliser
     * @param centerness the centerness BCE sum over the normaliser
     */
    public record Parts(NDArray total, NDArray classification, NDArray boxRegression,
            NDArray centerness) {}

    private final int numClasses;
    private final float alpha;
    private final float gamma;

    /** @param numClasses the number of classes K of the classification logits */
    public FcosLoss(int numClasses) {
        this(numClasses, FOCAL_ALPHA, FOCAL_GAMMA);
    }

    /**
     * @param numClasses the number of classes K of the classification logits
     * @param alpha the focal loss weight of positives, in {@code [0, 1]}
     * @param gamma the focal loss focusing exponent, finite and {@code >= 0}
     */
    public FcosLoss(int numClasses, float alpha, float gamma) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("focal alpha must be in [0, 1], got " + alpha);
        }
        if (!(gamma >= 0) || Float.isInfinite(gamma)) {
            throw new IllegalArgumentException("focal gamma must be finite and >= 0, got " + gamma);
        }
        this.numClasses = numClasses;
        this.alpha = alpha;
        this.gamma = gamma;
    }

    /**
     * @param outputs the network's training forward: {@code [clsLogits (N, P, K), boxDistances
     *     (N, P, 4) in input pixels, centernessLogits (N, P)]} (float32)
     * @param targets the batch's targets, of the same {@code N} and {@code P}
     * @return the total and its three parts
     */
    public Parts apply(NDList outputs, FcosTargetBatch targets) {
        if (outputs == null || outputs.size() != 3) {
            throw new IllegalArgumentException("expected [clsLogits, boxDistances, "
                    + "centernessLogits], got " + (outputs == null ? "null" : outputs.size())
                    + " arrays");
        }
        NDArray cls = outputs.get(0);
        NDArray box = outputs.get(1);
        NDArray ctr = outputs.get(2);
        if (cls.getShape().dimension() != 3 || cls.getShape().get(2) != numClasses) {
            throw new IllegalArgumentException("expected clsLogits (N, P, " + numClasses
                    + "), got " + cls.getShape());
        }
        long n = cls.getShape().get(0);
        long p = cls.getShape().get(1);
        if (ctr.getShape().dimension() == 3 && ctr.getShape().get(2) == 1) {
            ctr = ctr.squeeze(2);
        }
        if (!box.getShape().equals(new Shape(n, p, 4))
                || !ctr.getShape().equals(new Shape(n, p))) {
            throw new IllegalArgumentException("expected boxDistances (" + n + ", " + p
                    + ", 4) and centernessLogits (" + n + ", " + p + "), got " + box.getShape()
                    + " and " + ctr.getShape());
        }
        if (!targets.labels().getShape().equals(new Shape(n, p))) {
            throw new IllegalArgumentException("targets are for " + targets.labels().getShape()
                    + " points, the outputs for (" + n + ", " + p + ")");
        }
        Device device = cls.getDevice();
        NDArray labels = targets.labels().toDevice(device, false).toType(DataType.INT32, false);
        NDArray boxTargets = targets.boxTargets().toDevice(device, false);
        NDArray ctrTargets = targets.centerness().toDevice(device, false);
        float normaliser = Math.max(1, targets.numPositives());

        NDArray classes = cls.getManager().arange(numClasses).toType(DataType.INT32, false);
        NDArray oneHot = labels.expandDims(2).eq(classes).toType(DataType.FLOAT32, false);
        NDArray positive = labels.gte(0).toType(DataType.FLOAT32, false);

        NDArray classification = Scalars.over(focal(cls, oneHot).sum(), normaliser);
        NDArray safeTargets = boxTargets.add(positive.neg().add(1).expandDims(2));
        NDArray boxRegression = Scalars.over(giouLoss(box, safeTargets).mul(positive).sum(),
                normaliser);
        NDArray centerness = Scalars.over(
                Activation.softPlus(ctr).sub(ctr.mul(ctrTargets)).mul(positive).sum(), normaliser);
        NDArray total = classification.add(boxRegression).add(centerness);
        return new Parts(total, classification, boxRegression, centerness);
    }

    /** Element-wise sigmoid focal loss of logits {@code x} against targets {@code t} in [0, 1]. */
    NDArray focal(NDArray x, NDArray t) {
        NDArray prob = Activation.sigmoid(x);
        NDArray ce = Activation.softPlus(x).sub(x.mul(t));
        // 1 - p_t = (1 - p) t + p (1 - t): exactly 1 - p or p for 0/1 targets, no cancellation
        NDArray oneMinusPt = prob.neg().add(1).mul(t).add(prob.mul(t.neg().add(1)));
        NDArray loss = gamma == 0 ? ce : ce.mul(Scalars.power(oneMinusPt, gamma));
        NDArray alphaT = t.mul(2 * alpha - 1).add(1 - alpha);
        return loss.mul(alphaT);
    }

    /**
     * {@code 1 - GIoU} of boxes given by their distances from a common point.
     *
     * @param pred {@code (..., 4)} {@code l, t, r, b} of the predicted boxes, pixels, {@code >= 0}
     * @param target {@code (..., 4)} {@code l, t, r, b} of the target boxes, pixels, positive
     * @return {@code (...)} the loss per box
     */
    static NDArray giouLoss(NDArray pred, NDArray target) {
        NDArray pl = pred.get(new NDIndex("..., 0"));
        NDArray pt = pred.get(new NDIndex("..., 1"));
        NDArray pr = pred.get(new NDIndex("..., 2"));
        NDArray pb = pred.get(new NDIndex("..., 3"));
        NDArray tl = target.get(new NDIndex("..., 0"));
        NDArray tt = target.get(new NDIndex("..., 1"));
        NDArray tr = target.get(new NDIndex("..., 2"));
        NDArray tb = target.get(new NDIndex("..., 3"));
        NDArray predArea = pl.add(pr).mul(pt.add(pb));
        NDArray targetArea = tl.add(tr).mul(tt.add(tb));
        NDArray interW = pl.minimum(tl).add(pr.minimum(tr));
        NDArray interH = pt.minimum(tt).add(pb.minimum(tb));
        // boxes that do not overlap (a zero-width prediction included) have intersection 0 and
        // no gradient through it, as torchvision masks it; a clamp at 0 would pass half of one
        NDArray overlap = interW.gt(0f).logicalAnd(interH.gt(0f)).toType(DataType.FLOAT32, false);
        NDArray inter = interW.mul(interH).mul(overlap);
        NDArray union = predArea.add(targetArea).sub(inter);
        NDArray iou = inter.div(union.add(GIOU_EPS));
        NDArray enclosing = pl.maximum(tl).add(pr.maximum(tr))
                .mul(pt.maximum(tt).add(pb.maximum(tb)));
        NDArray giou = iou.sub(enclosing.sub(union).div(enclosing.add(GIOU_EPS)));
        return giou.neg().add(1);
    }
}
