package dev.hsresnet.vision.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.vision.neck.Fpn;
import dev.hsresnet.vision.nn.Resize;

/**
 * Semantic segmentation: backbone levels C2-C5, {@link Fpn}, {@link FpnHead}, and the logits
 * resized (bilinear, {@code align_corners=False}) to the input. Input {@code (N, inChannels, H,
 * W)} float32, output {@code (N, numClasses, H, W)} logits. PyTorch names {@code backbone.*}
 * (timm's ResNet names), {@code neck.*}, {@code decode_head.*} (mmseg's layout).
 *
 * <p>A dilated backbone ({@code outputStride} 8 or 16) gives levels of equal stride; the head
 * then upsamples as their strides say ({@link FpnSegmentationSpec#levelStrides()}).
 */
public final class SegmentationNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final FpnSegmentationSpec spec;
    private final ResNet backbone;
    private final Fpn neck;
    private final FpnHead head;

    /** @param spec the network */
    public SegmentationNet(FpnSegmentationSpec spec) {
        super(VERSION);
        this.spec = spec;
        this.backbone = addChildBlock("backbone",
                ResNet.builder().setSpec(spec.backbone()).optOutIndices(spec.outIndices()).build());
        this.neck = addChildBlock("neck", new Fpn(spec.outIndices().length, spec.neckChannels()));
        this.head = addChildBlock("decode_head",
                new FpnHead(spec.levelStrides(), spec.headChannels(), spec.numClasses()));
    }

    /** @return the spec it was built from */
    public FpnSegmentationSpec spec() {
        return spec;
    }

    /** @return the backbone (frozen stages and BatchNorm mode are set on it) */
    public ResNet backbone() {
        return backbone;
    }

    /**
     * Makes the network ready to serve, as {@link ResNet#prepareForInference()}: parameters
     * frozen (no autograd graph) and every BatchNorm of backbone and head folded into its
     * convolution. A training forward then throws; the saved weights do not change.
     */
    public void prepareForInference() {
        freezeParameters(true);
        backbone.foldBatchNorm();
        head.foldBatchNorm();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList levels = backbone.forward(ps, inputs, training);
        NDList pyramid = neck.forward(ps, levels, training);
        NDArray logits = head.forward(ps, pyramid, training).singletonOrThrow();
        return new NDList(Resize.bilinear(logits, x.getShape().get(2), x.getShape().get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), spec.numClasses(), in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] levels = backbone.getOutputShapes(inputShapes);
        neck.initialize(manager, dataType, levels);
        head.initialize(manager, dataType, neck.getOutputShapes(levels));
    }
}
