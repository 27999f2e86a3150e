package dev.hsresnet.vision.instance;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.nn.Conv;
import dev.hsresnet.vision.nn.Upsample2x;

/**
 * YOLACT's prototype branch (Bolya et al. 2019; mmdet's {@code YOLACTProtonet} with its defaults
 * scaled to the neck's width): on the FPN's P3 (stride 8), three 3x3 convolutions with bias and
 * ReLU at {@code channels}, a 2x bilinear upsample ({@code F.interpolate(scale_factor=2,
 * mode='bilinear', align_corners=False)}), one more 3x3 convolution with ReLU, a 1x1 convolution
 * to {@code k} prototypes and a final ReLU (mmdet's {@code include_last_relu}): {@code (N,
 * channels, H3, W3) -> (N, k, 2 H3, 2 W3)}, prototypes at stride 4, each {@code >= 0}.
 *
 * <p>The upsample: output pixel {@code j} reads source {@code (j + 0.5) / 2 - 0.5}, clamped at 0,
 * between its two neighbours, on both axes; PyTorch computes the same source coordinate whether
 * it is given {@code scale_factor=2} or the size {@code 2 H3} (its scale is then {@code H3 / 2H3 =
 * 1/2} exactly), and libtorch's interpolate, which {@link Upsample2x} calls with the size, is
 * PyTorch's own kernel (the cross-check fixture {@code yolact_net} holds the whole branch to it).
 *
 * <p>PyTorch names, as mmdet's {@code nn.Sequential} numbers it (the ReLUs and the upsample take
 * positions too): {@code protonet.{0,2,4}.weight|bias} {@code (channels, channels, 3, 3)}, {@code
 * protonet.7.weight|bias} (the convolution after the upsample), {@code protonet.9.weight|bias}
 * {@code (k, channels, 1, 1)}.
 */
public final class ProtoNet extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The 3x3 convolutions before the upsample. */
    static final int CONVS_BEFORE_UPSAMPLE = 3;

    private final int channels;
    private final int prototypes;
    private final SequentialBlock protonet;

    /**
     * @param channels the input's channels (the FPN's) and the width of the branch, positive
     * @param prototypes k, the prototype maps, positive
     */
    public ProtoNet(int channels, int prototypes) {
        super(VERSION);
        if (channels < 1 || prototypes < 1) {
            throw new IllegalArgumentException("the prototype branch needs channels >= 1 and "
                    + "prototypes >= 1, got " + channels + " and " + prototypes);
        }
        this.channels = channels;
        this.prototypes = prototypes;
        SequentialBlock seq = new SequentialBlock();
        for (int i = 0; i < CONVS_BEFORE_UPSAMPLE; i++) {
            seq.add(new Conv(channels, 3, 1, 1, true)).add(new Relu());
        }
        seq.add(new Upsample2x());
        seq.add(new Conv(channels, 3, 1, 1, true)).add(new Relu());
        seq.add(new Conv(prototypes, 1, 1, 1, true)).add(new Relu());
        this.protonet = addChildBlock("protonet", seq);
    }

    /** @return the branch's width */
    public int channels() {
        return channels;
    }

    /** @return k, the prototype maps */
    public int prototypes() {
        return prototypes;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return protonet.forward(ps, new NDList(inputs.singletonOrThrow()), training);
    }

    /** @return {@code (N, k, 2 H3, 2 W3)} for P3's {@code (N, channels, H3, W3)} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), prototypes, 2 * s.get(2), 2 * s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        protonet.initialize(manager, dataType, inputShapes);
    }
}
