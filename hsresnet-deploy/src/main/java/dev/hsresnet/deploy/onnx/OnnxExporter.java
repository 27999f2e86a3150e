package dev.hsresnet.deploy.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.DetectionTask;
import dev.hsresnet.vision.instance.InstanceModel;
import dev.hsresnet.vision.instance.InstanceSpec;
import dev.hsresnet.vision.instance.InstanceTask;
import dev.hsresnet.vision.segmentation.SegmentationSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes a model as a self-contained ONNX file that ONNX Runtime (or any ONNX consumer) runs in
 * inference mode: BatchNorm uses its running statistics. Classifiers with {@code export},
 * semantic-segmentation networks with {@code exportSegmentation} (see there; run them with {@link
 * OrtSegmenter}), FCOS detectors with {@code exportDetection} and YOLACT-on-FCOS instance
 * segmenters with {@code exportInstance} (see there; run both with {@link OrtDetector}).
 *
 * <p>The graph is built from the model's {@link ResNetSpec} and its PyTorch-named state dict, not
 * by tracing DJL. Input {@value #INPUT}: float32 {@code (batch, inChannels, size, size)},
 * normalized as the model's preprocessing says, with a symbolic batch dimension {@value #BATCH}.
 * Output {@value #LOGITS}: {@code (batch, numClasses)}, or {@value #FEATURES}: {@code (batch, C)}
 * for a network without a classifier. The metadata properties (see {@link OnnxMetadata}) carry the
 * complete {@code model.json}, so the file alone is enough to serve the model.
 *
 * <pre>{@code
 * try (ResNetModel model = ModelDir.load(Path.of("my-model"))) {
 *     OnnxExporter.export(model, OnnxOptions.defaults(), Path.of("my-model.onnx"));
 * }
 * }</pre>
 */
public final class OnnxExporter {

    /** The graph input's name. */
    public static final String INPUT = "input";
    /** The graph output's name for a classifier. */
    public static final String LOGITS = "logits";
    /** The graph output's name for a network without a classifier ({@code numClasses == 0}). */
    public static final String FEATURES = "features";
    /** A detector's class logits, {@code (batch, locations, numClasses)}. */
    public static final String CLS_LOGITS = "cls_logits";
    /** A detector's distances {@code l, t, r, b} in input pixels, {@code (batch, locations, 4)}. */
    public static final String BOX_DISTANCES = "box_distances";
    /** A detector's centerness logits, {@code (batch, locations)}. */
    public static final String CENTERNESS_LOGITS = "centerness_logits";
    /** An instance segmenter's mask coefficients, {@code (batch, locations, k)}, in [-1, 1]. */
    public static final String COEFFICIENTS = "coefficients";
    /** An instance segmenter's prototypes, {@code (batch, k, proto_height, proto_width)}. */
    public static final String PROTOTYPES = "prototypes";
    /** The symbolic batch dimension. */
    public static final String BATCH = "batch";
    /** The {@code producer_name} of every file this class writes. */
    public static final String PRODUCER = "hsresnet";

    private OnnxExporter() {}

    /**
     * Exports to memory.
     *
     * @param model a classifier (or a network with {@code numClasses == 0}), not in feature mode
     * @param options opset and BatchNorm folding
     * @return the serialized ONNX {@code ModelProto}
     * @throws IllegalArgumentException for a model in feature mode
     */
    public static byte[] export(ResNetModel model, OnnxOptions options) {
        return modelProto(model, options).toByteArray();
    }

    /**
     * Exports to a file, atomically: readers see the old file or the complete new one.
     *
     * @param model a classifier (or a network with {@code numClasses == 0}), not in feature mode
     * @param options opset and BatchNorm folding
     * @param out the file to create or replace; its directory is created if needed
     * @throws IOException when writing fails; {@code out} is then untouched
     */
    public static void export(ResNetModel model, OnnxOptions options, Path out)
            throws IOException {
        ProtoMessage proto = modelProto(model, options);
        AtomicFiles.write(out, proto::writeTo);
    }

    /**
     * Exports a network given by its configuration and weights, without a DJL model.
     *
     * @param config the model's configuration (architecture, preprocessing, labels)
     * @param stateDict every tensor under its PyTorch name, float32, BN running statistics
     *     included
     * @param options opset and BatchNorm folding
     * @return the serialized ONNX {@code ModelProto}
     * @throws IllegalArgumentException naming a missing or misshapen tensor
     */
    public static byte[] export(ModelConfig config, Map<String, Tensor> stateDict,
            OnnxOptions options) {
        return modelProto(config, stateDict, options).toByteArray();
    }

    /**
     * Exports a semantic-segmentation network ({@code SegmentationNet}) to memory. Input
     * {@value #INPUT}: float32 {@code (batch, inChannels, height, width)}, normalized with the
     * preprocessing's mean and std, any height and width; output {@value #LOGITS}: {@code (batch,
     * numClasses, height, width)}, the logits resized bilinearly ({@code align_corners=False})
     * to the input. BatchNorm uses its running statistics (inference mode).
     *
     * @param spec the network
     * @param stateDict every tensor under its PyTorch name, as {@code StateDict.of(net)} names
     *     a {@code SegmentationNet}'s parameters ({@code backbone.*}, {@code neck.*}, {@code
     *     decode_head.*}), float32, BN running statistics included
     * @param name the model's name (graph name and {@value OnnxMetadata#MODEL_NAME} metadata)
     * @param preprocessing its mean and std per input channel are written to the metadata
     * @param options opset and BatchNorm folding
     * @return the serialized ONNX {@code ModelProto}
     * @throws IllegalArgumentException naming a missing or misshapen tensor, or when the
     *     preprocessing's channel count is not the network's
     */
    public static byte[] exportSegmentation(SegmentationSpec spec,
            Map<String, Tensor> stateDict, String name, Preprocessing preprocessing,
            OnnxOptions options) {
        return SegmentationExport.modelProto(spec, stateDict, name, preprocessing, options)
                .toByteArray();
    }

    /**
     * Exports a semantic-segmentation network to a file, atomically (a temporary file renamed
     * over {@code out}): readers see the old file or the complete new one. The graph is that of
     * {@link #exportSegmentation(SegmentationSpec, Map, String, Preprocessing, OnnxOptions)}.
     *
     * <pre>{@code
     * OnnxExporter.exportSegmentation(net.spec(), Weights.export(StateDict.of(net)), "camvid",
     *         preprocessing, OnnxOptions.defaults(), Path.of("camvid.onnx"));
     * try (OrtSegmenter ort = OrtSegmenter.open(Path.of("camvid.onnx"), 0)) { ... }
     * }</pre>
     *
     * @param spec the network
     * @param stateDict every tensor under its PyTorch name, float32
     * @param name the model's name
     * @param preprocessing its mean and std are written to the metadata
     * @param options opset and BatchNorm folding
     * @param out the file to create or replace; its directory is created if needed
     * @throws IOException when writing fails; {@code out} is then untouched
     * @throws IllegalArgumentException as the in-memory export, before anything is written
     */
    public static void exportSegmentation(SegmentationSpec spec,
            Map<String, Tensor> stateDict, String name, Preprocessing preprocessing,
            OnnxOptions options, Path out) throws IOException {
        ProtoMessage proto = SegmentationExport.modelProto(spec, stateDict, name, preprocessing,
                options);
        AtomicFiles.write(out, proto::writeTo);
    }

    /**
     * Exports an FCOS detector to memory: the backbone (BatchNorm folded as {@code options}
     * say), the FPN with its extra levels and the FCOS head, raw; decoding and NMS are left to
     * the caller ({@code FcosDecoder}). Input {@value #INPUT}: float32 {@code (batch,
     * inChannels, height, width)}, normalized with the preprocessing's mean and std, any height
     * and width. Outputs, exactly {@code FcosNet}'s, over the {@code P} locations of all levels
     * (finest first, each level row-major), symbolic dimension {@code locations}:
     *
     * <ul>
     *   <li>{@value #CLS_LOGITS} {@code (batch, P, numClasses)}: class logits, one sigmoid per
     *       class;
     *   <li>{@value #BOX_DISTANCES} {@code (batch, P, 4)}: {@code l, t, r, b} in input pixels,
     *       {@code >= 0};
     *   <li>{@value #CENTERNESS_LOGITS} {@code (batch, P)}: centerness logits.
     * </ul>
     *
     * GroupNorm, which has no operator before opset 18, is a Reshape to {@code (N, groups, -1)},
     * an InstanceNormalization with unit scale and zero bias, a Reshape back and the per-channel
     * Mul and Add. The metadata ({@link OnnxMetadata#TASK_DETECTION}, {@link
     * OnnxMetadata#DETECTION_SPEC}, labels, mean and std) make the file self-describing ({@link
     * OnnxMetadata#detectionConfig}).
     *
     * @param spec the network
     * @param stateDict every tensor under its PyTorch name, as {@code StateDict.of(net)} names an
     *     {@code FcosNet}'s parameters ({@code backbone.*}, {@code neck.*}, {@code bbox_head.*}),
     *     float32, BN running statistics included
     * @param name the model's name (graph name and {@value OnnxMetadata#MODEL_NAME} metadata)
     * @param preprocessing its mean and std per input channel are written to the metadata
     * @param labels the class names, one per class, or {@code null} to write none
     * @param options opset and BatchNorm folding
     * @return the serialized ONNX {@code ModelProto}
     * @throws IllegalArgumentException naming a missing or misshapen tensor, or when the
     *     preprocessing's channel count is not the network's or the labels are not one per class
     */
    public static byte[] exportDetection(DetectionSpec spec, Map<String, Tensor> stateDict,
            String name, Preprocessing preprocessing, List<String> labels, OnnxOptions options) {
        return DetectionExport.modelProto(spec, stateDict, name, preprocessing, labels, options,
                GroupNormLowering.DEFAULT).toByteArray();
    }

    /**
     * Exports an FCOS detector to a file, atomically (a temporary file renamed over {@code out}):
     * readers see the old file or the complete new one. The graph is that of {@link
     * #exportDetection(DetectionSpec, Map, String, Preprocessing, List, OnnxOptions)}.
     *
     * @param spec the network
     * @param stateDict every tensor under its PyTorch name, float32
     * @param name the model's name
     * @param preprocessing its mean and std are written to the metadata
     * @param labels the class names, one per class, or {@code null}
     * @param options opset and BatchNorm folding
     * @param out the file to create or replace; its directory is created if needed
     * @throws IOException when writing fails; {@code out} is then untouched
     * @throws IllegalArgumentException as the in-memory export, before anything is written
     */
    public static void exportDetection(DetectionSpec spec, Map<String, Tensor> stateDict,
            String name, Preprocessing preprocessing, List<String> labels, OnnxOptions options,
            Path out) throws IOException {
        ProtoMessage proto = DetectionExport.modelProto(spec, stateDict, name, preprocessing,
                labels, options, GroupNormLowering.DEFAULT);
        AtomicFiles.write(out, proto::writeTo);
    }

    /**
     * Exports a YOLACT-on-FCOS instance segmenter ({@code YolactNet}) to memory: the detector's
     * graph and three outputs ({@link #exportDetection(DetectionSpec, Map, String, Preprocessing,
     * List, OnnxOptions)}), plus, raw,
     *
     * <ul>
     *   <li>{@value #COEFFICIENTS} {@code (batch, P, k)}: the mask coefficients of every
     *       location ({@code tanh}), in the locations' order;
     *   <li>{@value #PROTOTYPES} {@code (batch, k, H4, W4)}: the prototypes at stride 4, {@code
     *       >= 0}, {@code H4 = 2 * ceil(height / 8)} for the project's backbones.
     * </ul>
     *
     * Decoding, NMS and mask assembly ({@code sigmoid(coefficients . prototypes)}, crop, resize)
     * are the caller's ({@code InstanceDecoder}). The metadata say {@link
     * OnnxMetadata#TASK_INSTANCE} and hold the {@link OnnxMetadata#INSTANCE_SPEC} ({@link
     * OnnxMetadata#instanceConfig}).
     *
     * @param spec the network
     * @param stateDict every tensor under its PyTorch name, as {@code StateDict.of(net)} names a
     *     {@code YolactNet}'s parameters ({@code backbone.*}, {@code neck.*}, {@code
     *     bbox_head.*}, {@code mask_head.*}), float32, BN running statistics included
     * @param name the model's name
     * @param preprocessing its mean and std per input channel are written to the metadata
     * @param labels the class names, one per class, or {@code null} to write none
     * @param options opset and BatchNorm folding
     * @return the serialized ONNX {@code ModelProto}
     * @throws IllegalArgumentException naming a missing or misshapen tensor, or when the
     *     preprocessing's channel count is not the network's or the labels are not one per class
     */
    public static byte[] exportInstance(InstanceSpec spec, Map<String, Tensor> stateDict,
            String name, Preprocessing preprocessing, List<String> labels, OnnxOptions options) {
        return DetectionExport.instanceProto(spec, stateDict, name, preprocessing, labels,
                options, GroupNormLowering.DEFAULT).toByteArray();
    }

    /**
     * Exports an instance segmenter to a file, atomically, with the graph of {@link
     * #exportInstance(InstanceSpec, Map, String, Preprocessing, List, OnnxOptions)}.
     *
     * @param spec the network
     * @param stateDict every tensor under its PyTorch name, float32
     * @param name the model's name
     * @param preprocessing its mean and std are written to the metadata
     * @param labels the class names, one per class, or {@code null}
     * @param options opset and BatchNorm folding
     * @param out the file to create or replace; its directory is created if needed
     * @throws IOException when writing fails; {@code out} is then untouched
     * @throws IllegalArgumentException as the in-memory export, before anything is written
     */
    public static void exportInstance(InstanceSpec spec, Map<String, Tensor> stateDict,
            String name, Preprocessing preprocessing, List<String> labels, OnnxOptions options,
            Path out) throws IOException {
        ProtoMessage proto = DetectionExport.instanceProto(spec, stateDict, name, preprocessing,
                labels, options, GroupNormLowering.DEFAULT);
        AtomicFiles.write(out, proto::writeTo);
    }

    /**
     * Exports an instance segmentation model to memory with its spec, weights, name,
     * preprocessing and labels. The model may have been prepared for inference.
     *
     * @param model the instance segmenter
     * @param options opset and BatchNorm folding
     * @return the serialized ONNX {@code ModelProto}
     */
    public static byte[] exportInstance(InstanceModel model, OnnxOptions options) {
        return exportInstance(model.config(), model.stateDict(), options);
    }

    /**
     * Exports an instance segmenter given by its configuration ({@code task: instance}) and
     * weights, with the configuration's spec, name, preprocessing and labels.
     *
     * @param config the model's configuration
     * @param stateDict every tensor under its PyTorch name, float32
     * @param options opset and BatchNorm folding
     * @return the serialized ONNX {@code ModelProto}
     * @throws IllegalArgumentException when the configuration is not an instance segmenter's, or
     *     as the export
     */
    public static byte[] exportInstance(ModelConfig config, Map<String, Tensor> stateDict,
            OnnxOptions options) {
        return exportInstance(InstanceTask.spec(config), stateDict, config.name(),
                config.preprocessing(), config.labels(), options);
    }

    /**
     * Exports an instance segmentation model to a file, atomically.
     *
     * <pre>{@code
     * try (NetworkModel m = ModelDir.loadAny(Path.of("pennfudan-model"), LoadOptions.DEFAULT)) {
     *     OnnxExporter.exportInstance((InstanceModel) m, OnnxOptions.defaults(),
     *             Path.of("pennfudan.onnx"));
     * }
     * try (OrtDetector ort = OrtDetector.open(Path.of("pennfudan.onnx"), 0)) { ... }
     * }</pre>
     *
     * @param model the instance segmenter
     * @param options opset and BatchNorm folding
     * @param out the file to create or replace; its directory is created if needed
     * @throws IOException when writing fails; {@code out} is then untouched
     */
    public static void exportInstance(InstanceModel model, OnnxOptions options, Path out)
            throws IOException {
        ModelConfig c = Objects.requireNonNull(model, "model").config();
        exportInstance(model.spec(), model.stateDict(), c.name(), c.preprocessing(), c.labels(),
                options, out);
    }

    /**
     * Exports a detection model to memory, as {@link #exportDetection(DetectionSpec, Map,
     * String, Preprocessing, List, OnnxOptions)} with its spec, weights, name, preprocessing and
     * labels. The model may have been prepared for inference: its state dict is the one saved.
     *
     * @param model the detector
     * @param options opset and BatchNorm folding
     * @return the serialized ONNX {@code ModelProto}
     */
    public static byte[] exportDetection(DetectionModel model, OnnxOptions options) {
        return exportDetection(model.config(), model.stateDict(), options);
    }

    /**
     * Exports a detector given by its configuration ({@code task: detection}) and weights, as
     * {@link #exportDetection(DetectionSpec, Map, String, Preprocessing, List, OnnxOptions)} with
     * the configuration's spec, name, preprocessing and labels.
     *
     * @param config the model's configuration
     * @param stateDict every tensor under its PyTorch name, float32
     * @param options opset and BatchNorm folding
     * @return the serialized ONNX {@code ModelProto}
     * @throws IllegalArgumentException when the configuration is not a detector's, or as the
     *     export
     */
    public static byte[] exportDetection(ModelConfig config, Map<String, Tensor> stateDict,
            OnnxOptions options) {
        return exportDetection(DetectionTask.spec(config), stateDict, config.name(),
                config.preprocessing(), config.labels(), options);
    }

    /**
     * Exports a detection model to a file, atomically, as {@link #exportDetection(DetectionModel,
     * OnnxOptions)}.
     *
     * <pre>{@code
     * try (NetworkModel m = ModelDir.loadAny(Path.of("raccoon-model"), LoadOptions.DEFAULT)) {
     *     OnnxExporter.exportDetection((DetectionModel) m, OnnxOptions.defaults(),
     *             Path.of("raccoon.onnx"));
     * }
     * try (OrtDetector ort = OrtDetector.open(Path.of("raccoon.onnx"), 0)) { ... }
     * }</pre>
     *
     * @param model the detector
     * @param options opset and BatchNorm folding
     * @param out the file to create or replace; its directory is created if needed
     * @throws IOException when writing fails; {@code out} is then untouched
     */
    public static void exportDetection(DetectionModel model, OnnxOptions options, Path out)
            throws IOException {
        Objects.requireNonNull(model, "model");
        ModelConfig c = model.config();
        exportDetection(model.spec(), model.stateDict(), c.name(), c.preprocessing(), c.labels(),
                options, out);
    }

    private static ProtoMessage modelProto(ResNetModel model, OnnxOptions options) {
        Objects.requireNonNull(model, "model");
        if (model.network().isFeatureMode()) {
            throw new IllegalArgumentException("model '" + model.config().name()
                    + "' is loaded as a backbone (feature levels); export needs the classifier "
                    + "network (ModelDir.load, not loadBackbone)");
        }
        return modelProto(model.config(), model.stateDict(), options);
    }

    static ProtoMessage modelProto(ModelConfig config, Map<String, Tensor> stateDict,
            OnnxOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(stateDict, "stateDict");
        Objects.requireNonNull(options, "options");
        return modelProto(config, graph(config, stateDict, options), options, Map.of(),
                List.of());
    }

    /** @return the graph's nodes and initializers, not yet serialized */
    static GraphBuilder graph(ModelConfig config, Map<String, Tensor> stateDict,
            OnnxOptions options) {
        return ResNetGraph.build(config.architecture(), stateDict, options, INPUT,
                outputName(config));
    }

    /** @return {@value #LOGITS} for a classifier, else {@value #FEATURES} */
    static String outputName(ModelConfig config) {
        return config.architecture().numClasses() > 0 ? LOGITS : FEATURES;
    }

    /**
     * Serializes a graph of this model as a complete {@code ModelProto}.
     *
     * @param config the model's configuration
     * @param graph its nodes and initializers
     * @param options the opset (and BatchNorm folding, for the metadata)
     * @param extraMetadata properties written after the standard ones
     * @param extraOutputs further float32 graph outputs (calibration reads every activation)
     * @return the message
     */
    static ProtoMessage modelProto(ModelConfig config, GraphBuilder graph, OnnxOptions options,
            Map<String, String> extraMetadata, List<String> extraOutputs) {
        ResNetSpec spec = config.architecture();
        boolean classifier = spec.numClasses() > 0;
        String output = outputName(config);
        int size = config.inputSize();
        ProtoMessage input = OnnxProto.floatValueInfo(INPUT,
                List.of(BATCH, (long) spec.inChannels(), (long) size, (long) size));
        List<ProtoMessage> outputs = new java.util.ArrayList<>();
        outputs.add(OnnxProto.floatValueInfo(output, List.of(BATCH,
                (long) (classifier ? spec.numClasses() : spec.featureChannels()))));
        for (String extra : extraOutputs) {
            outputs.add(OnnxProto.floatValueInfo(extra));
        }
        String description = describe(config, output);
        ProtoMessage graphProto = graph.build(config.name(), description, List.of(input),
                outputs);
        Map<String, String> props = new java.util.LinkedHashMap<>(metadata(config, options));
        props.putAll(extraMetadata);
        return modelMessage(options, description, graphProto, props);
    }

    /**
     * The {@code ModelProto} around a graph, the same header for every task: IR version and
     * opset of {@code options}, producer {@value #PRODUCER} and its version, domain {@code
     * dev.hsresnet}, model version 1.
     *
     * @param options the opset
     * @param description the model's doc string
     * @param graph the {@code GraphProto}
     * @param metadata the {@code metadata_props}, written in this order
     * @return the message
     */
    static ProtoMessage modelMessage(OnnxOptions options, String description, ProtoMessage graph,
            Map<String, String> metadata) {
        ProtoMessage model = new ProtoMessage()
                .varint(OnnxProto.MODEL_IR_VERSION, OnnxProto.irVersion(options.opset()))
                .message(OnnxProto.MODEL_OPSET_IMPORT, OnnxProto.opsetId(options.opset()))
                .string(OnnxProto.MODEL_PRODUCER_NAME, PRODUCER)
                .string(OnnxProto.MODEL_PRODUCER_VERSION, producerVersion())
                .string(OnnxProto.MODEL_DOMAIN, "dev.hsresnet")
                .varint(OnnxProto.MODEL_VERSION, 1)
                .string(OnnxProto.MODEL_DOC_STRING, description)
                .message(OnnxProto.MODEL_GRAPH, graph);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            model.message(OnnxProto.MODEL_METADATA_PROPS,
                    OnnxProto.entry(e.getKey(), e.getValue()));
        }
        return model;
    }

    /** @return the metadata properties, in the order they are written */
    static Map<String, String> metadata(ModelConfig config, OnnxOptions options) {
        Preprocessing p = config.preprocessing();
        Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put(OnnxMetadata.MODEL_JSON, SpecJson.write(config) + "\n");
        props.put(OnnxMetadata.FOLD_BN, Boolean.toString(options.foldBn()));
        props.put(OnnxMetadata.SIZE, Integer.toString(p.size()));
        props.put(OnnxMetadata.CROP_PCT, Double.toString(p.cropPct()));
        props.put(OnnxMetadata.INTERPOLATION, p.interpolation());
        props.put(OnnxMetadata.MEAN, joined(p.mean()));
        props.put(OnnxMetadata.STD, joined(p.std()));
        if (config.labels() != null) {
            props.put(OnnxMetadata.LABELS, labelsJson(config.labels()));
        }
        return props;
    }

    /** @return the class names as a one-line JSON array of strings */
    static String labelsJson(List<String> labels) {
        try {
            return SpecJson.mapper().writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write labels as JSON", e);
        }
    }

    private static String describe(ModelConfig config, String output) {
        ResNetSpec spec = config.architecture();
        int size = config.inputSize();
        return "HS-ResNet model '" + config.name() + "' exported by hsresnet: "
                + spec.stages().size() + " stages, " + spec.blockCount() + " blocks, "
                + spec.stem().id() + " stem, shortcut '" + spec.shortcut().id() + "'. "
                + "Input '" + INPUT + "': float32 (batch, " + spec.inChannels() + ", " + size
                + ", " + size + "), normalized per the preprocessing.* metadata. Output '"
                + output + "': " + (spec.numClasses() > 0
                        ? "logits (batch, " + spec.numClasses() + ")"
                        : "pooled features (batch, " + spec.featureChannels() + ")")
                + ".";
    }

    /** @return the values comma-separated, as {@link OnnxMetadata#MEAN} holds them */
    static String joined(List<Double> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** @return this library's version (the jar's), or {@code dev} in a build tree */
    static String producerVersion() {
        String v = OnnxExporter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
