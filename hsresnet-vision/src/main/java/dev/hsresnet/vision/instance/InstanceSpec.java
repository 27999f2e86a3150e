package dev.hsresnet.vision.instance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.spec.SpecLimits;
import dev.hsresnet.vision.detection.DetectionSpec;

/**
 * A YOLACT-style instance segmenter on FCOS ({@link YolactNet}) as a value: an FCOS detector
 * ({@link DetectionSpec}: backbone, FPN, head, target assignment and decoding settings) whose head
 * also predicts {@code prototypes} mask coefficients per location, and a prototype branch on P3
 * that makes {@code prototypes} maps at stride 4.
 *
 * <p>JSON: the {@link DetectionSpec} object with one more field, {@code "prototypes"} (optional,
 * default {@value #DEFAULT_PROTOTYPES}, YOLACT's; always written, last), e.g. {@code {"backbone":
 * {...}, "neckChannels": 64, "numClasses": 1, ..., "maxSize": 640, "prototypes": 16}}. Every other
 * field reads and is checked exactly as in a {@code DetectionSpec}: a bad one is named ({@code
 * groups: 24 groups do not divide the 64 neck channels}), and so is an unknown one.
 *
 * @param detection the detector the segmenter extends
 * @param prototypes k, the prototype maps and the mask coefficients per location, 1 to {@value
 *     #MAX_PROTOTYPES}
 */
public record InstanceSpec(DetectionSpec detection, int prototypes) {

    /** YOLACT's number of prototypes, the default of the JSON form and of the paper-scale models. */
    public static final int DEFAULT_PROTOTYPES = 32;

    /** The most prototypes a spec may have. */
    public static final int MAX_PROTOTYPES = 256;

    /** The JSON name of {@link #prototypes()}. */
    static final String PROTOTYPES_FIELD = "prototypes";

    /** Validates: {@link InvalidFieldException} naming the field. */
    public InstanceSpec {
        if (detection == null) {
            throw new InvalidFieldException("detection", "must be given");
        }
        SpecLimits.inRange(PROTOTYPES_FIELD, prototypes, 1, MAX_PROTOTYPES);
    }

    /** @return the backbone (of the detector) */
    public ResNetSpec backbone() {
        return detection.backbone();
    }

    /** @return the object classes (of the detector) */
    public int numClasses() {
        return detection.numClasses();
    }

    /** @return this spec with other object classes */
    public InstanceSpec withNumClasses(int value) {
        return new InstanceSpec(detection.withNumClasses(value), prototypes);
    }

    /** @return this spec with another number of prototypes */
    public InstanceSpec withPrototypes(int value) {
        return new InstanceSpec(detection, value);
    }

    /** @return the JSON form: the detector's fields, then {@code prototypes} */
    @JsonValue
    ObjectNode toJson() {
        ObjectNode node = SpecJson.mapper().valueToTree(detection);
        node.put(PROTOTYPES_FIELD, prototypes);
        return node;
    }

    /**
     * Reads the JSON form.
     *
     * @param node the object
     * @return the spec
     * @throws InvalidFieldException naming the field at fault
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static InstanceSpec fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException("spec", "an instance segmentation spec is a JSON "
                    + "object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        ObjectNode rest = ((ObjectNode) node).deepCopy();
        JsonNode k = rest.remove(PROTOTYPES_FIELD);
        int prototypes = DEFAULT_PROTOTYPES;
        if (k != null) {
            if (!k.isInt()) {
                throw new InvalidFieldException(PROTOTYPES_FIELD, "must be an integer, got "
                        + k);
            }
            prototypes = k.intValue();
        }
        DetectionSpec detection;
        try {
            detection = SpecJson.mapper().treeToValue(rest, DetectionSpec.class);
        } catch (JsonProcessingException e) {
            throw fieldError(e);
        }
        return new InstanceSpec(detection, prototypes);
    }

    /**
     * The detector's error as this object's: an {@link InvalidFieldException} keeps its field,
     * with the JSON path inside the detector before it ({@code backbone.stages[1].depth}).
     */
    private static IllegalArgumentException fieldError(JsonProcessingException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof InvalidFieldException field) {
            String path = "";
            if (e instanceof JsonMappingException mapping) {
                StringBuilder b = new StringBuilder();
                for (JsonMappingException.Reference ref : mapping.getPath()) {
                    b.append(ref.getFieldName() != null ? "." + ref.getFieldName()
                            : "[" + ref.getIndex() + "]");
                }
                path = b.length() > 0 && b.charAt(0) == '.' ? b.substring(1) : b.toString();
            }
            String problem = field.getMessage().substring(field.field().length() + 2);
            return new InvalidFieldException(path.isEmpty() ? field.field()
                    : path + "." + field.field(), problem);
        }
        // no cause: this message, with its path, is what SpecJson.describe reports
        return new IllegalArgumentException(SpecJson.describe(e));
    }
}
