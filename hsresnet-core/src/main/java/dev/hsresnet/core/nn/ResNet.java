package dev.hsresnet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.StageSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A (HS-)ResNet built from a {@link ResNetSpec}: stem, stages of {@link Bottleneck}s, global
 * average pool and a linear classifier. Input {@code (N, inChannels, H, W)} float32; output logits
 * {@code (N, numClasses)}, or pooled features {@code (N, C)} when {@code numClasses == 0}.
 *
 * <p>In feature mode ({@link Builder#optOutIndices}) it has no classifier and returns one array
 * per selected level, as detection and segmentation heads need ({@link FeatureInfo}): level 0 is
 * the stem after its ReLU (before the max pool), level {@code k} the output of stage {@code k}.
 * For the ImageNet stems levels 1-4 are C2-C5 at strides 4, 8, 16, 32.
 *
 * <p>Options dense tasks need (mmdet's {@code frozen_stages} and {@code norm_eval}, torchvision's
 * {@code replace_stride_with_dilation}): {@link ResNetSpec#outputStride()} trades the last strides
 * for dilation; {@link #setFrozenStages} freezes the stem and the first stages (no gradients, their
 * BatchNorms in inference mode); {@link #setNormEval} runs every BatchNorm of the backbone in
 * inference mode in training too (running statistics used and not updated; gamma and beta still
 * learn), as detectors trained on small batches do.
 *
 * <p>PyTorch names follow timm's ResNet: {@code conv1, bn1, layer{n}.{k}..., fc} (see {@link
 * StateDict}).
 *
 * <pre>{@code
 * ResNetSpec spec = Models.spec("hs_resnet50", 1000, 3);
 * ResNet backbone = ResNet.builder().setSpec(spec).optOutIndices(1, 2, 3, 4).build();
 * // forward of (1, 3, 224, 224) gives (1, 256, 56, 56), (1, 512, 28, 28),
 * //                                  (1, 1024, 14, 14), (1, 2048, 7, 7)
 * }</pre>
 */
public final class ResNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ResNetSpec spec;
    private final int[] outIndices;
    private final Block conv1;
    private final Conv stemLastConv;
    private final BatchNorm bn1;
    private final List<SequentialBlock> layers = new ArrayList<>();
    private final Linear fc;
    private boolean batchNormFolded;
    private int frozenStages = -1;
    private boolean normEval;

    private ResNet(ResNetSpec spec, int[] outIndices) {
        super(VERSION);
        this.spec = spec;
        this.outIndices = outIndices;
        this.conv1 = addChildBlock("conv1", stemConvolutions(spec));
        this.stemLastConv = conv1 instanceof SequentialBlock seq
                ? BatchNormFolding.lastConv(seq)
                : (Conv) conv1;
        this.bn1 = addChildBlock("bn1", Layers.batchNorm());
        int inChannels = spec.stemChannels();
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSpec stage = spec.stages().get(i);
            SpatialStage spatial = SpatialStage.of(stage);
            int outChannels = spec.stageChannels(i);
            SequentialBlock layer = new SequentialBlock();
            for (int k = 0; k < stage.depth(); k++) {
                layer.add(
                        new Bottleneck(
                                k == 0 ? inChannels : outChannels,
                                spatial.channels(stage.planes()),
                                outChannels,
                                spec.layout(i, k),
                                spatial,
                                spec.shortcut()));
            }
            layers.add(addChildBlock("layer" + (i + 1), layer));
            inChannels = outChannels;
        }
        this.fc =
                outIndices == null && spec.numClasses() > 0
                        ? addChildBlock("fc", Linear.builder().setUnits(spec.numClasses()).build())
                        : null;
    }

    /** @return the architecture this network was built from */
    public ResNetSpec spec() {
        return spec;
    }

    /** @return the selected feature levels, or {@code null} in classifier mode */
    public int[] outIndices() {
        return outIndices == null ? null : outIndices.clone();
    }

    /** @return whether this network returns feature levels instead of logits */
    public boolean isFeatureMode() {
        return outIndices != null;
    }

    /** @return the feature levels this network returns (all levels in classifier mode) */
    public List<FeatureInfo> featureInfo() {
        List<FeatureInfo> all = FeatureInfo.of(spec);
        if (outIndices == null) {
            return all;
        }
        return Arrays.stream(outIndices).mapToObj(all::get).toList();
    }

    /**
     * Freezes the stem and the first {@code stages} stages, as mmdet's {@code frozen_stages}: -1
     * freezes nothing, 0 the stem, {@code k} the stem and stages 1..k. Frozen parameters get no
     * gradient and their BatchNorms run in inference mode in training (running statistics kept);
     * the rest is unfrozen. Works before or after initialization.
     *
     * @param stages -1 to the number of stages
     * @throws IllegalArgumentException when out of range
     */
    public void setFrozenStages(int stages) {
        int max = layers.size();
        if (stages < -1 || stages > max) {
            throw new IllegalArgumentException("frozenStages must be -1 (none), 0 (the stem) to "
                    + max + " (every stage), got " + stages);
        }
        frozenStages = stages;
        freeze(conv1, stages >= 0);
        freeze(bn1, stages >= 0);
        for (int i = 0; i < max; i++) {
            freeze(layers.get(i), i < stages);
        }
    }

    /**
     * DJL's {@code freezeParameters(false)} makes every parameter require a gradient, BatchNorm's
     * running statistics included (which then refuse their in-place update): unfreezing here
     * leaves those alone.
     */
    private static void freeze(Block block, boolean frozen) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (frozen || (type != Parameter.Type.RUNNING_MEAN
                    && type != Parameter.Type.RUNNING_VAR)) {
                p.getValue().freeze(frozen);
            }
        }
    }

    /** @return the stages frozen by {@link #setFrozenStages}: -1 none, 0 the stem, k stages 1..k */
    public int frozenStages() {
        return frozenStages;
    }

    /**
     * @param value whether every BatchNorm of the backbone runs in inference mode during training
     *     (mmdet's {@code norm_eval}): running statistics are used and not updated, while gamma,
     *     beta and the convolutions keep learning
     */
    public void setNormEval(boolean value) {
        normEval = value;
    }

    /** @return whether {@link #setNormEval} is on */
    public boolean isNormEval() {
        return normEval;
    }

    /** @return stage {@code index}'s blocks (0-based), a {@code SequentialBlock} of bottlenecks */
    public SequentialBlock layer(int index) {
        return layers.get(index);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the classifier network of {@code spec} */
    public static ResNet of(ResNetSpec spec) {
        return builder().setSpec(spec).build();
    }

    private static Block stemConvolutions(ResNetSpec spec) {
        return switch (spec.stem()) {
            case DEEP -> new SequentialBlock()
                    .add(Layers.conv(spec.deepStemMidChannels(), 3, 2))
                    .add(Layers.batchNorm())
                    .add(Activation.reluBlock())
                    .add(Layers.conv(spec.deepStemMidChannels(), 3, 1))
                    .add(Layers.batchNorm())
                    .add(Activation.reluBlock())
                    .add(Layers.conv(spec.stemChannels(), 3, 1));
            case RESNET -> Layers.conv(spec.stemChannels(), 7, 2);
            case CIFAR -> Layers.conv(spec.stemChannels(), 3, 1);
        };
    }

    /**
     * Makes this network ready to serve: parameters frozen (libtorch records no autograd graph,
     * whatever the calling thread's grad mode; DJL turns grad mode off only on the thread that
     * started the engine) and BatchNorm folded ({@link #foldBatchNorm()}). Calling it again does
     * nothing; training needs the weights loaded again.
     */
    public void prepareForInference() {
        freezeParameters(true);
        foldBatchNorm();
    }

    /**
     * Switches to the inference form: every BatchNorm is folded into the convolution before it
     * (bottleneck {@code conv1/bn1}, {@code conv3/bn3}, the 3x3 stage's convs and BNs, the
     * shortcut's conv and BN, the stem's pairs, the last stem conv with {@code bn1}), so an
     * eval-mode forward runs convolutions with a bias and no BatchNorm. Output is the eval-mode
     * output, up to float32 rounding.
     *
     * <p>The parameters are not changed, so the PyTorch names, {@link StateDict}, saving and the
     * running statistics stay those of the unfolded network; the folded weights are extra arrays
     * of the parameters' manager, computed from the parameters now (in double precision). After
     * this, a training-mode forward throws {@link IllegalStateException}. Changing the parameters
     * afterwards does not reach the folded weights: {@link #unfoldBatchNorm()} first
     * ({@code ResNetModel.loadStateDict} does). Calling it again does nothing.
     *
     * @throws IllegalStateException when the network is not initialized
     */
    public void foldBatchNorm() {
        if (batchNormFolded) {
            return;
        }
        if (!isInitialized()) {
            throw new IllegalStateException("initialize the network before folding its BatchNorms");
        }
        boolean ok = false;
        try {
            if (conv1 instanceof SequentialBlock seq) {
                BatchNormFolding.foldSequential(seq);
            }
            stemLastConv.fold(bn1);
            for (SequentialBlock layer : layers) {
                for (Pair<String, Block> block : layer.getChildren()) {
                    ((Bottleneck) block.getValue()).foldBatchNorm();
                }
            }
            ok = true;
        } finally {
            if (!ok) {
                BatchNormFolding.unfoldAll(this);
            }
        }
        batchNormFolded = true;
    }

    /**
     * Back to the form as built: the folded weights are dropped (closed) and each BatchNorm runs
     * again, from the current parameters. Does nothing when not folded.
     */
    public void unfoldBatchNorm() {
        BatchNormFolding.unfoldAll(this);
        batchNormFolded = false;
    }

    /** @return whether {@link #foldBatchNorm()} is in force (inference only) */
    public boolean isBatchNormFolded() {
        return batchNormFolded;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training && batchNormFolded) {
            throw new IllegalStateException(BatchNormFolding.TRAINING_REFUSED);
        }
        checkInput(inputs.singletonOrThrow().getShape());
        int deepest = outIndices == null ? layers.size() : Arrays.stream(outIndices).max().orElse(0);
        NDList levels = new NDList();
        boolean stemTrains = training && !normEval && frozenStages < 0;
        NDArray level = stemLevel(ps, inputs, stemTrains);
        levels.add(level);
        if (spec.stem().hasMaxPool()) {
            level = maxPool(level);
        }
        for (int i = 0; i < deepest; i++) {
            boolean stageTrains = training && !normEval && i >= frozenStages;
            level = layers.get(i).forward(ps, new NDList(level), stageTrains).singletonOrThrow();
            levels.add(level);
        }
        if (outIndices != null) {
            NDList selected = new NDList(outIndices.length);
            for (int index : outIndices) {
                selected.add(levels.get(index));
            }
            return selected;
        }
        return head(ps, level, training);
    }

    /** @return level 0: the stem's convolutions, BatchNorm and ReLU (before the max pool) */
    private NDArray stemLevel(ParameterStore ps, NDList inputs, boolean training) {
        NDList x = conv1 instanceof SequentialBlock seq
                ? BatchNormFolding.forward(seq, ps, inputs, training)
                : conv1.forward(ps, inputs, training);
        x = BatchNormFolding.batchNorm(stemLastConv, bn1, ps, x, training);
        return Activation.relu(x.singletonOrThrow());
    }

    /** @return the pooled features, through the classifier when there is one */
    private NDList head(ParameterStore ps, NDArray level, boolean training) {
        NDArray pooled = Pool.globalAvgPool2d(level);
        return fc == null ? new NDList(pooled) : fc.forward(ps, new NDList(pooled), training);
    }

    /**
     * An inference forward of the classifier (or pooled features) that adds the wall-clock time
     * of each part to {@code nanos}: {@code nanos[0]} the stem (with its max pool), {@code
     * nanos[1 + i]} stage {@code i}, the last the head with the copy of its output to Java. On
     * the CPU, libtorch runs each operation to its end before returning, so the parts' times add
     * up to the forward's. For the architecture search's per-stage latency table.
     *
     * @param ps the parameter store
     * @param input {@code (N, inChannels, H, W)}
     * @param nanos {@code stages + 2} accumulators, in nanoseconds
     * @return the output copied to Java, {@code N x classes} (or features) values
     * @throws IllegalArgumentException in feature mode, or for a wrong input or array size
     */
    public float[] forwardTimed(ParameterStore ps, NDArray input, long[] nanos) {
        if (outIndices != null || nanos.length != layers.size() + 2) {
            throw new IllegalArgumentException("a timed forward needs the classifier network and "
                    + (layers.size() + 2) + " accumulators");
        }
        checkInput(input.getShape());
        long t = System.nanoTime();
        NDArray level = stemLevel(ps, new NDList(input), false);
        if (spec.stem().hasMaxPool()) {
            level = maxPool(level);
        }
        long now = System.nanoTime();
        nanos[0] += now - t;
        t = now;
        for (int i = 0; i < layers.size(); i++) {
            level = layers.get(i).forward(ps, new NDList(level), false).singletonOrThrow();
            now = System.nanoTime();
            nanos[1 + i] += now - t;
            t = now;
        }
        float[] out = head(ps, level, false).singletonOrThrow().toFloatArray();
        nanos[nanos.length - 1] += System.nanoTime() - t;
        return out;
    }

    private static NDArray maxPool(NDArray x) {
        return Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
    }

    /** @return the shape entering stage 1: level 0 after the stem's max pool, if any */
    private Shape stemOutput(Shape level0) {
        if (!spec.stem().hasMaxPool()) {
            return level0;
        }
        return Layers.nchw(level0, level0.get(1), Layers.outSize(level0.get(2), 3, 2, 1),
                Layers.outSize(level0.get(3), 3, 2, 1));
    }

    private void checkInput(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != spec.inChannels()) {
            throw new IllegalArgumentException(
                    "expected NCHW input with " + spec.inChannels() + " channels, got shape "
                            + shape);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] levels = levelShapes(inputShapes[0]);
        if (outIndices != null) {
            return Arrays.stream(outIndices).mapToObj(i -> levels[i]).toArray(Shape[]::new);
        }
        long batch = inputShapes[0].get(0);
        long width = fc == null ? spec.featureChannels() : spec.numClasses();
        return new Shape[] {new Shape(batch, width)};
    }

    /** @return the shape of every level 0..stages for an input shape */
    private Shape[] levelShapes(Shape input) {
        checkInput(input);
        Shape[] levels = new Shape[layers.size() + 1];
        Shape x = conv1.getOutputShapes(new Shape[] {input})[0];
        levels[0] = x;
        x = stemOutput(x);
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).getOutputShapes(new Shape[] {x})[0];
            levels[i + 1] = x;
        }
        return levels;
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInput(inputShapes[0]);
        conv1.initialize(manager, dataType, inputShapes);
        Shape[] stem = conv1.getOutputShapes(inputShapes);
        bn1.initialize(manager, dataType, stem);
        Shape[] levels = levelShapes(inputShapes[0]);
        Shape x = stemOutput(levels[0]);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).initialize(manager, dataType, x);
            x = levels[i + 1];
        }
        if (fc != null) {
            fc.initialize(manager, dataType, new Shape(inputShapes[0].get(0), spec.featureChannels()));
        }
    }

    @Override
    public String toString() {
        return "ResNet(" + spec.stem().id() + " stem, " + spec.stages().size() + " stages, "
                + spec.blockCount() + " blocks" + (isFeatureMode()
                        ? ", features " + Arrays.toString(outIndices)
                        : ", " + spec.numClasses() + " classes") + ")";
    }

    /** Builder in the DJL style: {@code setX} for required, {@code optX} for optional settings. */
    public static final class Builder {
        private ResNetSpec spec;
        private int[] outIndices;

        private Builder() {}

        /** Sets the architecture (required). */
        public Builder setSpec(ResNetSpec value) {
            this.spec = value;
            return this;
        }

        /**
         * Switches to feature mode: the network returns the selected levels (0 = stem, k = stage
         * k) in the given order, and has no classifier.
         */
        public Builder optOutIndices(int... value) {
            this.outIndices = value.clone();
            return this;
        }

        /**
         * @return the network (parameters not yet initialized)
         * @throws IllegalArgumentException when the spec is missing or an index is out of range
         */
        public ResNet build() {
            if (spec == null) {
                throw new IllegalArgumentException("setSpec(...) is required");
            }
            if (outIndices != null) {
                if (outIndices.length == 0) {
                    throw new IllegalArgumentException("outIndices must select at least one level");
                }
                int max = spec.stages().size();
                for (int index : outIndices) {
                    if (index < 0 || index > max) {
                        throw new IllegalArgumentException(
                                "outIndices value " + index + " is out of range 0.." + max
                                        + " (0 = stem, 1.." + max + " = stages)");
                    }
                }
            }
            return new ResNet(spec, outIndices);
        }
    }
}
