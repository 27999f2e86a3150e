package dev.hsresnet.deploy.onnx;

import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.vision.segmentation.SegmentationSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The complete {@code ModelProto} of a segmentation network ({@link
 * OnnxExporter#exportSegmentation}): the graph of {@link SegmentationGraph}, input {@value
 * OnnxExporter#INPUT} {@code (batch, inChannels, height, width)} and output {@value
 * OnnxExporter#LOGITS} {@code (batch, numClasses, height, width)} with symbolic batch, height and
 * width, and the metadata properties that make the file self-describing.
 */
final class SegmentationExport {

    /** The symbolic height of input and output. */
    static final String HEIGHT = "height";
    /** The symbolic width of input and output. */
    static final String WIDTH = "width";

    private SegmentationExport() {}

    /**
     * @param spec the network
     * @param stateDict every tensor under its PyTorch name, float32, BN statistics included
     * @param name the model's name
     * @param preprocessing how images become the input (its mean and std are written)
     * @param options opset and BatchNorm folding
     * @return the message
     * @throws IllegalArgumentException naming a missing or misshapen tensor, or a preprocessing
     *     whose channel count is not the network's
     */
    static ProtoMessage modelProto(SegmentationSpec spec, Map<String, Tensor> stateDict,
            String name, Preprocessing preprocessing, OnnxOptions options) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(stateDict, "stateDict");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(options, "options");
        ResNetSpec backbone = spec.backbone();
        if (preprocessing.mean().size() != backbone.inChannels()) {
            throw new IllegalArgumentException("preprocessing has " + preprocessing.mean().size()
                    + " channel statistics but the network takes " + backbone.inChannels()
                    + " input channels");
        }
        GraphBuilder graph = SegmentationGraph.build(spec, stateDict, options, OnnxExporter.INPUT,
                OnnxExporter.LOGITS);
        ProtoMessage input = OnnxProto.floatValueInfo(OnnxExporter.INPUT, List.of(
                OnnxExporter.BATCH, (long) backbone.inChannels(), HEIGHT, WIDTH));
        ProtoMessage output = OnnxProto.floatValueInfo(OnnxExporter.LOGITS, List.of(
                OnnxExporter.BATCH, (long) spec.numClasses(), HEIGHT, WIDTH));
        String description = describe(spec, name);
        ProtoMessage graphProto = graph.build(name, description, List.of(input), List.of(output));
        return OnnxExporter.modelMessage(options, description, graphProto,
                metadata(spec, name, preprocessing, options));
    }

    /** @return the metadata properties, in the order they are written */
    static Map<String, String> metadata(SegmentationSpec spec, String name,
            Preprocessing preprocessing, OnnxOptions options) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(OnnxMetadata.TASK, OnnxMetadata.TASK_SEGMENTATION);
        props.put(OnnxMetadata.MODEL_NAME, name);
        props.put(OnnxMetadata.NUM_CLASSES, Integer.toString(spec.numClasses()));
        props.put(OnnxMetadata.SEGMENTATION_SPEC, SpecJson.write(spec) + "\n");
        props.put(OnnxMetadata.FOLD_BN, Boolean.toString(options.foldBn()));
        props.put(OnnxMetadata.MEAN, joined(preprocessing.mean()));
        props.put(OnnxMetadata.STD, joined(preprocessing.std()));
        return props;
    }

    private static String describe(SegmentationSpec spec, String name) {
        ResNetSpec b = spec.backbone();
        return "HS-ResNet semantic segmentation model '" + name + "' exported by hsresnet: "
                + "backbone of " + b.stages().size() + " stages, " + b.blockCount() + " blocks, "
                + b.stem().id() + " stem, output stride " + b.effectiveOutputStride()
                + "; FPN of " + spec.neckChannels() + " channels; semantic FPN head of "
                + spec.headChannels() + " channels. Input '" + OnnxExporter.INPUT
                + "': float32 (batch, " + b.inChannels() + ", height, width), any height and "
                + "width, normalized per the preprocessing.* metadata. Output '"
                + OnnxExporter.LOGITS + "': logits (batch, " + spec.numClasses()
                + ", height, width), bilinearly resized to the input (align_corners=False).";
    }

    private static String joined(List<Double> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
