package dev.hsresnet.vision.instance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.hsresnet.vision.detection.FcosLoss;
import dev.hsresnet.vision.detection.FcosTargetBatch;
import java.util.List;

/**
 * The training loss of a {@link YolactNet}: the FCOS detector's three losses, exactly as {@link
 * FcosLoss} computes them on the first three outputs, plus the {@link YolactMaskLoss} on the
 * coefficients and prototypes.
 */
public final class YolactLoss {

    /**
     * The loss and its parts, each a scalar float32 NDArray; {@code total} carries the gradient.
     *
     * @param total {@code classification + boxRegression + centerness + mask}
     * @param classification FCOS's focal loss
     * @param boxRegression FCOS's GIoU loss
     * @param centerness FCOS's centerness BCE
     * @param mask the weighted mask loss
     */
    public record Parts(NDArray total, NDArray classification, NDArray boxRegression,
            NDArray centerness, NDArray mask) {}

    private final FcosLoss detection;
    private final YolactMaskLoss mask;

    /**
     * @param detection the detector's losses
     * @param mask the mask loss
     */
    public YolactLoss(FcosLoss detection, YolactMaskLoss mask) {
        if (detection == null || mask == null) {
            throw new IllegalArgumentException("need the detection and the mask loss");
        }
        this.detection = detection;
        this.mask = mask;
    }

    /** @param numClasses the classes of the classification logits; default focal and mask settings */
    public YolactLoss(int numClasses) {
        this(new FcosLoss(numClasses), new YolactMaskLoss());
    }

    /**
     * @param outputs the network's training forward: {@code [clsLogits, boxDistances,
     *     centernessLogits, coefficients, prototypes]}
     * @param targets the batch's FCOS targets, stacked from the same per-image assignments as
     *     {@code masks} holds
     * @param masks one {@link MaskTargets} per image
     * @return the total and its four parts
     */
    public Parts apply(NDList outputs, FcosTargetBatch targets, List<MaskTargets> masks) {
        if (outputs == null || outputs.size() != 5) {
            throw new IllegalArgumentException("expected [clsLogits, boxDistances, "
                    + "centernessLogits, coefficients, prototypes], got "
                    + (outputs == null ? "null" : outputs.size()) + " arrays");
        }
        FcosLoss.Parts d = detection.apply(
                new NDList(outputs.get(0), outputs.get(1), outputs.get(2)), targets);
        NDArray m = mask.apply(outputs.get(3), outputs.get(4), masks);
        return new Parts(d.total().add(m), d.classification(), d.boxRegression(), d.centerness(),
                m);
    }
}
