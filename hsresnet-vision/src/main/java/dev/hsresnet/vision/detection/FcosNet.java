package dev.hsresnet.vision.detection;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.vision.neck.Fpn;

/**
 * The FCOS detector network ({@link DetectionSpec}): the backbone's C3-C5, an {@link Fpn} with
 * {@code levels - 3} extra levels (P3-P5, up to P7) and the {@link FcosHead} shared over them.
 * Input {@code (N, inChannels, H, W)} float32, any size.
 *
 * <p>Output, the contract of the target assignment, the losses and the decoder: {@code
 * [clsLogits, boxDistances, centernessLogits]}
 *
 * <ul>
 *   <li>{@code clsLogits (N, P, numClasses)}: one sigmoid logit per class;
 *   <li>{@code boxDistances (N, P, 4)}: {@code l, t, r, b} from the location to the box's left,
 *       top, right and bottom sides, in input pixels, {@code >= 0};
 *   <li>{@code centernessLogits (N, P)}: the centre-ness logit;
 * </ul>
 *
 * where {@code P = sum_i H_i * W_i} over the levels ({@link #levelSizes}), finest (P3) first, each
 * level flattened row-major (location {@code (y, x)} of level {@code i} at offset {@code
 * sum_{j<i} H_j W_j + y * W_i + x}). A training forward ({@code training=true}: BatchNorm on
 * batch statistics) returns the same three arrays.
 *
 * <p>PyTorch names (mmdet's detector layout): {@code backbone.*} (timm's ResNet names), {@code
 * neck.*} ({@link Fpn}), {@code bbox_head.*} ({@link FcosHead}).
 *
 * <pre>{@code
 * FcosNet net = new FcosNet(DetectionModels.spec("fcos_hs_resnet26_lite", 1));
 * // after initialization, a (1, 3, 512, 512) input gives levels 64x64, 32x32, 16x16, 8x8, 4x4:
 * // clsLogits (1, 5456, 1), boxDistances (1, 5456, 4), centernessLogits (1, 5456)
 * }</pre>
 */
public final class FcosNet extends AbstractBlock implements FcosBlock {

    private static final byte VERSION = 1;

    private final DetectionSpec spec;
    private final ResNet backbone;
    private final Fpn neck;
    private final FcosHead head;

    /** @param spec the network */
    public FcosNet(DetectionSpec spec) {
        super(VERSION);
        this.spec = spec;
        this.backbone = addChildBlock("backbone",
                ResNet.builder().setSpec(spec.backbone()).optOutIndices(spec.outIndices()).build());
        this.neck = addChildBlock("neck",
                new Fpn(spec.outIndices().length, spec.neckChannels(), spec.extraLevels()));
        this.head = addChildBlock("bbox_head", new FcosHead(spec.strides(), spec.neckChannels(),
                spec.numClasses(), spec.towerConvs(), spec.groups()));
    }

    /** @return the spec it was built from */
    public DetectionSpec spec() {
        return spec;
    }

    /** @return the backbone (frozen stages and BatchNorm mode are set on it) */
    public ResNet backbone() {
        return backbone;
    }

    /** @return the feature pyramid */
    public Fpn neck() {
        return neck;
    }

    /** @return the head */
    public FcosHead head() {
        return head;
    }

    /**
     * The feature-map size of each level for an input size, from the layers' own size
     * arithmetic (each convolution's and pool's {@code floor((n + 2p - k) / s) + 1}, and the
     * extra levels' {@code ceil(n / 2)}); what a forward of that input gives.
     *
     * @param height input height in pixels
     * @param width input width in pixels
     * @return {@code [levels][2]}: {height, width} of each level, finest first
     * @throws IllegalArgumentException when the input is not positive
     */
    public int[][] levelSizes(long height, long width) {
        return PyramidSizes.of(backbone, neck, spec.backbone().inChannels(), height, width);
    }

    /**
     * @param height input height in pixels
     * @param width input width in pixels
     * @return {@code P}, the locations of all levels: the outputs' second axis
     */
    public long locations(long height, long width) {
        long p = 0;
        for (int[] s : levelSizes(height, width)) {
            p += (long) s[0] * s[1];
        }
        return p;
    }

    /**
     * Makes the network ready to serve, as {@link ResNet#prepareForInference()}: parameters
     * frozen (no autograd graph) and every BatchNorm of the backbone folded into its
     * convolution. The neck and head have no BatchNorm (the GroupNorms stay: they normalize with
     * each image's own statistics). A training forward then throws; the saved weights do not
     * change.
     */
    public void prepareForInference() {
        freezeParameters(true);
        backbone.foldBatchNorm();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList levels = backbone.forward(ps, inputs, training);
        return head.forward(ps, neck.forward(ps, levels, training), training);
    }

    /** @return {@code [(N, P, numClasses), (N, P, 4), (N, P)]} for an input shape */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(neck.getOutputShapes(backbone.getOutputShapes(inputShapes)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] levels = backbone.getOutputShapes(inputShapes);
        neck.initialize(manager, dataType, levels);
        head.initialize(manager, dataType, neck.getOutputShapes(levels));
    }
}
