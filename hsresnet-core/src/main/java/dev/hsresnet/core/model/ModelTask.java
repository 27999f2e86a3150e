package dev.hsresnet.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.spec.ResNetSpec;
import java.util.Map;

/**
 * A task other than classification that a model directory can hold: it reads the {@code head}
 * section of {@code model.json}, names the weights the network has, and builds the network.
 * Implementations are found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.hsresnet.core.model.ModelTask}); hsresnet-vision provides {@code
 * segmentation} and {@code detection}.
 */
public interface ModelTask {

    /** @return the name written as {@code task} in {@code model.json} */
    String name();

    /**
     * Validates a head section against its backbone.
     *
     * @param backbone the configuration's architecture
     * @param head the configuration's head section, possibly null
     * @return the number of output classes
     * @throws dev.hsresnet.core.spec.InvalidFieldException naming the field ({@code head.*})
     */
    int numClasses(ResNetSpec backbone, JsonNode head);

    /**
     * @param config a configuration of this task
     * @return every tensor the network's weights file holds: PyTorch name to shape
     */
    Map<String, long[]> stateDictShapes(ModelConfig config);

    /**
     * Builds the network with fresh weights; the same seed gives the same weights.
     *
     * @param config a configuration of this task
     * @param seed the initialization seed
     * @return the model
     */
    NetworkModel create(ModelConfig config, long seed);

    /**
     * Builds the network without initializing its weights, for a loader to fill.
     *
     * @param config a configuration of this task
     * @return the model; its parameters hold DJL's default initialization
     */
    NetworkModel allocate(ModelConfig config);
}
