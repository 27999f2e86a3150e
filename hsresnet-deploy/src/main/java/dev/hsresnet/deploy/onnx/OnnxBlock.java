package dev.hsresnet.deploy.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.spec.ResNetSpec;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * One bottleneck of a network as its own ONNX Runtime session (BatchNorm folded, the same nodes
 * {@link OnnxExporter} writes for it), for timing blocks one at a time, as the architecture
 * search's latency table does. Not thread-safe.
 *
 * <pre>{@code
 * try (OnnxBlock b = OnnxBlock.open(spec, 2, 0, model.stateDict(), 28, 28, 2);
 *         OnnxBlock.Input x = b.input(values, new long[] {1, 512, 28, 28})) {
 *     x.run();                                     // stage 3's first block
 * }
 * }</pre>
 */
public final class OnnxBlock implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String source;

    private OnnxBlock(OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session,
            String source) {
        this.env = env;
        this.options = options;
        this.session = session;
        this.source = source;
    }

    /**
     * @param spec the architecture holding the block
     * @param stage stage index from 0
     * @param block block index in the stage from 0
     * @param stateDict the network's tensors under their PyTorch names, float32
     * @param height the input's height in pixels (fixed in the graph, as the exporter fixes a
     *     network's input size: ONNX Runtime plans static shapes better)
     * @param width the input's width in pixels
     * @param threads intra-op threads (0 = one per processor)
     * @return an open session of the block; its batch is dynamic
     * @throws IOException when ONNX Runtime refuses the graph
     */
    public static OnnxBlock open(ResNetSpec spec, int stage, int block,
            Map<String, Tensor> stateDict, long height, long width, int threads)
            throws IOException {
        OnnxOptions onnx = OnnxOptions.defaults().withFoldBn(true);
        ResNetGraph.BlockGraph g = ResNetGraph.block(spec, stage, block, stateDict, onnx,
                OnnxExporter.INPUT);
        String name = "layer" + (stage + 1) + "." + block;
        ProtoMessage graph = g.graph().build(name, "one bottleneck", List.of(
                OnnxProto.floatValueInfo(OnnxExporter.INPUT, List.of(OnnxExporter.BATCH,
                        (long) g.inChannels(), height, width))),
                List.of(OnnxProto.floatValueInfo(g.output())));
        byte[] model = OnnxExporter.modelMessage(onnx, "one bottleneck", graph, Map.of())
                .toByteArray();
        String source = "block " + name;
        return OrtSessions.open((e, o) -> e.createSession(model, o), threads, source,
                (e, o, session) -> new OnnxBlock(e, o, session, source));
    }

    /**
     * An input held in native memory, for timing: each {@link #run()} is the block alone, with no
     * copy from Java and none of its output back (a network's blocks hand their tensors on
     * inside ONNX Runtime, too).
     */
    public final class Input implements AutoCloseable {

        private final OnnxTensor tensor;
        private final Map<String, OnnxTensor> feed;
        private final java.nio.FloatBuffer values;
        private float sink;

        private Input(OnnxTensor tensor, java.nio.FloatBuffer values) {
            this.tensor = tensor;
            this.feed = Map.of(OnnxExporter.INPUT, tensor);
            this.values = values;
        }

        /**
         * Reads the input once, bringing it into the CPU's caches (inside a network a block's
         * input was just written by the block before).
         */
        public void touch() {
            float s = 0;
            for (int i = 0; i < values.limit(); i += 16) {
                s += values.get(i);
            }
            sink += s;
        }

        /** Runs the block once, to completion; its output is released unread. */
        public void run() {
            try (OrtSession.Result result = session.run(feed)) {
                if (result.size() != 1) {
                    throw new IllegalStateException(source + " returned " + result.size()
                            + " outputs");
                }
            } catch (OrtException e) {
                throw failed(e);
            }
        }

        @Override
        public void close() {
            tensor.close();
        }
    }

    /**
     * @param input NCHW values, as many as {@code shape} holds
     * @param shape {@code (N, in, H, W)}
     * @return the input in native memory, to run the block on repeatedly
     */
    public Input input(float[] input, long[] shape) {
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(4 * input.length)
                .order(java.nio.ByteOrder.nativeOrder());
        direct.asFloatBuffer().put(input);
        try {
            return new Input(OnnxTensor.createTensor(env, direct.asFloatBuffer(), shape),
                    direct.asFloatBuffer());
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused an input of shape "
                    + java.util.Arrays.toString(shape) + " for " + source + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Runs the block once and copies its output.
     *
     * @param input NCHW values, as many as {@code shape} holds
     * @param shape {@code (N, in, H, W)}
     * @return the output values, NCHW
     */
    public float[] output(float[] input, long[] shape) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, tensor))) {
            FloatBuffer values = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[values.remaining()];
            values.get(out);
            return out;
        } catch (OrtException e) {
            throw failed(e);
        }
    }

    private IllegalStateException failed(OrtException e) {
        return new IllegalStateException("ONNX Runtime failed on " + source + ": "
                + e.getMessage(), e);
    }

    @Override
    public void close() {
        OrtSessions.close(session, options, source);
    }
}
