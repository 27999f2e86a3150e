package dev.hsresnet.deploy.onnx;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.instance.InstanceModels;
import dev.hsresnet.vision.instance.InstanceSpec;
import dev.hsresnet.vision.segmentation.SegmentationSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of an ONNX file: versions, producer, node and initializer counts, and the metadata
 * properties, read straight from the protobuf without loading the graph into a runtime. For files
 * written by {@link OnnxExporter}, {@link #modelConfig} gives back a classifier's {@code
 * model.json}, {@link #segmentationSpec} a segmentation network's spec, {@link #detectionSpec}
 * and {@link #detectionConfig} a detector's, {@link #instanceSpec} and {@link #instanceConfig}
 * an instance segmenter's ({@link #task()} says which a file holds).
 *
 * <pre>{@code
 * OnnxMetadata meta = OnnxMetadata.read(Path.of("hs_resnet50.onnx"));
 * ModelConfig config = meta.modelConfig("hs_resnet50.onnx");   // name, classes, preprocessing
 * System.out.println(meta.opset() + " " + meta.nodeCount());
 * }</pre>
 *
 * @param irVersion the file's IR version
 * @param opset the version of the default ("ai.onnx") operator set
 * @param producerName who wrote the file ({@code hsresnet} for this project)
 * @param producerVersion the producer's version, or empty
 * @param docString the model's description, or empty
 * @param graphName the graph's name, or empty
 * @param nodeCount nodes in the main graph
 * @param initializerCount initializers (weight tensors and constants) in the main graph
 * @param properties the {@code metadata_props}, in file order
 */
public record OnnxMetadata(
        long irVersion,
        long opset,
        String producerName,
        String producerVersion,
        String docString,
        String graphName,
        int nodeCount,
        int initializerCount,
        Map<String, String> properties) {

    /** The complete {@code model.json} of the exported model. */
    public static final String MODEL_JSON = "hsresnet.model_json";
    /** Whether BatchNorm was folded into the convolutions: {@code true} or {@code false}. */
    public static final String FOLD_BN = "hsresnet.fold_bn";
    /** Input height and width in pixels. */
    public static final String SIZE = "preprocessing.size";
    /** Fraction of the resized image the center crop keeps. */
    public static final String CROP_PCT = "preprocessing.crop_pct";
    /** {@code bilinear}, {@code bicubic} or {@code nearest}. */
    public static final String INTERPOLATION = "preprocessing.interpolation";
    /** Per-channel mean of [0, 1] pixels, comma-separated. */
    public static final String MEAN = "preprocessing.mean";
    /** Per-channel standard deviation, comma-separated. */
    public static final String STD = "preprocessing.std";
    /** Class names as a JSON array of strings (absent when the model has none). */
    public static final String LABELS = "labels";
    /**
     * How the weights and activations are quantized, in words (absent for a float32 file), e.g.
     * {@code int8 static QDQ: ...}.
     */
    public static final String QUANTIZATION = "hsresnet.quantization";

    /**
     * What the network computes: {@value #TASK_SEGMENTATION} in files of {@link
     * OnnxExporter#exportSegmentation}, {@value #TASK_DETECTION} in files of {@link
     * OnnxExporter#exportDetection}; absent in classifier files (which predate the key), read as
     * {@value #TASK_CLASSIFICATION} by {@link #task()}.
     */
    public static final String TASK = "hsresnet.task";
    /** {@link #TASK} of a classifier (or headless feature network). */
    public static final String TASK_CLASSIFICATION = "classification";
    /** {@link #TASK} of a semantic-segmentation network, output {@code (N, classes, H, W)}. */
    public static final String TASK_SEGMENTATION = "segmentation";
    /**
     * {@link #TASK} of an FCOS detector: outputs {@code cls_logits (N, P, classes)}, {@code
     * box_distances (N, P, 4)}, {@code centerness_logits (N, P)}, raw (not decoded).
     */
    public static final String TASK_DETECTION = "detection";
    /**
     * The model's name (segmentation and detection files; a classifier's is inside {@link
     * #MODEL_JSON}).
     */
    public static final String MODEL_NAME = "hsresnet.model_name";
    /** Number of output classes of a segmentation network or detector, a decimal integer. */
    public static final String NUM_CLASSES = "hsresnet.num_classes";
    /** The complete {@code SegmentationSpec} JSON of a segmentation network. */
    public static final String SEGMENTATION_SPEC = "hsresnet.segmentation_spec";
    /**
     * The complete {@code DetectionSpec} JSON of a detector: backbone, neck, head, levels and the
     * inference settings (score threshold, NMS IoU, top-k, detections, input size).
     */
    public static final String DETECTION_SPEC = "hsresnet.detection_spec";
    /**
     * {@link #TASK} of a YOLACT-on-FCOS instance segmenter: the detector's three outputs plus
     * {@code coefficients (N, P, k)} and {@code prototypes (N, k, H4, W4)}, raw.
     */
    public static final String TASK_INSTANCE = "instance";
    /** The complete {@code InstanceSpec} JSON of an instance segmenter (the detector's and k). */
    public static final String INSTANCE_SPEC = "hsresnet.instance_spec";

    /**
     * @return the {@value #TASK} property, or {@value #TASK_CLASSIFICATION} when the file has
     *     none (classifier files)
     */
    public String task() {
        return properties.getOrDefault(TASK, TASK_CLASSIFICATION);
    }

    /**
     * The network stored by {@link OnnxExporter#exportSegmentation}.
     *
     * @param source the file name, for messages
     * @return the {@value #SEGMENTATION_SPEC} content, validated
     * @throws IOException naming {@code source} when the file is not a segmentation export or the
     *     property is invalid
     */
    public SegmentationSpec segmentationSpec(String source) throws IOException {
        String json = properties.get(SEGMENTATION_SPEC);
        if (json == null || !TASK_SEGMENTATION.equals(task())) {
            throw new IOException(source + " is not a segmentation network exported by hsresnet "
                    + "(task '" + task() + "', no '" + SEGMENTATION_SPEC + "' metadata; producer '"
                    + producerName + "')");
        }
        try {
            return SpecJson.read(json, SegmentationSpec.class);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": metadata '" + SEGMENTATION_SPEC + "' is not a valid "
                    + "segmentation spec: " + e.getMessage(), e);
        }
    }

    /**
     * The network stored by {@link OnnxExporter#exportDetection}.
     *
     * @param source the file name, for messages
     * @return the {@value #DETECTION_SPEC} content, validated
     * @throws IOException naming {@code source} when the file is not a detection export or the
     *     property is invalid
     */
    public DetectionSpec detectionSpec(String source) throws IOException {
        return spec(source, TASK_DETECTION, DETECTION_SPEC, DetectionSpec.class, "a detector");
    }

    /**
     * The network stored by {@link OnnxExporter#exportInstance}.
     *
     * @param source the file name, for messages
     * @return the {@value #INSTANCE_SPEC} content, validated
     * @throws IOException naming {@code source} when the file is not an instance segmentation
     *     export or the property is invalid
     */
    public InstanceSpec instanceSpec(String source) throws IOException {
        return spec(source, TASK_INSTANCE, INSTANCE_SPEC, InstanceSpec.class,
                "an instance segmenter");
    }

    private <S> S spec(String source, String task, String key, Class<S> type, String what)
            throws IOException {
        String json = properties.get(key);
        if (json == null || !task.equals(task())) {
            throw new IOException(source + " is not " + what + " exported by hsresnet (task '"
                    + task() + "', no '" + key + "' metadata; producer '" + producerName + "')");
        }
        try {
            return SpecJson.read(json, type);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": metadata '" + key + "' is not a valid " + task
                    + " spec: " + e.getMessage(), e);
        }
    }

    /**
     * The configuration a detection export describes, as {@code model.json} would hold it: the
     * name ({@value #MODEL_NAME}, else the graph's), the {@link #detectionSpec}, the labels and
     * the preprocessing's mean and std (nominal size {@code DetectionModels.NOMINAL_SIZE}, crop
     * 1.0, bilinear: the detection pipeline resizes by the spec's {@code minSize} and {@code
     * maxSize}). It has no weights section.
     *
     * @param source the file name, for messages
     * @return the configuration, {@code task: detection}
     * @throws IOException naming {@code source} when the file is not a detection export or its
     *     metadata does not make a valid detection model
     */
    public ModelConfig detectionConfig(String source) throws IOException {
        DetectionSpec spec = detectionSpec(source);
        return config(source, "detection", (name, labels) -> DetectionModels.config(name, spec,
                labels));
    }

    /**
     * The configuration an instance segmentation export describes, as {@link #detectionConfig}
     * does for a detector: name, {@link #instanceSpec}, labels, mean and std.
     *
     * @param source the file name, for messages
     * @return the configuration, {@code task: instance}
     * @throws IOException naming {@code source} when the file is not an instance export or its
     *     metadata does not make a valid instance segmentation model
     */
    public ModelConfig instanceConfig(String source) throws IOException {
        InstanceSpec spec = instanceSpec(source);
        return config(source, "instance segmentation", (name, labels) -> InstanceModels.config(
                name, spec, labels));
    }

    /** Builds a configuration from a name and labels (may throw IllegalArgumentException). */
    private interface ConfigOf {
        ModelConfig of(String name, List<String> labels);
    }

    private ModelConfig config(String source, String what, ConfigOf base) throws IOException {
        String name = properties.getOrDefault(MODEL_NAME, graphName);
        List<String> labels = labels(source);
        List<Double> mean = numbers(MEAN, source);
        List<Double> std = numbers(STD, source);
        try {
            Preprocessing p = new Preprocessing(DetectionModels.NOMINAL_SIZE, 1.0, "bilinear",
                    mean, std);
            return base.of(name, labels).withPreprocessing(p);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": its metadata does not make a valid " + what
                    + " model: " + e.getMessage(), e);
        }
    }

    /**
     * @param source the file name, for messages
     * @return the {@value #LABELS} property, or {@code null} when the file has none
     * @throws IOException naming {@code source} when it is not a JSON array of strings
     */
    public List<String> labels(String source) throws IOException {
        String json = properties.get(LABELS);
        if (json == null) {
            return null;
        }
        try {
            return List.of(SpecJson.read(json, String[].class));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException(source + ": metadata '" + LABELS
                    + "' is not a list of class names: " + e.getMessage(), e);
        }
    }

    /**
     * @param key a comma-separated numbers property, such as {@value #MEAN} or {@value #STD}
     * @param source the file name, for messages
     * @return its values
     * @throws IOException naming {@code source} and the key when it is missing or not numbers
     */
    public List<Double> numbers(String key, String source) throws IOException {
        String text = properties.get(key);
        if (text == null) {
            throw new IOException(source + " has no '" + key + "' metadata");
        }
        List<Double> values = new ArrayList<>();
        try {
            for (String v : text.split(",")) {
                values.add(Double.parseDouble(v.strip()));
            }
        } catch (NumberFormatException e) {
            throw new IOException(source + ": metadata '" + key + "' is not a list of numbers: '"
                    + text + "'", e);
        }
        return values;
    }

    /** @return the {@value #QUANTIZATION} property, or {@code "none (float32)"} */
    public String quantization() {
        return properties.getOrDefault(QUANTIZATION, "none (float32)");
    }

    /** Keeps an unmodifiable copy of the properties. */
    public OnnxMetadata {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * Reads a file's header.
     *
     * @param file an ONNX file
     * @return its header
     * @throws IOException naming the file when it is missing, unreadable or not an ONNX model
     */
    public static OnnxMetadata read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such ONNX file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException(file + " is " + size + " bytes; an ONNX file without "
                        + "external data is below 2 GiB, so this is not one");
            }
            // mapped, not read: the header is small, the weights are only skipped over
            return parse(ch.map(FileChannel.MapMode.READ_ONLY, 0, size), file.toString());
        }
    }

    /**
     * Reads the header of an ONNX model held in memory.
     *
     * @param model the serialized {@code ModelProto}
     * @param source what the bytes are (a file name), for messages
     * @return its header
     * @throws IOException naming {@code source} when the bytes are not an ONNX model
     */
    public static OnnxMetadata parse(byte[] model, String source) throws IOException {
        return parse(ByteBuffer.wrap(model), source);
    }

    private static OnnxMetadata parse(ByteBuffer model, String source) throws IOException {
        long ir = 0;
        long opset = -1;
        String producer = "";
        String producerVersion = "";
        String doc = "";
        ProtoReader graph = null;
        Map<String, String> props = new LinkedHashMap<>();
        if (!model.hasRemaining()) {
            throw new IOException(source + " is not an ONNX model (it is empty)");
        }
        try {
            ProtoReader r = new ProtoReader(model, 0);
            while (r.next()) {
                switch (r.field()) {
                    case OnnxProto.MODEL_IR_VERSION -> ir = r.varint();
                    case OnnxProto.MODEL_PRODUCER_NAME -> producer = r.string();
                    case OnnxProto.MODEL_PRODUCER_VERSION -> producerVersion = r.string();
                    case OnnxProto.MODEL_DOC_STRING -> doc = r.string();
                    case OnnxProto.MODEL_GRAPH -> graph = r.message();
                    case OnnxProto.MODEL_OPSET_IMPORT -> opset = Math.max(opset,
                            defaultDomainVersion(r.message()));
                    case OnnxProto.MODEL_METADATA_PROPS -> readEntry(r.message(), props);
                    default -> r.skip();
                }
            }
            if (ir <= 0 || graph == null || opset < 0) {
                throw new IOException(source + " is not an ONNX model (it has no "
                        + (ir <= 0 ? "IR version" : graph == null ? "graph" : "ai.onnx opset")
                        + ")");
            }
            return readGraph(graph, ir, opset, producer, producerVersion, doc, props);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new IOException(source + " is not an ONNX model (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The model configuration stored by {@link OnnxExporter}.
     *
     * @param source the file name, for messages
     * @return the {@code model.json} content, validated
     * @throws IOException naming {@code source} when the property is missing or invalid
     */
    public ModelConfig modelConfig(String source) throws IOException {
        String json = properties.get(MODEL_JSON);
        if (json == null && TASK_SEGMENTATION.equals(task())) {
            throw new IOException(source + " is a segmentation network (task '"
                    + TASK_SEGMENTATION + "', output (batch, classes, height, width)), not a "
                    + "classifier; run it with OrtSegmenter");
        }
        if (json == null && TASK_DETECTION.equals(task())) {
            throw new IOException(source + " is a detector (task '" + TASK_DETECTION
                    + "', outputs cls_logits, box_distances, centerness_logits), not a "
                    + "classifier; run it with OrtDetector");
        }
        if (json == null && TASK_INSTANCE.equals(task())) {
            throw new IOException(source + " is an instance segmenter (task '" + TASK_INSTANCE
                    + "', the detector's outputs plus coefficients and prototypes), not a "
                    + "classifier; run it with OrtDetector");
        }
        if (json == null) {
            throw new IOException(source + " has no '" + MODEL_JSON + "' metadata (an ONNX file "
                    + "written by another tool than 'hsresnet export'; producer '"
                    + producerName + "')");
        }
        try {
            return SpecJson.read(json, ModelConfig.class);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": metadata '" + MODEL_JSON + "' is not a valid "
                    + "model.json: " + e.getMessage(), e);
        }
    }

    private static OnnxMetadata readGraph(ProtoReader graph, long ir, long opset,
            String producer, String producerVersion, String doc, Map<String, String> props)
            throws IOException {
        int nodes = 0;
        int initializers = 0;
        String name = "";
        while (graph.next()) {
            switch (graph.field()) {
                case OnnxProto.GRAPH_NODE -> {
                    nodes++;
                    graph.skip();
                }
                case OnnxProto.GRAPH_INITIALIZER -> {
                    initializers++;
                    graph.skip();
                }
                case OnnxProto.GRAPH_NAME -> name = graph.string();
                default -> graph.skip();
            }
        }
        return new OnnxMetadata(ir, opset, producer, producerVersion, doc, name, nodes,
                initializers, props);
    }

    /** @return the version of an OperatorSetIdProto of the default domain, else -1 */
    private static long defaultDomainVersion(ProtoReader opsetId) throws IOException {
        String domain = "";
        long version = -1;
        while (opsetId.next()) {
            switch (opsetId.field()) {
                case OnnxProto.OPSET_DOMAIN -> domain = opsetId.string();
                case OnnxProto.OPSET_VERSION -> version = opsetId.varint();
                default -> opsetId.skip();
            }
        }
        return domain.isEmpty() || domain.equals("ai.onnx") ? version : -1;
    }

    private static void readEntry(ProtoReader entry, Map<String, String> props)
            throws IOException {
        String key = null;
        String value = "";
        while (entry.next()) {
            switch (entry.field()) {
                case OnnxProto.ENTRY_KEY -> key = entry.string();
                case OnnxProto.ENTRY_VALUE -> value = entry.string();
                default -> entry.skip();
            }
        }
        if (key != null) {
            props.put(key, value);
        }
    }
}
