package dev.hsresnet.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.hsresnet.bench.DjlRunner;
import dev.hsresnet.bench.Mode;
import dev.hsresnet.bench.OrtRunner;
import dev.hsresnet.bench.PeakFlops;
import dev.hsresnet.bench.Timing;
import dev.hsresnet.bench.TimingPolicy;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.deploy.onnx.OnnxBlock;

/**
 * Times blocks and whole networks on one engine, as it serves: BatchNorm folded, parameters
 * frozen, a synthetic input made once outside the timed calls; a block with cold weights and a
 * warm input, as inside a network ({@link #coldWeights}). On DJL a block is the network's
 * own {@code Bottleneck} called directly; on ONNX Runtime it is the same nodes the exporter
 * writes, as a graph of their own ({@link OnnxBlock}).
 */
final class BlockMeter {

    private static boolean warm;

    private final Engine engine;
    private final int batch;
    private final int threads;
    private final TimingPolicy policy;
    private final double warmUpSeconds;

    /**
     * @param engine the engine
     * @param batch images per call
     * @param threads intra-op threads (ONNX Runtime; libtorch's are the process's)
     * @param policy warm-up and timed calls of each measurement
     * @param warmUpSeconds the untimed calls of a process before its first measurement, seconds
     */
    BlockMeter(Engine engine, int batch, int threads, TimingPolicy policy, double warmUpSeconds) {
        this.engine = engine;
        this.batch = batch;
        this.threads = threads;
        this.policy = policy;
        this.warmUpSeconds = warmUpSeconds;
    }

    /**
     * Times one block alone on ONNX Runtime.
     *
     * @param probe a network holding the block (freshly initialized here, seed 0)
     * @param stage the block's stage index
     * @param block its index in the stage
     * @param key its key (channels and input size)
     * @return its latency
     * @throws Exception from the engine
     */
    Latency block(ModelConfig probe, int stage, int block, BlockKey key) throws Exception {
        if (engine != Engine.ONNX) {
            throw new IllegalStateException("on DJL, stages are timed inside networks "
                    + "(stages), not blocks alone");
        }
        long[] shape = {batch, key.in(), key.height(), key.width()};
        float[] values = PeakFlops.randomFloats(shape[0] * shape[1] * shape[2] * shape[3], 7);
        try (ResNetModel model = ResNetModel.create(probe, 0);
                OnnxBlock b = OnnxBlock.open(probe.architecture(), stage, block,
                        model.stateDict(), key.height(), key.width(), threads);
                OnnxBlock.Input input = b.input(values, shape)) {
            return Latency.of(coldWeights(input::touch, input::run));
        }
    }

    /**
     * Times the parts of one network's forward on DJL ({@code ResNet.forwardTimed}): its stem,
     * each stage and its head, over the same calls as an end-to-end measurement.
     *
     * @param config the network (a classifier)
     * @return the stem's, each stage's and the head's latency, in that order
     * @throws Exception from the engine
     */
    Latency[] stages(ModelConfig config) throws Exception {
        if (engine != Engine.DJL) {
            throw new IllegalStateException("stages are timed inside networks on DJL only");
        }
        int n = config.architecture().stages().size() + 2;
        int size = config.inputSize();
        TimingPolicy p = endToEndPolicy(warmUpSeconds / 8);
        try (ResNetModel model = ResNetModel.create(config, 0)) {
            model.network().prepareForInference();
            try (NDManager inputs = model.manager().newSubManager()) {
                NDArray x = inputs.randomUniform(0, 1, new Shape(batch,
                        config.architecture().inChannels(), size, size));
                ParameterStore ps = new ParameterStore(inputs, false);
                // one accumulator per call, warm-up calls included: the timed calls are the last
                java.util.List<long[]> all = new java.util.ArrayList<>();
                int timed = Timing.repeat(p, () -> all.add(new long[n]),
                        () -> forwardTimed(model, ps, x, all.get(all.size() - 1))).length;
                java.util.List<long[]> samples = all.subList(all.size() - timed, all.size());
                Latency[] parts = new Latency[n];
                for (int k = 0; k < n; k++) {
                    final int part = k;
                    parts[k] = Latency.of(samples.stream().mapToDouble(a -> a[part] / 1e6)
                            .toArray());
                }
                return parts;
            }
        }
    }

    private static void forwardTimed(ResNetModel model, ParameterStore ps, NDArray x,
            long[] nanos) {
        try (NDManager perCall = x.getManager().newSubManager()) {
            x.tempAttach(perCall);
            model.network().forwardTimed(ps, x, nanos);
        }
    }

    private TimingPolicy endToEndPolicy(double warmupSeconds) {
        // twice the calls and four times the duration of a block's: a whole network is one
        // number that decides, and the one most exposed to the machine's noise
        return new TimingPolicy(policy.warmup(), Math.max(warmupSeconds, policy.warmupSeconds()),
                2 * policy.repeats(), 4 * policy.minSeconds());
    }

    /**
     * Times a block as it runs inside a network: before every call (warm-up and timed) the
     * caches are flushed ({@value #FLUSH_BYTES} bytes written), so its weights come from memory
     * as they do after the other blocks of a network ran, then its input is read, as it would
     * have just been written by the block before. Called over and over with no flush, a block
     * keeps its weights in cache and runs up to a quarter faster than inside the network
     * (docs/search.md).
     *
     * @param touchInput reads the input
     * @param call one call of the block
     * @return the milliseconds of each timed call
     */
    private double[] coldWeights(Timing.Step touchInput, Timing.Step call) throws Exception {
        return Timing.repeat(policy, () -> {
            CacheFlush.run();
            touchInput.run();
        }, call);
    }

    /** Bytes written between block calls: more than the last-level cache of any CPU here. */
    static final int FLUSH_BYTES = 128 << 20;

    /** The flush buffer, allocated on first use only (DJL tables never flush). */
    private static final class CacheFlush {
        private static final long[] BUFFER = new long[FLUSH_BYTES / Long.BYTES];
        private static long sink;

        /** Writes one word of every 64-byte line of the buffer. */
        static synchronized void run() {
            long s = 0;
            for (int i = 0; i < BUFFER.length; i += 8) {
                BUFFER[i] += 1;
                s += BUFFER[i];
            }
            sink += s;
        }
    }

    /**
     * @param config a whole network
     * @return its end-to-end latency (input to logits in Java)
     * @throws Exception from the engine
     */
    Latency endToEnd(ModelConfig config) throws Exception {
        return endToEnd(config, warmUpSeconds / 8);
    }

    /**
     * Runs a network untimed for the warm-up seconds, once per JVM: the JIT compiles
     * DJL's Java side during the first seconds of calls (a fresh JVM timed hs_resnet50 at 107 ms,
     * the same JVM 67-76 ms a few seconds later), so nothing is timed before.
     *
     * @param config the network
     * @throws Exception from the engine
     */
    void warmUp(ModelConfig config) throws Exception {
        synchronized (BlockMeter.class) {
            if (warm) {
                return;
            }
            endToEnd(config, warmUpSeconds);
            warm = true;
        }
    }

    /**
     * @param config a whole network
     * @param warmupSeconds untimed calls for at least this long first
     * @return its end-to-end latency
     * @throws Exception from the engine
     */
    Latency endToEnd(ModelConfig config, double warmupSeconds) throws Exception {
        TimingPolicy p = endToEndPolicy(warmupSeconds);
        try (DjlRunner djl = DjlRunner.open(config, 0, Mode.INFERENCE)) {
            if (engine == Engine.DJL) {
                return Latency.of(djl.time(batch, p));
            }
            try (OrtRunner ort = OrtRunner.open(djl.model(), threads, false)) {
                return Latency.of(ort.time(batch, p));
            }
        }
    }
}
