package dev.hsresnet.vision.instance;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosBlock;
import dev.hsresnet.vision.detection.FcosHead;
import dev.hsresnet.vision.detection.PyramidSizes;
import dev.hsresnet.vision.neck.Fpn;
import java.util.Arrays;

/**
 * A YOLACT-style instance segmenter on FCOS ({@link InstanceSpec}): the FCOS detector's backbone
 * (C3-C5), {@link Fpn} (P3 up to P7) and {@link FcosHead}, whose regression tower also predicts k
 * mask coefficients per location, and a {@link ProtoNet} on P3 that makes k prototype maps at
 * stride 4. An instance's mask is {@code sigmoid(sum_c coefficient_c * prototype_c)} (Bolya et al.
 * 2019), assembled by the loss ({@link YolactMaskLoss}) and the decoder ({@link
 * InstanceDecoder}), not by the network. Input {@code (N, inChannels, H, W)} float32, any size.
 *
 * <p>Output: {@code [clsLogits, boxDistances, centernessLogits, coefficients, prototypes]}
 *
 * <ul>
 *   <li>the FCOS detector's three outputs, exactly as {@link
 *       dev.hsresnet.vision.detection.FcosNet}'s: {@code clsLogits (N, P, numClasses)}, {@code
 *       boxDistances (N, P, 4)} (input pixels), {@code centernessLogits (N, P)}, {@code P} the
 *       locations of all levels, finest first, each level row-major;
 *   <li>{@code coefficients (N, P, k)}: {@code tanh} of {@code conv_coeff} on the regression
 *       tower, in {@code [-1, 1]}, in the same location order;
 *   <li>{@code prototypes (N, k, H4, W4)}, {@code >= 0}, with {@code H4 = 2 * H3} and {@code W4 =
 *       2 * W3} where {@code H3 x W3} is P3's size ({@link #prototypeSize}). For the project's
 *       stems and stride-2 stages each halving is {@code ceil(n / 2)}, so {@code H3 = ceil(H / 8)}
 *       and {@code H4 = 2 * ceil(H / 8)}: {@code H / 4} when H is a multiple of 8 (384x512 gives
 *       96x128), {@code ceil(H / 4)} when {@code H mod 8} is 5 to 7, and {@code ceil(H / 4) + 1}
 *       when it is 1 to 4 ({@code H = 100}: 26).
 *       Pixel {@code (y, x)} of a prototype covers input pixels around {@code ((x + 0.5) * 4, (y
 *       + 0.5) * 4)}.
 * </ul>
 *
 * A training forward ({@code training=true}: BatchNorm on batch statistics) returns the same five.
 *
 * <p>PyTorch names (mmdet's layout): {@code backbone.*}, {@code neck.*} and {@code bbox_head.*}
 * as the FCOS detector's, plus {@code bbox_head.conv_coeff.weight|bias} {@code (k, n, 3, 3)},
 * {@code (k)}, and {@code mask_head.protonet.{0,2,4,7,9}.weight|bias} ({@link ProtoNet}).
 */
public final class YolactNet extends AbstractBlock implements FcosBlock {

    private static final byte VERSION = 1;

    private final InstanceSpec spec;
    private final ResNet backbone;
    private final Fpn neck;
    private final FcosHead head;
    private final ProtoNet maskHead;

    /** @param spec the network */
    public YolactNet(InstanceSpec spec) {
        super(VERSION);
        this.spec = spec;
        DetectionSpec d = spec.detection();
        this.backbone = addChildBlock("backbone",
                ResNet.builder().setSpec(d.backbone()).optOutIndices(d.outIndices()).build());
        this.neck = addChildBlock("neck",
                new Fpn(d.outIndices().length, d.neckChannels(), d.extraLevels()));
        this.head = addChildBlock("bbox_head", new FcosHead(d.strides(), d.neckChannels(),
                d.numClasses(), d.towerConvs(), d.groups(), spec.prototypes()));
        this.maskHead = addChildBlock("mask_head",
                new ProtoNet(d.neckChannels(), spec.prototypes()));
    }

    /** @return the spec it was built from */
    public InstanceSpec spec() {
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

    /** @return the detection head with its mask coefficients */
    public FcosHead head() {
        return head;
    }

    /** @return the prototype branch */
    public ProtoNet maskHead() {
        return maskHead;
    }

    /**
     * The feature-map size of each pyramid level for an input size, from the layers' own size
     * arithmetic, as {@link dev.hsresnet.vision.detection.FcosNet#levelSizes}.
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
     * @return {@code {H4, W4}}, the prototypes' size: twice P3's ({@code 2 * ceil(H / 8)} for the
     *     project's backbones), the size of the mask targets ({@link MaskTargets})
     */
    public int[] prototypeSize(long height, long width) {
        int[] p3 = levelSizes(height, width)[0];
        return new int[] {2 * p3[0], 2 * p3[1]};
    }

    /**
     * Makes the network ready to serve, as the detector's: parameters frozen and the backbone's
     * BatchNorms folded (the neck, head and prototype branch have none). A training forward then
     * throws; the saved weights do not change.
     */
    public void prepareForInference() {
        freezeParameters(true);
        backbone.foldBatchNorm();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList levels = neck.forward(ps, backbone.forward(ps, inputs, training), training);
        NDList out = head.forward(ps, levels, training);
        out.add(maskHead.forward(ps, new NDList(levels.get(0)), training).singletonOrThrow());
        return out;
    }

    /**
     * @return {@code [(N, P, numClasses), (N, P, 4), (N, P), (N, P, k), (N, k, H4, W4)]} for an
     *     input shape
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] levels = neck.getOutputShapes(backbone.getOutputShapes(inputShapes));
        Shape[] heads = head.getOutputShapes(levels);
        Shape[] out = Arrays.copyOf(heads, heads.length + 1);
        out[heads.length] = maskHead.getOutputShapes(new Shape[] {levels[0]})[0];
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] levels = backbone.getOutputShapes(inputShapes);
        neck.initialize(manager, dataType, levels);
        Shape[] pyramid = neck.getOutputShapes(levels);
        head.initialize(manager, dataType, pyramid);
        maskHead.initialize(manager, dataType, pyramid[0]);
    }
}
