package dev.hsresnet.spark;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.vision.detection.DetectionTask;
import dev.hsresnet.vision.instance.InstanceTask;
import dev.hsresnet.vision.segmentation.SegmentationTask;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a Spark job computes per image; {@link #of} picks it from a model's {@code model.json}. */
public enum SparkTask {
    /** Top-k classes and probabilities of a classifier. */
    CLASSIFY("classify"),
    /** Class areas and the index mask of a segmentation model. */
    SEGMENT("segment"),
    /** Boxes of a detector. */
    DETECT("detect"),
    /** Boxes and masks (COCO RLE) of an instance segmentation model. */
    INSTANCES("instances"),
    /** A pooled feature level of a classifier's backbone (the C5 embedding by default). */
    FEATURES("features");

    private final String id;

    SparkTask(String id) {
        this.id = id;
    }

    /** @return the name on the command line and in summaries */
    public String id() {
        return id;
    }

    /**
     * @param config a model's configuration
     * @return the task its {@code task} field means: classify, segment, detect or instances
     */
    public static SparkTask of(ModelConfig config) {
        String task = config.task();
        if (SegmentationTask.NAME.equals(task)) {
            return SEGMENT;
        }
        if (DetectionTask.NAME.equals(task)) {
            return DETECT;
        }
        if (InstanceTask.NAME.equals(task)) {
            return INSTANCES;
        }
        return CLASSIFY;
    }

    /**
     * @param text a task name, any case
     * @return the task
     * @throws IllegalArgumentException naming the known tasks
     */
    public static SparkTask parse(String text) {
        for (SparkTask t : values()) {
            if (t.id.equalsIgnoreCase(text.strip())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + text + "'; known: "
                + Arrays.stream(values()).map(SparkTask::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
