package dev.hsresnet.deploy.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an exported semantic-segmentation network ({@link OnnxExporter#exportSegmentation}) in
 * ONNX Runtime on the CPU, with the session settings of {@link OrtBackend} (intra-op threads as
 * given, one inter-op thread, every graph optimization on). Input: float32 {@code (N, C, H, W)},
 * row-major, normalized as the file's {@code preprocessing.mean|std} metadata says, any {@code H}
 * and {@code W}; output: the logits {@code (N, numClasses, H, W)}. Safe to call from several
 * threads at once. ONNX Runtime loads nothing from the network.
 *
 * <pre>{@code
 * try (OrtSegmenter ort = OrtSegmenter.open(Path.of("camvid.onnx"), 0)) {
 *     OrtSegmenter.Logits out = ort.logits(images, new long[] {2, 3, 360, 480});
 *     float v = out.values()[...];   // out.shape() is {2, numClasses, 360, 480}
 * }
 * }</pre>
 */
public final class OrtSegmenter implements AutoCloseable {

    private final String source;
    private final OnnxMetadata metadata;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    /** The graph input's shape, -1 where a dimension is symbolic. */
    private final long[] inputShape;
    private final int numClasses;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Logits of a batch.
     *
     * @param values {@code N * numClasses * H * W} floats, row-major {@code (N, K, H, W)}
     * @param shape {@code {N, numClasses, H, W}}
     */
    public record Logits(float[] values, long[] shape) {

        /** @return the value of class {@code k} at pixel {@code (y, x)} of image {@code n} */
        public float at(int n, int k, int y, int x) {
            return values[(int) (((n * shape[1] + k) * shape[2] + y) * shape[3] + x)];
        }
    }

    private OrtSegmenter(String source, OnnxMetadata metadata, OrtEnvironment env,
            OrtSession.SessionOptions options, OrtSession session, long[] inputShape,
            int numClasses) {
        this.source = source;
        this.metadata = metadata;
        this.env = env;
        this.options = options;
        this.session = session;
        this.inputShape = inputShape;
        this.numClasses = numClasses;
    }

    /**
     * Opens an exported segmentation file.
     *
     * @param onnxFile a file written by {@link OnnxExporter#exportSegmentation}
     * @param threads intra-op threads, or 0 for the number of available processors
     * @return the segmenter
     * @throws IOException naming the file when it is missing, not ONNX, a classifier, or its
     *     graph's input or output is not what a segmentation export writes
     */
    public static OrtSegmenter open(Path onnxFile, int threads) throws IOException {
        String source = onnxFile.toString();
        OnnxMetadata meta = OnnxMetadata.read(onnxFile);
        return open((env, options) -> env.createSession(source, options), meta, threads, source);
    }

    /**
     * Opens a segmentation model held in memory.
     *
     * @param onnxModel the serialized model, as {@link OnnxExporter#exportSegmentation} returns it
     * @param source what the bytes are, for messages (a file name)
     * @param threads intra-op threads, or 0 for the number of available processors
     * @return the segmenter
     * @throws IOException naming {@code source} as {@link #open(Path, int)}
     */
    public static OrtSegmenter open(byte[] onnxModel, String source, int threads)
            throws IOException {
        Objects.requireNonNull(onnxModel, "onnxModel");
        Objects.requireNonNull(source, "source");
        OnnxMetadata meta = OnnxMetadata.parse(onnxModel, source);
        return open((env, options) -> env.createSession(onnxModel, options), meta, threads,
                source);
    }

    private static OrtSegmenter open(OrtSessions.SessionSource model, OnnxMetadata meta, int threads,
            String source) throws IOException {
        if (meta.properties().containsKey(OnnxMetadata.MODEL_JSON)) {
            throw new IOException(source + " is a classifier exported by hsresnet (output "
                    + "(batch, classes)), not a segmentation network; run it with OrtBackend");
        }
        if (OnnxMetadata.TASK_DETECTION.equals(meta.task())) {
            throw new IOException(source + " is a detector exported by hsresnet (raw FCOS "
                    + "outputs), not a segmentation network; run it with OrtDetector");
        }
        return OrtSessions.open(model, threads, source, (env, options, session) -> {
            long[] in = tensorShape(source, "input", OnnxExporter.INPUT,
                    session.getInputInfo());
            long[] out = tensorShape(source, "output", OnnxExporter.LOGITS,
                    session.getOutputInfo());
            int classes = Math.toIntExact(out[1]);
            String declared = meta.properties().get(OnnxMetadata.NUM_CLASSES);
            if (declared != null && !declared.equals(Integer.toString(classes))) {
                throw new IOException(source + ": metadata '" + OnnxMetadata.NUM_CLASSES
                        + "' says " + declared + " classes but '" + OnnxExporter.LOGITS
                        + "' has " + classes);
            }
            return new OrtSegmenter(source, meta, env, options, session, in, classes);
        });
    }

    /**
     * @return the shape of the single float tensor {@code name}: 4-D, its channel dimension fixed
     *     (-1 where symbolic)
     */
    private static long[] tensorShape(String source, String kind, String name,
            Map<String, NodeInfo> infos) throws IOException {
        NodeInfo info = infos.get(name);
        if (infos.size() != 1 || info == null) {
            throw new IOException(source + " has " + kind + "s " + infos.keySet()
                    + "; a segmentation export has one named '" + name + "'");
        }
        long[] shape = info.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT
                ? t.getShape() : null;
        if (shape == null || shape.length != 4 || shape[1] < 1) {
            throw new IOException(source + ": " + kind + " '" + name + "' is "
                    + (shape == null ? "not a float32 tensor" : "of shape "
                            + Arrays.toString(shape).replace("-1", "?"))
                    + "; a segmentation export writes float32 (batch, "
                    + (kind.equals("input") ? "channels" : "classes") + ", height, width)");
        }
        return shape;
    }

    /**
     * Runs the network.
     *
     * @param input {@code N * C * H * W} floats, row-major {@code (N, C, H, W)}
     * @param shape {@code {N, C, H, W}}, every dimension at least 1, {@code C} the network's
     *     {@link #inChannels()}
     * @return the logits, {@code (N, numClasses, H, W)}
     * @throws IllegalArgumentException naming the file and the problem when the shape is not
     *     4-D, has the wrong channel count or does not match the number of floats
     * @throws IllegalStateException when closed or ONNX Runtime fails
     */
    public Logits logits(float[] input, long[] shape) {
        return run(input, shape, (out, outputs) -> {
            float[] values = new float[Math.toIntExact(outputs)];
            out.get(values);
            return new Logits(values, new long[] {shape[0], numClasses, shape[2], shape[3]});
        });
    }

    /**
     * Runs the network and returns the most likely class of every pixel. The {@code N *
     * numClasses * H * W} logits are read from ONNX Runtime's output buffer (one transient copy on
     * the Java heap, where {@link #logits} makes two) and not kept. Ties go to the lowest class
     * index, as PyTorch's {@code argmax}.
     *
     * @param input {@code N * C * H * W} floats, row-major {@code (N, C, H, W)}
     * @param shape {@code {N, C, H, W}}, as {@link #logits}
     * @return {@code N * H * W} class indices, row-major {@code (N, H, W)}
     * @throws IllegalArgumentException as {@link #logits}
     * @throws IllegalStateException when closed or ONNX Runtime fails
     */
    public int[] argmax(float[] input, long[] shape) {
        return run(input, shape, (out, outputs) -> argmax(out, Math.toIntExact(shape[0]),
                numClasses, Math.toIntExact(shape[2] * shape[3])));
    }

    /** @return per pixel, the index of the largest of the {@code k} planes (first one on ties) */
    private static int[] argmax(FloatBuffer logits, int n, int k, int plane) {
        int[] labels = new int[n * plane];
        for (int i = 0; i < n; i++) {
            int base = i * k * plane;
            for (int p = 0; p < plane; p++) {
                int best = 0;
                float max = logits.get(base + p);
                for (int c = 1; c < k; c++) {
                    float v = logits.get(base + c * plane + p);
                    if (v > max) {
                        max = v;
                        best = c;
                    }
                }
                labels[i * plane + p] = best;
            }
        }
        return labels;
    }

    /** Reads the output of one run; {@code outputs} is its number of floats. */
    @FunctionalInterface
    private interface OutputReader<T> {
        T read(FloatBuffer logits, long outputs);
    }

    private <T> T run(float[] input, long[] shape, OutputReader<T> reader) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(shape, "shape");
        long outputs = checkInput(input, shape);
        if (closed.get()) {
            throw new IllegalStateException("the ONNX segmenter of " + source + " is closed");
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input),
                        shape.clone());
                OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            long[] outShape = out.getInfo().getShape();
            long[] expected = {shape[0], numClasses, shape[2], shape[3]};
            if (!Arrays.equals(outShape, expected)) {
                throw new IllegalStateException(source + " returned '" + OnnxExporter.LOGITS
                        + "' of shape " + Arrays.toString(outShape) + ", expected "
                        + Arrays.toString(expected));
            }
            return reader.read(out.getFloatBuffer(), outputs);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + source + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return the number of output floats, after checking the input against the graph */
    private long checkInput(float[] input, long[] shape) {
        if (shape.length != 4 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(source + ": input shape " + Arrays.toString(shape)
                    + " is not (N, C, H, W) with every dimension >= 1");
        }
        if (shape[1] != inputShape[1]) {
            throw new IllegalArgumentException(source + " takes " + inputShape[1]
                    + " input channels, got " + shape[1] + " (input shape "
                    + Arrays.toString(shape) + ")");
        }
        for (int i = 0; i < 4; i++) {
            if (inputShape[i] > 0 && shape[i] != inputShape[i]) {
                throw new IllegalArgumentException(source + ": input dimension " + i + " must be "
                        + inputShape[i] + ", got " + shape[i]);
            }
        }
        double pixels = (double) shape[0] * shape[2] * shape[3];
        if (pixels * Math.max(shape[1], numClasses) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(source + ": input shape " + Arrays.toString(shape)
                    + " has more input or output values than a Java array holds");
        }
        long expected = shape[0] * shape[1] * shape[2] * shape[3];
        if (input.length != expected) {
            throw new IllegalArgumentException(source + ": input has " + input.length
                    + " floats but shape " + Arrays.toString(shape) + " needs " + expected);
        }
        return shape[0] * numClasses * shape[2] * shape[3];
    }

    /** @return the input channels the network takes */
    public int inChannels() {
        return Math.toIntExact(inputShape[1]);
    }

    /** @return the number of classes of the logits */
    public int numClasses() {
        return numClasses;
    }

    /** @return the file's header and metadata (task, name, spec, preprocessing mean and std) */
    public OnnxMetadata metadata() {
        return metadata;
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
        return "OrtSegmenter[" + source + "]";
    }
}
