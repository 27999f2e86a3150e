package dev.hsresnet.vision.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.vision.task.SpecTask;

/**
 * The {@code instance} task of model directories: {@code architecture} is the backbone and {@code
 * head} the rest of an {@link InstanceSpec} (every field but {@code backbone}: the detector's
 * fields and {@code prototypes}), e.g. {@code "head": {"neckChannels": 64, "numClasses": 1, ...,
 * "prototypes": 16}}. The weights are the network's PyTorch state dict ({@link YolactNet}).
 */
public final class InstanceTask extends SpecTask<InstanceSpec, InstanceModel> {

    /** The task name in {@code model.json}. */
    public static final String NAME = "instance";

    /** Found by {@link java.util.ServiceLoader}. */
    public InstanceTask() {
        super(NAME, InstanceSpec.class, InstanceSpec::numClasses, InstanceModel::allocate,
                InstanceModel::create);
    }

    /**
     * @param config a configuration with {@code task: instance}
     * @return the network it describes
     * @throws InvalidFieldException naming the {@code head.*} field at fault
     */
    public static InstanceSpec spec(ModelConfig config) {
        return spec(config, NAME, InstanceSpec.class);
    }

    /**
     * @param spec a network
     * @return its {@code head} section: the spec's JSON without the backbone
     */
    public static ObjectNode head(InstanceSpec spec) {
        return SpecTask.head(spec);
    }
}
