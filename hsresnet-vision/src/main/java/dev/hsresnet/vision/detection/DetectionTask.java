package dev.hsresnet.vision.detection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.vision.task.SpecTask;

/**
 * The {@code detection} task of model directories: {@code architecture} is the backbone and
 * {@code head} the rest of a {@link DetectionSpec} (every field but {@code backbone}), e.g. {@code
 * "head": {"neckChannels": 64, "numClasses": 1, "levels": 5, "towerConvs": 4, "groups": 16,
 * ...}}.
 */
public final class DetectionTask extends SpecTask<DetectionSpec, DetectionModel> {

    /** The task name in {@code model.json}. */
    public static final String NAME = "detection";

    /** Found by {@link java.util.ServiceLoader}. */
    public DetectionTask() {
        super(NAME, DetectionSpec.class, DetectionSpec::numClasses, DetectionModel::allocate,
                DetectionModel::create);
    }

    /**
     * @param config a configuration with {@code task: detection}
     * @return the network it describes
     * @throws InvalidFieldException naming the {@code head.*} field at fault
     */
    public static DetectionSpec spec(ModelConfig config) {
        return spec(config, NAME, DetectionSpec.class);
    }

    /**
     * @param spec a network
     * @return its {@code head} section: the spec's JSON without the backbone
     */
    public static ObjectNode head(DetectionSpec spec) {
        return SpecTask.head(spec);
    }
}
