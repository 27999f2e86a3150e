package dev.hsresnet.bench.jmh;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.engine.EngineSettings;
import dev.hsresnet.core.nn.Bottleneck;
import dev.hsresnet.core.nn.SpatialStage;
import dev.hsresnet.core.nn.WeightInit;
import dev.hsresnet.core.spec.HsConfig;
import dev.hsresnet.core.spec.Shortcut;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The hot blocks of HS-ResNet on the DJL path, alone: the 3x3 stage (the HS block, or the plain
 * 3x3 conv + BN + ReLU of the same width for comparison) or the whole bottleneck around it (1x1
 * reduce, the stage, 1x1 expand, identity shortcut), at hs_resnet50's stage-1 and stage-3 shapes,
 * batch 1 and 8. {@code forward}: eval mode with the parameters frozen (no autograd graph; the
 * BatchNorms are not folded, which only the whole network can do); {@code forwardBackward}:
 * training mode, then the gradient of the mean output with respect to the input and every
 * parameter.
 *
 * <p>The input is channels-last in memory, as inside the network (docs/engine.md). Few forks and
 * short iterations: the build machine has two cores; {@code bench/jmh.sh} runs it. libtorch's
 * threads: {@code HSRESNET_THREADS} if set, else one per available processor.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
    "-Dai.djl.default_engine=PyTorch", "-Dai.djl.pytorch.num_interop_threads=1",
    "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class HsBlockBenchmark {

    /** {@code hs}: the HS block; {@code plain}: a 3x3 conv + BN + ReLU of the same width. */
    @Param({"hs", "plain"})
    public String stage;

    /** {@code stage}: the 3x3 stage alone; {@code bottleneck}: the whole residual block. */
    @Param({"stage", "bottleneck"})
    public String unit;

    /** A {@link BlockShape} name. */
    @Param({"STAGE1", "STAGE3"})
    public String shape;

    /** Images per call. */
    @Param({"1", "8"})
    public int batch;

    private NDManager manager;
    private Block block;
    private NDArray nhwc;

    /**
     * Builds and initializes the block and a channels-last input.
     *
     * @param params which benchmark runs: {@code forward} freezes the parameters
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        String threads = System.getenv("HSRESNET_THREADS");
        if (threads != null && !threads.isBlank()
                && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads.trim());
        }
        EngineSettings.applyDefaults();
        BlockShape s = BlockShape.valueOf(shape);
        SpatialStage spatial = switch (stage) {
            case "hs" -> SpatialStage.hs(new HsConfig(s.s(), s.w()));
            case "plain" -> SpatialStage.plain();
            default -> throw new IllegalArgumentException("stage must be hs or plain, got "
                    + stage);
        };
        int channels;
        switch (unit) {
            case "stage" -> {
                block = spatial.create(s.width(), 1);
                channels = s.width();
            }
            case "bottleneck" -> {
                block = new Bottleneck(s.inChannels(), s.width(), s.inChannels(), 1, spatial,
                        Shortcut.AVG_DOWN);
                channels = s.inChannels();
            }
            default -> throw new IllegalArgumentException("unit must be stage or bottleneck, got "
                    + unit);
        }
        manager = NDManager.newBaseManager();
        block.initialize(manager, DataType.FLOAT32, new Shape(batch, channels, s.size(),
                s.size()));
        WeightInit.apply(block, 0, false);
        nhwc = manager.randomNormal(new Shape(batch, s.size(), s.size(), channels));
        boolean inference = params.getBenchmark().endsWith(".forward");
        // JMH's worker thread has libtorch's grad mode on: inference freezes, as DjlBackend does
        if (inference) {
            block.freezeParameters(true);
        }
        nhwc.setRequiresGradient(!inference);
    }

    /** Frees the block's parameters and the input. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /**
     * @return the output's shape (read from the engine, so the call has completed)
     */
    @Benchmark
    public Shape forward() {
        try (NDManager step = manager.newSubManager()) {
            nhwc.tempAttach(step);
            NDArray x = nhwc.transpose(0, 3, 1, 2);
            NDArray y = block.forward(new ParameterStore(step, false), new NDList(x), false)
                    .singletonOrThrow();
            return y.getShape();
        }
    }

    /**
     * @return the input gradient's shape
     */
    @Benchmark
    public Shape forwardBackward() {
        try (NDManager step = manager.newSubManager()) {
            nhwc.tempAttach(step);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = nhwc.transpose(0, 3, 1, 2);
                NDArray y = block.forward(new ParameterStore(step, false), new NDList(x), true)
                        .singletonOrThrow();
                gc.backward(y.mean());
            }
            return nhwc.getGradient().getShape();
        }
    }
}
