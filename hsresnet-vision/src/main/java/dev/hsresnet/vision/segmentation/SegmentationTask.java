package dev.hsresnet.vision.segmentation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.vision.task.SpecTask;

/**
 * The {@code segmentation} task of model directories: {@code architecture} is the backbone and
 * {@code head} the rest of a {@link SegmentationSpec} (every field but {@code backbone}), e.g.
 * {@code "head": {"neckChannels": 64, "headChannels": 64, "numClasses": 11}}.
 */
public final class SegmentationTask extends SpecTask<SegmentationSpec, SegmentationModel> {

    /** The task name in {@code model.json}. */
    public static final String NAME = "segmentation";

    /** Found by {@link java.util.ServiceLoader}. */
    public SegmentationTask() {
        super(NAME, SegmentationSpec.class, SegmentationSpec::numClasses,
                SegmentationModel::allocate, SegmentationModel::create);
    }

    /**
     * @param config a configuration with {@code task: segmentation}
     * @return the network it describes
     * @throws InvalidFieldException naming the {@code head.*} field at fault
     */
    public static SegmentationSpec spec(ModelConfig config) {
        return spec(config, NAME, SegmentationSpec.class);
    }

    /**
     * @param spec a network
     * @return its {@code head} section: the spec's JSON without the backbone
     */
    public static ObjectNode head(SegmentationSpec spec) {
        return SpecTask.head(spec);
    }
}
