package dev.hsresnet.deploy.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.vision.nn.GroupNorm;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * Graphs of GroupNorms alone ({@link ConvLayers#groupNorm}), and a bare ONNX Runtime session to
 * run them, for the lowering's test and its timing.
 */
final class GroupNormGraphs {

    private GroupNormGraphs() {}

    /**
     * @param lowering how the GroupNorms are written
     * @param weights {@code gn.<k>.weight} and {@code gn.<k>.bias}, {@code (channels)}, for each
     *     unit {@code k}
     * @param count units in a chain, each a GroupNorm, then a Relu when {@code relu}
     * @param channels the input's channels
     * @param groups the groups
     * @param dims the input's (and output's) dimensions, a String for a symbolic one
     * @param relu whether each unit ends with a Relu
     * @return the serialized model: input {@value OnnxExporter#INPUT}, output {@code output}
     */
    static byte[] chain(GroupNormLowering lowering, Map<String, Tensor> weights, int count,
            int channels, int groups, List<Object> dims, boolean relu) {
        GraphBuilder g = new GraphBuilder(OnnxOptions.DEFAULT_OPSET);
        ConvLayers layers = new ConvLayers(g, weights, true);
        String x = g.input(OnnxExporter.INPUT);
        String s = g.shape("shape", x);
        for (int k = 0; k < count; k++) {
            x = layers.groupNorm("gn." + k, x, s, "gn." + k, channels, groups,
                    GroupNorm.EPSILON, lowering);
            if (relu) {
                x = g.relu("relu." + k, x);
            }
        }
        g.node("Identity", "out", List.of(x), List.of("output"), List.of());
        ProtoMessage graph = g.build("group_norm", "", List.of(OnnxProto.floatValueInfo(
                OnnxExporter.INPUT, dims)), List.of(OnnxProto.floatValueInfo("output", dims)));
        return OnnxExporter.modelMessage(OnnxOptions.defaults(), "", graph, Map.of())
                .toByteArray();
    }

    /** A session on a model of one input {@value OnnxExporter#INPUT} and one output. */
    static final class Session implements AutoCloseable {

        private final OrtSession.SessionOptions options;
        private final OrtSession session;

        Session(byte[] model, int threads) throws OrtException {
            options = OrtSessions.options(threads);
            try {
                session = OrtEnvironment.getEnvironment().createSession(model, options);
            } catch (OrtException | RuntimeException e) {
                options.close();
                throw e;
            }
        }

        /** @return the output, row-major */
        float[] run(float[] input, long[] shape) throws OrtException {
            try (OnnxTensor t = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                    FloatBuffer.wrap(input), shape);
                    OrtSession.Result r = session.run(Map.of(OnnxExporter.INPUT, t))) {
                FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] values = new float[out.remaining()];
                out.get(values);
                return values;
            }
        }

        @Override
        public void close() {
            OrtSessions.close(session, options, "group norm graph");
        }
    }
}
