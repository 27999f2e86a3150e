package dev.hsresnet.deploy.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.instance.InstanceSpec;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an exported FCOS detector ({@link OnnxExporter#exportDetection}) or YOLACT-on-FCOS
 * instance segmenter ({@link OnnxExporter#exportInstance}: the detector with two more outputs) in
 * ONNX Runtime on the CPU, with the session settings of {@link OrtBackend} (intra-op threads as
 * given, one inter-op thread, every graph optimization on), and returns the heads' raw outputs;
 * decoding is {@code FcosDecoder}'s, mask assembly {@code InstanceDecoder}'s. Input: float32 {@code (N, C, H, W)}, row-major, normalized as the file's
 * {@code preprocessing.mean|std} metadata says, any {@code H} and {@code W}. Safe to call from
 * several threads at once.
 *
 * <pre>{@code
 * try (OrtDetector ort = OrtDetector.open(Path.of("raccoon.onnx"), 0)) {
 *     OrtDetector.Outputs out = ort.run(images, new long[] {2, 3, 384, 512});
 *     // out.clsLogits(): 2 * P * K floats, (N, P, K); out.boxDistances() (N, P, 4); ...
 *     DetectionSpec spec = ort.spec();   // strides, inference settings, for the decoder
 * }
 * }</pre>
 */
public final class OrtDetector implements AutoCloseable {

    private static final List<String> OUTPUTS = List.of(OnnxExporter.CLS_LOGITS,
            OnnxExporter.BOX_DISTANCES, OnnxExporter.CENTERNESS_LOGITS);
    private static final List<String> INSTANCE_OUTPUTS = List.of(OnnxExporter.CLS_LOGITS,
            OnnxExporter.BOX_DISTANCES, OnnxExporter.CENTERNESS_LOGITS,
            OnnxExporter.COEFFICIENTS, OnnxExporter.PROTOTYPES);

    private final String source;
    private final OnnxMetadata metadata;
    private final DetectionSpec spec;
    private final InstanceSpec instance;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final int inChannels;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * The head's outputs for a batch, float32, row-major, over the {@code P} locations of all
     * levels (finest first, each level row-major), as {@code FcosNet} returns them.
     *
     * @param clsLogits {@code batch * locations * numClasses} class logits, {@code (N, P, K)}
     * @param boxDistances {@code batch * locations * 4} distances {@code l, t, r, b} in input
     *     pixels, {@code (N, P, 4)}
     * @param centernessLogits {@code batch * locations} centerness logits, {@code (N, P)}
     * @param batch {@code N}
     * @param locations {@code P}
     * @param coefficients an instance segmenter's {@code batch * locations * k} mask
     *     coefficients, {@code (N, P, k)}; null for a detector
     * @param prototypes an instance segmenter's {@code batch * k * H4 * W4} prototypes, {@code
     *     (N, k, H4, W4)}; null for a detector
     * @param prototypeHeight {@code H4}, 0 for a detector
     * @param prototypeWidth {@code W4}, 0 for a detector
     */
    public record Outputs(float[] clsLogits, float[] boxDistances, float[] centernessLogits,
            int batch, int locations, float[] coefficients, float[] prototypes,
            int prototypeHeight, int prototypeWidth) {}

    private OrtDetector(String source, OnnxMetadata metadata, DetectionSpec spec,
            InstanceSpec instance, OrtEnvironment env, OrtSession.SessionOptions options,
            OrtSession session, int inChannels) {
        this.source = source;
        this.metadata = metadata;
        this.spec = spec;
        this.instance = instance;
        this.env = env;
        this.options = options;
        this.session = session;
        this.inChannels = inChannels;
    }

    /**
     * Opens an exported detector or instance segmenter.
     *
     * @param onnxFile a file written by {@link OnnxExporter#exportDetection} or {@link
     *     OnnxExporter#exportInstance}
     * @param threads intra-op threads, or 0 for the number of available processors
     * @return the detector
     * @throws IOException naming the file when it is missing, not ONNX, not a detection or
     *     instance export (a classifier, a segmentation network, another tool's file), or its
     *     graph's input or outputs are not what such an export writes
     */
    public static OrtDetector open(Path onnxFile, int threads) throws IOException {
        String source = onnxFile.toString();
        OnnxMetadata meta = OnnxMetadata.read(onnxFile);
        return open((env, o) -> env.createSession(source, o), meta, threads, source);
    }

    /**
     * Opens a detector held in memory.
     *
     * @param onnxModel the serialized model, as {@link OnnxExporter#exportDetection} returns it
     * @param source what the bytes are, for messages (a file name)
     * @param threads intra-op threads, or 0 for the number of available processors
     * @return the detector
     * @throws IOException naming {@code source} as {@link #open(Path, int)}
     */
    public static OrtDetector open(byte[] onnxModel, String source, int threads)
            throws IOException {
        Objects.requireNonNull(onnxModel, "onnxModel");
        Objects.requireNonNull(source, "source");
        OnnxMetadata meta = OnnxMetadata.parse(onnxModel, source);
        return open((env, o) -> env.createSession(onnxModel, o), meta, threads, source);
    }

    private static OrtDetector open(OrtSessions.SessionSource model, OnnxMetadata meta,
            int threads, String source) throws IOException {
        if (OnnxMetadata.TASK_SEGMENTATION.equals(meta.task())) {
            throw new IOException(source + " is a segmentation network exported by hsresnet, "
                    + "not a detector; run it with OrtSegmenter");
        }
        if (meta.properties().containsKey(OnnxMetadata.MODEL_JSON)) {
            throw new IOException(source + " is a classifier exported by hsresnet (output "
                    + "(batch, classes)), not a detector; run it with OrtBackend");
        }
        InstanceSpec instance = OnnxMetadata.TASK_INSTANCE.equals(meta.task())
                ? meta.instanceSpec(source) : null;
        DetectionSpec spec = instance != null ? instance.detection() : meta.detectionSpec(source);
        return OrtSessions.open(model, threads, source, (env, options, session) -> {
            long[] in = inputShape(source, session.getInputInfo());
            if (in[1] != spec.backbone().inChannels()) {
                throw new IOException(source + ": input '" + OnnxExporter.INPUT + "' has "
                        + in[1] + " channels but its detection spec's backbone takes "
                        + spec.backbone().inChannels());
            }
            checkOutputs(source, session.getOutputInfo(), spec.numClasses(),
                    instance == null ? 0 : instance.prototypes());
            return new OrtDetector(source, meta, spec, instance, env, options, session,
                    Math.toIntExact(in[1]));
        });
    }

    /** @return the input's shape: one float32 tensor {@code (?, C, ?, ?)} */
    private static long[] inputShape(String source, Map<String, NodeInfo> infos)
            throws IOException {
        NodeInfo info = infos.get(OnnxExporter.INPUT);
        if (infos.size() != 1 || info == null) {
            throw new IOException(source + " has inputs " + infos.keySet() + "; a detection "
                    + "export has one named '" + OnnxExporter.INPUT + "'");
        }
        long[] shape = floatShape(info);
        if (shape == null || shape.length != 4 || shape[1] < 1) {
            throw new IOException(source + ": input '" + OnnxExporter.INPUT + "' is "
                    + describe(shape) + "; a detection export writes float32 (batch, channels, "
                    + "height, width)");
        }
        return shape;
    }

    /**
     * Checks the outputs: {@code (?, ?, K)}, {@code (?, ?, 4)}, {@code (?, ?)}, and with k
     * prototypes {@code (?, ?, k)} and {@code (?, k, ?, ?)}.
     */
    private static void checkOutputs(String source, Map<String, NodeInfo> infos, int classes,
            int prototypes) throws IOException {
        List<String> names = prototypes == 0 ? OUTPUTS : INSTANCE_OUTPUTS;
        if (!infos.keySet().equals(Set.copyOf(names))) {
            throw new IOException(source + " has outputs " + infos.keySet() + "; "
                    + (prototypes == 0 ? "a detection" : "an instance segmentation")
                    + " export has " + names);
        }
        long[][] expected = {{-1, -1, classes}, {-1, -1, 4}, {-1, -1}, {-1, -1, prototypes},
            {-1, prototypes, -1, -1}};
        for (int i = 0; i < names.size(); i++) {
            long[] shape = floatShape(infos.get(names.get(i)));
            long[] want = expected[i];
            boolean ok = shape != null && shape.length == want.length;
            for (int d = 0; ok && d < want.length; d++) {
                ok = want[d] < 0 || shape[d] == want[d];
            }
            if (!ok) {
                throw new IOException(source + ": output '" + names.get(i) + "' is "
                        + describe(shape) + "; this network's spec needs float32 "
                        + Arrays.toString(want).replace("-1", "?"));
            }
        }
    }

    private static long[] floatShape(NodeInfo info) {
        return info.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT
                ? t.getShape() : null;
    }

    private static String describe(long[] shape) {
        return shape == null ? "not a float32 tensor"
                : "of shape " + Arrays.toString(shape).replace("-1", "?");
    }

    /**
     * Runs the network.
     *
     * @param input {@code N * C * H * W} floats, row-major {@code (N, C, H, W)}
     * @param shape {@code {N, C, H, W}}, every dimension at least 1, {@code C} the network's
     *     {@link #inChannels()}
     * @return the three outputs of a detector, the five of an instance segmenter
     * @throws IllegalArgumentException naming the file and the problem when the shape is not
     *     4-D, has the wrong channel count or does not match the number of floats, or when the
     *     outputs would not fit in Java arrays
     * @throws IllegalStateException when closed or ONNX Runtime fails
     */
    public Outputs run(float[] input, long[] shape) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(shape, "shape");
        checkInput(input, shape);
        if (closed.get()) {
            throw new IllegalStateException("the ONNX detector of " + source + " is closed");
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input),
                        shape.clone());
                OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, tensor))) {
            int n = Math.toIntExact(shape[0]);
            int locations = locations(result, n);
            float[] cls = read(result, OnnxExporter.CLS_LOGITS, n, locations, spec.numClasses());
            float[] box = read(result, OnnxExporter.BOX_DISTANCES, n, locations, 4);
            float[] ctr = read(result, OnnxExporter.CENTERNESS_LOGITS, n, locations, 0);
            if (instance == null) {
                return new Outputs(cls, box, ctr, n, locations, null, null, 0, 0);
            }
            int k = instance.prototypes();
            float[] coeff = read(result, OnnxExporter.COEFFICIENTS, n, locations, k);
            OnnxTensor protos = tensor(result, OnnxExporter.PROTOTYPES);
            long[] s = protos.getInfo().getShape();
            if (s.length != 4 || s[0] != n || s[1] != k) {
                throw new IllegalStateException(source + " returned '" + OnnxExporter.PROTOTYPES
                        + "' of shape " + Arrays.toString(s) + " for a batch of " + n + " and "
                        + k + " prototypes");
            }
            return new Outputs(cls, box, ctr, n, locations, coeff, copy(protos, s),
                    Math.toIntExact(s[2]), Math.toIntExact(s[3]));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + source + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return {@code P}, from the centerness output {@code (N, P)} */
    private int locations(OrtSession.Result result, int n) throws OrtException {
        long[] s = tensor(result, OnnxExporter.CENTERNESS_LOGITS).getInfo().getShape();
        if (s.length != 2 || s[0] != n) {
            throw new IllegalStateException(source + " returned '"
                    + OnnxExporter.CENTERNESS_LOGITS + "' of shape " + Arrays.toString(s)
                    + " for a batch of " + n);
        }
        return Math.toIntExact(s[1]);
    }

    /** @return output {@code name}'s floats, after checking its shape {@code (N, P[, last])} */
    private float[] read(OrtSession.Result result, String name, int n, int locations, int last)
            throws OrtException {
        OnnxTensor t = tensor(result, name);
        long[] s = t.getInfo().getShape();
        long[] expected = last == 0 ? new long[] {n, locations} : new long[] {n, locations, last};
        if (!Arrays.equals(s, expected)) {
            throw new IllegalStateException(source + " returned '" + name + "' of shape "
                    + Arrays.toString(s) + ", expected " + Arrays.toString(expected));
        }
        return copy(t, s);
    }

    /** @return a tensor's floats on the Java heap */
    private float[] copy(OnnxTensor t, long[] shape) {
        double count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(source + ": an output of shape "
                    + Arrays.toString(shape) + " has more values than a Java array holds; run a "
                    + "smaller batch");
        }
        float[] values = new float[(int) count];
        t.getFloatBuffer().get(values);
        return values;
    }

    private OnnxTensor tensor(OrtSession.Result result, String name) {
        OnnxValue v = result.get(name).orElseThrow(() -> new IllegalStateException(source
                + " returned no '" + name + "'"));
        if (!(v instanceof OnnxTensor t)) {
            throw new IllegalStateException(source + " returned '" + name + "' as a "
                    + v.getType() + ", not a tensor");
        }
        return t;
    }

    private void checkInput(float[] input, long[] shape) {
        if (shape.length != 4 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(source + ": input shape " + Arrays.toString(shape)
                    + " is not (N, C, H, W) with every dimension >= 1");
        }
        if (shape[1] != inChannels) {
            throw new IllegalArgumentException(source + " takes " + inChannels
                    + " input channels, got " + shape[1] + " (input shape "
                    + Arrays.toString(shape) + ")");
        }
        double values = (double) shape[0] * shape[1] * shape[2] * shape[3];
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(source + ": input shape " + Arrays.toString(shape)
                    + " has more values than a Java array holds");
        }
        long expected = shape[0] * shape[1] * shape[2] * shape[3];
        if (input.length != expected) {
            throw new IllegalArgumentException(source + ": input has " + input.length
                    + " floats but shape " + Arrays.toString(shape) + " needs " + expected);
        }
    }

    /** @return the input channels the network takes */
    public int inChannels() {
        return inChannels;
    }

    /** @return the number of classes {@code K} of {@value OnnxExporter#CLS_LOGITS} */
    public int numClasses() {
        return spec.numClasses();
    }

    /**
     * @return the network the file holds ({@link OnnxMetadata#DETECTION_SPEC}; an instance
     *     segmenter's detector part): its strides and level arithmetic give the decoder's points,
     *     its inference settings the decoder's
     */
    public DetectionSpec spec() {
        return spec;
    }

    /**
     * @return the instance segmenter the file holds ({@link OnnxMetadata#INSTANCE_SPEC}), or null
     *     for a detector
     */
    public InstanceSpec instanceSpec() {
        return instance;
    }

    /** @return the file's header and metadata (task, name, spec, labels, mean and std) */
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
        return "OrtDetector[" + source + "]";
    }
}
