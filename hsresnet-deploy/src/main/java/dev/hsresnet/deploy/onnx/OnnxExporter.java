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
import dev.hsresnet.vision.segmentation.SegmentationSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes a model as a self-contained ONNX file that ONNX Runtime (or any ONNX consumer) runs in
 * inference mode: BatchNorm uses its running statistics. Classifiers with {@code export}, and
 * semantic-segmentation networks with {@code exportSegmentation} (see there; run them with {@link
 * OrtSegmenter}).
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

        ProtoMessage model = new ProtoMessage()
                .varint(OnnxProto.MODEL_IR_VERSION, OnnxProto.irVersion(options.opset()))
                .message(OnnxProto.MODEL_OPSET_IMPORT, OnnxProto.opsetId(options.opset()))
                .string(OnnxProto.MODEL_PRODUCER_NAME, PRODUCER)
                .string(OnnxProto.MODEL_PRODUCER_VERSION, producerVersion())
                .string(OnnxProto.MODEL_DOMAIN, "dev.hsresnet")
                .varint(OnnxProto.MODEL_VERSION, 1)
                .string(OnnxProto.MODEL_DOC_STRING, description)
                .message(OnnxProto.MODEL_GRAPH, graphProto);
        Map<String, String> props = new java.util.LinkedHashMap<>(metadata(config, options));
        props.putAll(extraMetadata);
        for (Map.Entry<String, String> e : props.entrySet()) {
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
            try {
                props.put(OnnxMetadata.LABELS,
                        SpecJson.mapper().writer()
                                .without(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(config.labels()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write labels as JSON", e);
            }
        }
        return props;
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

    private static String joined(List<Double> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** @return this library's version (the jar's), or {@code dev} in a build tree */
    static String producerVersion() {
        String v = OnnxExporter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
