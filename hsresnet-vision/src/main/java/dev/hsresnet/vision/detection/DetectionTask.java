package dev.hsresnet.vision.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelTask;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code detection} task of model directories: {@code architecture} is the backbone and
 * {@code head} the rest of a {@link DetectionSpec} (every field but {@code backbone}), e.g. {@code
 * "head": {"neckChannels": 128, "numClasses": 1, "levels": 5, "towerConvs": 4, "groups": 32,
 * ...}}.
 */
public final class DetectionTask implements ModelTask {

    /** The task name in {@code model.json}. */
    public static final String NAME = "detection";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int numClasses(ResNetSpec backbone, JsonNode head) {
        return spec(backbone, head).numClasses();
    }

    @Override
    public Map<String, long[]> stateDictShapes(ModelConfig config) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (DetectionModel m = DetectionModel.allocate(config)) {
            m.parameters().forEach((name, p) -> shapes.put(name, p.getArray().getShape().getShape()));
        }
        return shapes;
    }

    @Override
    public DetectionModel create(ModelConfig config, long seed) {
        return DetectionModel.create(config, seed);
    }

    @Override
    public DetectionModel allocate(ModelConfig config) {
        return DetectionModel.allocate(config);
    }

    /**
     * @param config a configuration with {@code task: detection}
     * @return the network it describes
     * @throws InvalidFieldException naming the {@code head.*} field at fault
     */
    public static DetectionSpec spec(ModelConfig config) {
        if (!NAME.equals(config.task())) {
            throw new IllegalArgumentException("model '" + config.name() + "' is a '"
                    + config.taskName() + "' model, not a " + NAME + " model");
        }
        return spec(config.architecture(), config.head());
    }

    /**
     * @param spec a network
     * @return its {@code head} section: the spec's JSON without the backbone
     */
    public static ObjectNode head(DetectionSpec spec) {
        ObjectNode node = SpecJson.mapper().valueToTree(spec);
        node.remove("backbone");
        return node;
    }

    private static DetectionSpec spec(ResNetSpec backbone, JsonNode head) {
        if (head == null || !head.isObject()) {
            throw new InvalidFieldException("head", "a " + NAME + " model needs a head object, got "
                    + (head == null ? "none" : head.getNodeType().toString().toLowerCase()));
        }
        if (head.has("backbone")) {
            throw new InvalidFieldException("head.backbone", "the backbone is the architecture "
                    + "section, not part of the head");
        }
        ObjectNode whole = head.deepCopy();
        whole.set("backbone", SpecJson.mapper().valueToTree(backbone));
        try {
            return SpecJson.mapper().treeToValue(whole, DetectionSpec.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidFieldException("head", SpecJson.describe(e));
        }
    }
}
