package dev.hsresnet.vision.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.hsresnet.core.nn.Scalars;

/**
 * Per-pixel cross-entropy with an ignore index and optional class weights, PyTorch's {@code
 * F.cross_entropy(logits, targets, weight=w, ignore_index=i)} (mean over the pixels that count,
 * each weighted by its class's weight: {@code sum(w[t] * nll) / sum(w[t])}). With an auxiliary
 * head, {@link #apply(NDList, NDArray, float)} adds the auxiliary logits' loss, weighted.
 */
public final class SegmentationLoss {

    /** The auxiliary head's loss weight of torchvision's and mmseg's DeepLabV3 and FPN recipes. */
    public static final float AUX_WEIGHT = 0.4f;

    private final int numClasses;
    private final int ignoreIndex;
    private final float[] classWeights;

    /**
     * @param numClasses classes of the logits
     * @param ignoreIndex the target value that does not count (any value outside 0..classes-1)
     * @param classWeights one weight per class (e.g. median-frequency balancing), or {@code null}
     *     for 1 each
     */
    public SegmentationLoss(int numClasses, int ignoreIndex, float[] classWeights) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        if (ignoreIndex >= 0 && ignoreIndex < numClasses) {
            throw new IllegalArgumentException("ignore index " + ignoreIndex + " is a class index "
                    + "(0.." + (numClasses - 1) + ")");
        }
        if (classWeights != null && classWeights.length != numClasses) {
            throw new IllegalArgumentException("need one class weight per class (" + numClasses
                    + "), got " + classWeights.length);
        }
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex;
        this.classWeights = classWeights == null ? null : classWeights.clone();
    }

    /**
     * @param logits {@code (N, K, H, W)} float32
     * @param targets {@code (N, H, W)} integer class indices (int32 or int64), {@code
     *     ignoreIndex} where nothing counts
     * @return the scalar loss; 0 when no pixel counts
     */
    public NDArray apply(NDArray logits, NDArray targets) {
        if (logits.getShape().dimension() != 4 || logits.getShape().get(1) != numClasses) {
            throw new IllegalArgumentException("expected logits (N, " + numClasses
                    + ", H, W), got " + logits.getShape());
        }
        NDArray t = targets.toType(DataType.INT64, false);
        NDArray valid = t.neq(ignoreIndex);
        NDArray safe = t.mul(valid.toType(DataType.INT64, false)); // ignored pixels read class 0
        NDArray logp = logits.logSoftmax(1).gather(safe.expandDims(1), 1).squeeze(1);
        NDArray weight = valid.toType(DataType.FLOAT32, false);
        if (classWeights != null) {
            NDArray w = logits.getManager().create(classWeights);
            weight = weight.mul(w.gather(safe.flatten(), 0).reshape(safe.getShape()));
        }
        NDArray total = weight.sum();
        NDArray denominator = total.maximum(logits.getManager().create(1e-12f));
        return logp.mul(weight).sum().neg().div(denominator);
    }

    /**
     * The loss of a {@link SegmentationNet} training forward: {@code loss(logits) + auxWeight *
     * loss(auxLogits)}, each as {@link #apply(NDArray, NDArray)} (so each a mean over its own
     * counted pixels, as torchvision and mmseg sum their weighted losses).
     *
     * @param outputs {@code [logits]} (no auxiliary head: the loss of the logits alone) or {@code
     *     [logits, auxLogits]}, each {@code (N, K, H, W)}
     * @param targets {@code (N, H, W)} class indices, {@code ignoreIndex} where nothing counts
     * @param auxWeight the auxiliary loss's weight, finite and non-negative ({@link #AUX_WEIGHT})
     * @return the scalar loss
     */
    public NDArray apply(NDList outputs, NDArray targets, float auxWeight) {
        if (!Float.isFinite(auxWeight) || auxWeight < 0) {
            throw new IllegalArgumentException("the auxiliary loss weight must be finite and "
                    + "non-negative, got " + auxWeight);
        }
        if (outputs.isEmpty() || outputs.size() > 2) {
            throw new IllegalArgumentException("expected [logits] or [logits, auxLogits], got "
                    + outputs.size() + " arrays");
        }
        NDArray loss = apply(outputs.get(0), targets);
        return outputs.size() == 1 ? loss : loss.add(Scalars.times(apply(outputs.get(1), targets), auxWeight));
    }
}
