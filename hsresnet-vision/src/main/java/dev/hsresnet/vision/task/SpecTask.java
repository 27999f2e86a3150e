package dev.hsresnet.vision.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelTask;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A dense task whose network is a spec record with a {@code backbone} field: {@code
 * architecture} in {@code model.json} is the backbone and {@code head} the rest of the spec
 * (every field but {@code backbone}). Segmentation and detection are such tasks; a subclass
 * names the task, the spec type and how to build its model.
 *
 * @param <S> the spec record (JSON with a {@code backbone} field)
 * @param <M> the model
 */
public abstract class SpecTask<S extends Record, M extends NetworkModel> implements ModelTask {

    private final String name;
    private final Class<S> specType;
    private final ToIntFunction<S> numClasses;
    private final Function<ModelConfig, M> allocate;
    private final BiFunction<ModelConfig, Long, M> create;

    /**
     * @param name the task name in {@code model.json}
     * @param specType the spec record
     * @param numClasses the spec's number of output classes
     * @param allocate builds the network without initializing it
     * @param create builds it with fresh weights from a seed
     */
    protected SpecTask(String name, Class<S> specType, ToIntFunction<S> numClasses,
            Function<ModelConfig, M> allocate, BiFunction<ModelConfig, Long, M> create) {
        this.name = name;
        this.specType = specType;
        this.numClasses = numClasses;
        this.allocate = allocate;
        this.create = create;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int numClasses(ResNetSpec backbone, JsonNode head) {
        return numClasses.applyAsInt(spec(name, specType, backbone, head));
    }

    @Override
    public final Map<String, long[]> stateDictShapes(ModelConfig config) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (M m = allocate.apply(config)) {
            m.parameters().forEach((n, p) -> shapes.put(n, p.getArray().getShape().getShape()));
        }
        return shapes;
    }

    @Override
    public final M create(ModelConfig config, long seed) {
        return create.apply(config, seed);
    }

    @Override
    public final M allocate(ModelConfig config) {
        return allocate.apply(config);
    }

    /**
     * @param config a configuration of task {@code name}
     * @param name the task
     * @param specType the spec record
     * @param <S> the spec type
     * @return the network it describes
     * @throws IllegalArgumentException when the configuration is of another task
     * @throws InvalidFieldException naming the {@code head.*} field at fault
     */
    protected static <S extends Record> S spec(ModelConfig config, String name,
            Class<S> specType) {
        if (!name.equals(config.task())) {
            throw new IllegalArgumentException("model '" + config.name() + "' is a '"
                    + config.taskName() + "' model, not a " + name + " model");
        }
        return spec(name, specType, config.architecture(), config.head());
    }

    /**
     * @param spec a network
     * @return its {@code head} section: the spec's JSON without the backbone
     */
    protected static ObjectNode head(Record spec) {
        ObjectNode node = SpecJson.mapper().valueToTree(spec);
        node.remove("backbone");
        return node;
    }

    private static <S> S spec(String name, Class<S> specType, ResNetSpec backbone,
            JsonNode head) {
        if (head == null || !head.isObject()) {
            throw new InvalidFieldException("head", "a " + name + " model needs a head object, "
                    + "got " + (head == null ? "none"
                            : head.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        if (head.has("backbone")) {
            throw new InvalidFieldException("head.backbone", "the backbone is the architecture "
                    + "section, not part of the head");
        }
        ObjectNode whole = head.deepCopy();
        whole.set("backbone", SpecJson.mapper().valueToTree(backbone));
        try {
            return SpecJson.mapper().treeToValue(whole, specType);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidFieldException("head", SpecJson.describe(e));
        }
    }
}
