package dev.hsresnet.vision.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.nn.ConvBnRelu;
import dev.hsresnet.core.nn.ModuleList;
import dev.hsresnet.vision.nn.GlobalAveragePool;
import dev.hsresnet.vision.nn.Resize;

/**
 * Atrous Spatial Pyramid Pooling (Chen et al. 2017, DeepLabV3; torchvision's {@code ASPP}): in
 * parallel a 1x1 conv, one 3x3 conv per dilation rate and an image-pooling branch (global average
 * pool, 1x1 conv, then bilinear back to the map's size), each conv followed by BN and ReLU and
 * {@code channels} wide; their outputs concatenated in that order, then a 1x1 projection + BN +
 * ReLU. torchvision's Dropout(0.5) after the projection is left out: the training loop has no
 * resumable dropout generator yet.
 *
 * <p>A training forward needs at least 2 images: on one, the pooling branch's BatchNorm would
 * normalize a single value per channel (PyTorch raises an error there; so does this block).
 *
 * <p>Input {@code (N, C, H, W)}, output {@code (N, channels, H, W)}. PyTorch names: {@code
 * convs.0.conv|bn} (1x1), {@code convs.{1..}.conv|bn} (the rates, in order), {@code
 * pooling.1.conv|bn} ({@code pooling.0} is the pool), {@code project.conv|bn}; {@code bn} stands
 * for {@code bn.weight|bias|running_mean|running_var}.
 */
public final class Aspp extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The message of a training forward on one image. */
    static final String SINGLE_IMAGE_REFUSED = "the ASPP's image-pooling BatchNorm sees one "
            + "value per channel and image, so a training batch needs at least 2 images "
            + "(PyTorch refuses 1 too); drop the last incomplete batch of 1";

    private final int channels;
    private final ModuleList convs;
    private final SequentialBlock pooling;
    private final ConvBnRelu project;

    /**
     * @param rates the 3x3 branches' dilation rates, at least one, each at least 1
     * @param channels channels of every branch and of the output
     */
    public Aspp(int[] rates, int channels) {
        super(VERSION);
        if (rates.length == 0 || channels < 1) {
            throw new IllegalArgumentException("ASPP needs at least one rate and channels >= 1");
        }
        this.channels = channels;
        this.convs = addChildBlock("convs", new ModuleList());
        convs.add(new ConvBnRelu(channels, 1));
        for (int rate : rates) {
            if (rate < 1) {
                throw new IllegalArgumentException("ASPP rates must be at least 1, got "
                        + java.util.Arrays.toString(rates));
            }
            convs.add(new ConvBnRelu(channels, 3, rate));
        }
        this.pooling = addChildBlock("pooling",
                new SequentialBlock().add(new GlobalAveragePool()).add(new ConvBnRelu(channels, 1)));
        this.project = addChildBlock("project", new ConvBnRelu(channels, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (training && x.getShape().get(0) < 2) {
            throw new IllegalArgumentException(SINGLE_IMAGE_REFUSED);
        }
        NDList branches = new NDList(convs.size() + 1);
        for (int i = 0; i < convs.size(); i++) {
            branches.add(convs.get(i).forward(ps, inputs, training).singletonOrThrow());
        }
        NDArray pooled = pooling.forward(ps, inputs, training).singletonOrThrow();
        branches.add(Resize.bilinear(pooled, x.getShape().get(2), x.getShape().get(3)));
        return project.forward(ps, new NDList(NDArrays.concat(branches, 1)), training);
    }

    /** Folds every branch's and the projection's BatchNorm into its convolution, for inference. */
    public void foldBatchNorm() {
        for (int i = 0; i < convs.size(); i++) {
            ((ConvBnRelu) convs.get(i)).foldBatchNorm();
        }
        ((ConvBnRelu) pooling.getChildren().get(1).getValue()).foldBatchNorm();
        project.foldBatchNorm();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), channels, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int i = 0; i < convs.size(); i++) {
            convs.get(i).initialize(manager, dataType, inputShapes);
        }
        pooling.initialize(manager, dataType, inputShapes);
        Shape s = inputShapes[0];
        project.initialize(manager, dataType,
                new Shape(s.get(0), (long) channels * (convs.size() + 1), s.get(2), s.get(3)));
    }
}
