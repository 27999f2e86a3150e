package dev.hsresnet.deploy.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.deploy.Backend;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Inputs;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Backend} that runs an exported classifier (see {@link OnnxExporter}) in ONNX Runtime
 * on the CPU: intra-op threads as given, one inter-op thread, every graph optimization on
 * (the settings of every ONNX Runtime session here). Segmentation networks run in {@link
 * OrtSegmenter}.
 * ONNX Runtime loads nothing from the network. Safe to call from several threads at once (an
 * {@code OrtSession} runs concurrent requests).
 *
 * <pre>{@code
 * try (OrtBackend ort = OrtBackend.open(Path.of("hs_resnet50.onnx"), 0)) {
 *     float[][] logits = ort.logits(images, 2);   // images: 2 * 3 * 224 * 224 floats, NCHW
 * }
 * }</pre>
 */
public final class OrtBackend implements Backend {

    private final String source;
    private final ModelConfig config;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String outputName;
    private final int outputWidth;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OrtBackend(String source, ModelConfig config, OrtEnvironment env,
            OrtSession.SessionOptions options, OrtSession session, String outputName,
            int outputWidth) {
        this.source = source;
        this.config = config;
        this.env = env;
        this.options = options;
        this.session = session;
        this.outputName = outputName;
        this.outputWidth = outputWidth;
    }

    /**
     * Opens an exported model file; its configuration comes from the file's metadata.
     *
     * @param onnxFile a file written by {@link OnnxExporter}
     * @param threads intra-op threads, or 0 for the number of available processors
     * @return the backend
     * @throws IOException naming the file when it is missing, not ONNX, lacks the hsresnet
     *     metadata, or ONNX Runtime rejects it
     */
    public static OrtBackend open(Path onnxFile, int threads) throws IOException {
        String source = onnxFile.toString();
        ModelConfig config = OnnxMetadata.read(onnxFile).modelConfig(source);
        return open((env, options) -> env.createSession(source, options), config, threads,
                source);
    }

    /**
     * Opens a model held in memory.
     *
     * @param onnxModel a serialized ONNX model with input {@value OnnxExporter#INPUT} and output
     *     {@value OnnxExporter#LOGITS} or {@value OnnxExporter#FEATURES}
     * @param config the model's configuration; must agree with the graph's input and output
     * @param threads intra-op threads, or 0 for the number of available processors
     * @return the backend
     * @throws IOException when ONNX Runtime rejects the model or it does not fit {@code config}
     */
    public static OrtBackend open(byte[] onnxModel, ModelConfig config, int threads)
            throws IOException {
        Objects.requireNonNull(onnxModel, "onnxModel");
        Objects.requireNonNull(config, "config");
        return open((env, options) -> env.createSession(onnxModel, options), config, threads,
                "ONNX model '" + config.name() + "'");
    }

    private static OrtBackend open(OrtSessions.SessionSource model, ModelConfig config,
            int threads, String source) throws IOException {
        return OrtSessions.open(model, threads, source, (env, options, session) -> {
            String output = checkSignature(session, config, source);
            int width = config.architecture().numClasses() > 0
                    ? config.architecture().numClasses()
                    : config.architecture().featureChannels();
            return new OrtBackend(source, config, env, options, session, output, width);
        });
    }

    /** @return the output name, after checking input and output against the configuration */
    private static String checkSignature(OrtSession session, ModelConfig config, String source)
            throws OrtException, IOException {
        ResNetSpec spec = config.architecture();
        Map<String, NodeInfo> inputs = session.getInputInfo();
        NodeInfo input = inputs.get(OnnxExporter.INPUT);
        if (inputs.size() != 1 || input == null) {
            throw new IOException(source + " has inputs " + inputs.keySet() + "; expected one "
                    + "named '" + OnnxExporter.INPUT + "'");
        }
        long[] expectedIn = {-1, spec.inChannels(), config.inputSize(), config.inputSize()};
        checkShape(source, OnnxExporter.INPUT, input, expectedIn);
        String outputName = spec.numClasses() > 0 ? OnnxExporter.LOGITS : OnnxExporter.FEATURES;
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        NodeInfo output = outputs.get(outputName);
        if (outputs.size() != 1 || output == null) {
            throw new IOException(source + " has outputs " + outputs.keySet() + "; expected one "
                    + "named '" + outputName + "'");
        }
        long width = spec.numClasses() > 0 ? spec.numClasses() : spec.featureChannels();
        checkShape(source, outputName, output, new long[] {-1, width});
        return outputName;
    }

    private static void checkShape(String source, String name, NodeInfo info, long[] expected)
            throws IOException {
        if (!(info.getInfo() instanceof TensorInfo tensor)) {
            throw new IOException(source + ": '" + name + "' is not a tensor");
        }
        long[] actual = tensor.getShape();
        boolean ok = actual.length == expected.length;
        for (int i = 0; ok && i < actual.length; i++) {
            // -1 in the file: a symbolic dimension; -1 expected: any size
            ok = expected[i] == -1 || actual[i] == expected[i];
        }
        if (!ok) {
            throw new IOException(source + ": '" + name + "' has shape "
                    + Arrays.toString(actual) + " but the model configuration needs "
                    + Arrays.toString(expected).replace("-1", "batch"));
        }
    }

    @Override
    public float[][] logits(float[] input, int n) {
        Objects.requireNonNull(input, "input");
        Inputs.check(input, n, config.architecture().inChannels(), config.inputSize());
        if (closed.get()) {
            throw new IllegalStateException("the ONNX backend of " + source + " is closed");
        }
        int size = config.inputSize();
        long[] shape = {n, config.architecture().inChannels(), size, size};
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, tensor))) {
            float[][] out = (float[][]) result.get(0).getValue();
            if (out.length != n || out[0].length != outputWidth) {
                throw new IllegalStateException(source + " returned " + out.length + "x"
                        + out[0].length + " values for '" + outputName + "', expected " + n + "x"
                        + outputWidth);
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + source + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return the model's configuration (from the file's metadata, or as given) */
    public ModelConfig config() {
        return config;
    }

    @Override
    public BackendKind kind() {
        return BackendKind.ONNX;
    }

    /** Closes the session; the shared {@link OrtEnvironment} stays open for other sessions. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        OrtSessions.close(session, options, source);
    }

    @Override
    public String toString() {
        return "OrtBackend[" + source + "]";
    }
}
