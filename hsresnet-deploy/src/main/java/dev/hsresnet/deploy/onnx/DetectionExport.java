package dev.hsresnet.deploy.onnx;

import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.instance.InstanceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The complete {@code ModelProto} of an FCOS detector ({@link OnnxExporter#exportDetection}) or of
 * a YOLACT-on-FCOS instance segmenter ({@link OnnxExporter#exportInstance}): the graph of {@link
 * DetectionGraph}, input {@value OnnxExporter#INPUT} {@code (batch, inChannels, height, width)},
 * outputs {@value OnnxExporter#CLS_LOGITS} {@code (batch, locations, numClasses)}, {@value
 * OnnxExporter#BOX_DISTANCES} {@code (batch, locations, 4)} and {@value
 * OnnxExporter#CENTERNESS_LOGITS} {@code (batch, locations)}, and for an instance segmenter
 * {@value OnnxExporter#COEFFICIENTS} {@code (batch, locations, k)} and {@value
 * OnnxExporter#PROTOTYPES} {@code (batch, k, proto_height, proto_width)}, with symbolic batch,
 * height, width, locations and prototype size, and the metadata properties that make the file
 * self-describing.
 */
final class DetectionExport {

    /** The symbolic number of locations {@code P} of the outputs. */
    static final String LOCATIONS = "locations";
    /** The symbolic height of the prototypes, {@code 2 * ceil(height / 8)} for the backbones. */
    static final String PROTO_HEIGHT = "proto_height";
    /** The symbolic width of the prototypes. */
    static final String PROTO_WIDTH = "proto_width";

    private DetectionExport() {}

    /**
     * @param spec the network
     * @param stateDict every tensor under its PyTorch name, float32, BN statistics included
     * @param name the model's name
     * @param preprocessing how images become the input (its mean and std are written)
     * @param labels the class names, one per class, or {@code null} for none
     * @param options opset and BatchNorm folding
     * @param lowering how the GroupNorms are written
     * @return the message
     * @throws IllegalArgumentException naming a missing or misshapen tensor, a preprocessing
     *     whose channel count is not the network's, or labels that are not one per class
     */
    static ProtoMessage modelProto(DetectionSpec spec, Map<String, Tensor> stateDict,
            String name, Preprocessing preprocessing, List<String> labels, OnnxOptions options,
            GroupNormLowering lowering) {
        Objects.requireNonNull(spec, "spec");
        return modelProto(spec, null, stateDict, name, preprocessing, labels, options, lowering);
    }

    /**
     * As {@link #modelProto(DetectionSpec, Map, String, Preprocessing, List, OnnxOptions,
     * GroupNormLowering)} for an instance segmenter: the detector's graph and outputs plus the
     * coefficients and prototypes.
     */
    static ProtoMessage instanceProto(InstanceSpec spec, Map<String, Tensor> stateDict,
            String name, Preprocessing preprocessing, List<String> labels, OnnxOptions options,
            GroupNormLowering lowering) {
        Objects.requireNonNull(spec, "spec");
        return modelProto(spec.detection(), spec, stateDict, name, preprocessing, labels, options,
                lowering);
    }

    private static ProtoMessage modelProto(DetectionSpec spec, InstanceSpec instance,
            Map<String, Tensor> stateDict, String name, Preprocessing preprocessing,
            List<String> labels, OnnxOptions options, GroupNormLowering lowering) {
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
        if (labels != null && labels.size() != spec.numClasses()) {
            throw new IllegalArgumentException(labels.size() + " labels given but the detector "
                    + "has " + spec.numClasses() + " classes");
        }
        int k = instance == null ? 0 : instance.prototypes();
        GraphBuilder graph = DetectionGraph.build(spec, k, stateDict, options, lowering);
        ProtoMessage input = OnnxProto.floatValueInfo(OnnxExporter.INPUT, List.of(
                OnnxExporter.BATCH, (long) backbone.inChannels(), SegmentationExport.HEIGHT,
                SegmentationExport.WIDTH));
        List<ProtoMessage> outputs = new ArrayList<>(List.of(
                OnnxProto.floatValueInfo(OnnxExporter.CLS_LOGITS, List.of(OnnxExporter.BATCH,
                        LOCATIONS, (long) spec.numClasses())),
                OnnxProto.floatValueInfo(OnnxExporter.BOX_DISTANCES, List.of(OnnxExporter.BATCH,
                        LOCATIONS, 4L)),
                OnnxProto.floatValueInfo(OnnxExporter.CENTERNESS_LOGITS,
                        List.of(OnnxExporter.BATCH, LOCATIONS))));
        if (k > 0) {
            outputs.add(OnnxProto.floatValueInfo(OnnxExporter.COEFFICIENTS,
                    List.of(OnnxExporter.BATCH, LOCATIONS, (long) k)));
            outputs.add(OnnxProto.floatValueInfo(OnnxExporter.PROTOTYPES,
                    List.of(OnnxExporter.BATCH, (long) k, PROTO_HEIGHT, PROTO_WIDTH)));
        }
        String description = describe(spec, k, name);
        ProtoMessage graphProto = graph.build(name, description, List.of(input), outputs);
        return OnnxExporter.modelMessage(options, description, graphProto,
                metadata(spec, instance, name, preprocessing, labels, options));
    }

    /** @return the metadata properties, in the order they are written */
    static Map<String, String> metadata(DetectionSpec spec, InstanceSpec instance, String name,
            Preprocessing preprocessing, List<String> labels, OnnxOptions options) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(OnnxMetadata.TASK, instance == null ? OnnxMetadata.TASK_DETECTION
                : OnnxMetadata.TASK_INSTANCE);
        props.put(OnnxMetadata.MODEL_NAME, name);
        props.put(OnnxMetadata.NUM_CLASSES, Integer.toString(spec.numClasses()));
        if (instance == null) {
            props.put(OnnxMetadata.DETECTION_SPEC, SpecJson.write(spec) + "\n");
        } else {
            props.put(OnnxMetadata.INSTANCE_SPEC, SpecJson.write(instance) + "\n");
        }
        props.put(OnnxMetadata.FOLD_BN, Boolean.toString(options.foldBn()));
        props.put(OnnxMetadata.MEAN, OnnxExporter.joined(preprocessing.mean()));
        props.put(OnnxMetadata.STD, OnnxExporter.joined(preprocessing.std()));
        if (labels != null) {
            props.put(OnnxMetadata.LABELS, OnnxExporter.labelsJson(labels));
        }
        return props;
    }

    private static String describe(DetectionSpec spec, int prototypes, String name) {
        ResNetSpec b = spec.backbone();
        int[] strides = spec.strides();
        String instance = prototypes == 0 ? "" : " Instance masks (YOLACT): '"
                + OnnxExporter.COEFFICIENTS + "' (batch, P, " + prototypes + ") tanh mask "
                + "coefficients, '" + OnnxExporter.PROTOTYPES + "' (batch, " + prototypes
                + ", 2 ceil(height / 8), 2 ceil(width / 8)) prototypes at stride 4; an instance's "
                + "mask is sigmoid(coefficients . prototypes), assembled by the caller.";
        return "HS-ResNet " + (prototypes == 0 ? "FCOS detector '" : "YOLACT-on-FCOS instance "
                + "segmenter '") + name + "' exported by hsresnet: backbone of "
                + b.stages().size() + " stages, " + b.blockCount() + " blocks, " + b.stem().id()
                + " stem; FPN of " + spec.neckChannels() + " channels, P3-P" + (spec.levels() + 2)
                + " at strides " + strides[0] + " to " + strides[strides.length - 1]
                + "; FCOS head of " + spec.towerConvs() + "-unit towers with " + spec.groups()
                + " GroupNorm groups, raw outputs (decoding and NMS are the caller's). Input '"
                + OnnxExporter.INPUT + "': float32 (batch, " + b.inChannels()
                + ", height, width), any height and width, normalized per the preprocessing.* "
                + "metadata. Outputs, over the P locations of all levels (finest first, each "
                + "level row-major): '" + OnnxExporter.CLS_LOGITS + "' (batch, P, "
                + spec.numClasses() + ") class logits (one sigmoid per class), '"
                + OnnxExporter.BOX_DISTANCES + "' (batch, P, 4) distances l, t, r, b in input "
                + "pixels, '" + OnnxExporter.CENTERNESS_LOGITS + "' (batch, P) centerness logits."
                + instance;
    }
}
