package dev.hsresnet.vision.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.vision.neck.Fpn;
import dev.hsresnet.vision.nn.Resize;

/**
 * Semantic segmentation ({@link SegmentationSpec}): the backbone's levels, the decode head, and
 * the logits resized (bilinear, {@code align_corners=False}) to the input. Input {@code (N,
 * inChannels, H, W)} float32.
 *
 * <ul>
 *   <li>{@code fpn}: C2-C5, {@link Fpn} ({@code neck.*}), {@link FpnHead} ({@code decode_head.*}).
 *       A dilated backbone ({@code outputStride} 8 or 16) gives levels of equal stride; the head
 *       then upsamples as their strides say ({@link SegmentationSpec#levelStrides()}).
 *   <li>{@code aspp}: C5 alone, {@link AsppHead} ({@code decode_head.*}); no neck, no {@code
 *       neck.*} parameters.
 *   <li>{@code auxHead}: {@link FcnHead} on C4 ({@code auxiliary_head.*}).
 * </ul>
 *
 * <p>Output: inference ({@code training=false}) {@code [logits]}, {@code (N, numClasses, H, W)}; the
 * auxiliary head does not run. A training forward returns {@code [logits, auxLogits]}, both {@code
 * (N, numClasses, H, W)}, when the spec has the auxiliary head, else {@code [logits]} ({@link
 * SegmentationLoss#apply(NDList, NDArray, float)} takes either). PyTorch names {@code backbone.*}
 * (timm's ResNet names), then the above (mmseg's layout).
 */
public final class SegmentationNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SegmentationSpec spec;
    private final ResNet backbone;
    private final Fpn neck;
    private final Block head;
    private final FcnHead auxHead;

    /** @param spec the network */
    public SegmentationNet(SegmentationSpec spec) {
        super(VERSION);
        this.spec = spec;
        this.backbone = addChildBlock("backbone",
                ResNet.builder().setSpec(spec.backbone()).optOutIndices(spec.outIndices()).build());
        if (spec.decodeHead() == DecodeHead.FPN) {
            this.neck = addChildBlock("neck",
                    new Fpn(spec.outIndices().length, spec.neckChannels()));
            this.head = addChildBlock("decode_head",
                    new FpnHead(spec.levelStrides(), spec.headChannels(), spec.numClasses()));
        } else {
            this.neck = null;
            this.head = addChildBlock("decode_head",
                    new AsppHead(spec.asppRates(), spec.headChannels(), spec.numClasses()));
        }
        this.auxHead = spec.auxHead()
                ? addChildBlock("auxiliary_head", new FcnHead(spec.auxChannels(), spec.numClasses()))
                : null;
    }

    /** @return the spec it was built from */
    public SegmentationSpec spec() {
        return spec;
    }

    /** @return the backbone (frozen stages and BatchNorm mode are set on it) */
    public ResNet backbone() {
        return backbone;
    }

    /**
     * Makes the network ready to serve, as {@link ResNet#prepareForInference()}: parameters
     * frozen (no autograd graph) and every BatchNorm of backbone, decode head and auxiliary head
     * folded into its convolution. A training forward then throws; the saved weights do not
     * change.
     */
    public void prepareForInference() {
        freezeParameters(true);
        backbone.foldBatchNorm();
        ((FoldableHead) head).foldBatchNorm();
        if (auxHead != null) {
            auxHead.foldBatchNorm();
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDList levels = backbone.forward(ps, inputs, training);
        NDList headInput = neck != null
                ? neck.forward(ps, levels, training)
                : new NDList(levels.get(levels.size() - 1));
        NDArray logits = head.forward(ps, headInput, training).singletonOrThrow();
        NDList out = new NDList(Resize.bilinear(logits, h, w));
        if (training && auxHead != null) {
            NDArray aux = auxHead.forward(ps, new NDList(levels.get(levels.size() - 2)), training)
                    .singletonOrThrow();
            out.add(Resize.bilinear(aux, h, w));
        }
        return out;
    }

    /** @return the inference output's shape, {@code [(N, numClasses, H, W)]} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), spec.numClasses(), in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] levels = backbone.getOutputShapes(inputShapes);
        if (neck != null) {
            neck.initialize(manager, dataType, levels);
            head.initialize(manager, dataType, neck.getOutputShapes(levels));
        } else {
            head.initialize(manager, dataType, levels[levels.length - 1]);
        }
        if (auxHead != null) {
            auxHead.initialize(manager, dataType, levels[levels.length - 2]);
        }
    }
}
