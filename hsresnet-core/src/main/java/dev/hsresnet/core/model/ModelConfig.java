package dev.hsresnet.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecLimits;
import dev.hsresnet.core.text.Printable;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * The content of a model directory's {@code model.json}: everything needed to rebuild the network
 * and use it, beside the weights.
 *
 * @param format always {@code hsresnet-model}
 * @param formatVersion {@value #FORMAT_VERSION} for files this version writes
 * @param name the model's name (the registry name it was created from, or the user's), at most
 *     {@link #MAX_NAME_LENGTH} characters
 * @param task what the network does: {@code null} (absent in JSON) or {@value
 *     #CLASSIFICATION} for a classifier, else the name of a {@link ModelTask} on the class path
 *     (e.g. {@code segmentation} from hsresnet-vision)
 * @param architecture the network (number of classes and input channels included); for a dense
 *     task, its backbone (no classifier)
 * @param head the task's head as JSON (its neck, decode head and number of classes), checked by
 *     the task; {@code null} for a classifier
 * @param preprocessing the input pipeline; its size is the input size and its statistics have one
 *     value per input channel
 * @param labels class names, one per class, unique, each at most {@link #MAX_LABEL_LENGTH}
 *     characters, or {@code null} when unknown
 * @param weights the weights file and its checksum, or {@code null} before the first save
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "format", "formatVersion", "name", "task", "architecture", "head", "preprocessing", "labels",
    "weights"
})
public record ModelConfig(
        String format,
        int formatVersion,
        String name,
        String task,
        ResNetSpec architecture,
        JsonNode head,
        Preprocessing preprocessing,
        List<String> labels,
        WeightsInfo weights) {

    /** The {@code format} marker. */
    public static final String FORMAT = "hsresnet-model";

    /** The version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** The longest model name accepted. */
    public static final int MAX_NAME_LENGTH = 256;

    /** The longest class name accepted. */
    public static final int MAX_LABEL_LENGTH = 1024;

    /** The task of a classifier, the default. */
    public static final String CLASSIFICATION = "classification";

    /**
     * A classifier's configuration (no task, no head).
     *
     * @param format always {@code hsresnet-model}
     * @param formatVersion {@value #FORMAT_VERSION}
     * @param name the model's name
     * @param architecture the network
     * @param preprocessing the input pipeline
     * @param labels class names or null
     * @param weights the weights record or null
     */
    public ModelConfig(String format, int formatVersion, String name, ResNetSpec architecture,
            Preprocessing preprocessing, List<String> labels, WeightsInfo weights) {
        this(format, formatVersion, name, null, architecture, null, preprocessing, labels,
                weights);
    }

    /**
     * Validates consistency between the fields and the network's size ({@link
     * SpecLimits#MAX_PARAMETERS}, and an input large enough for its strides), computed from the
     * architecture without building it: {@link InvalidFieldException} naming the field.
     */
    @JsonCreator
    public ModelConfig(
            @JsonProperty(value = "format", required = true) String format,
            @JsonProperty(value = "formatVersion", required = true) int formatVersion,
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("task") String task,
            @JsonProperty(value = "architecture", required = true) ResNetSpec architecture,
            @JsonProperty("head") JsonNode head,
            @JsonProperty(value = "preprocessing", required = true) Preprocessing preprocessing,
            @JsonProperty("labels") List<String> labels,
            @JsonProperty("weights") WeightsInfo weights) {
        if (!FORMAT.equals(format)) {
            throw new InvalidFieldException("format",
                    "must be '" + FORMAT + "', got '" + Printable.escape(format) + "'");
        }
        if (formatVersion != FORMAT_VERSION) {
            throw new InvalidFieldException("formatVersion", formatVersion
                    + " is not supported (this version reads " + FORMAT_VERSION + ")");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("name", "must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidFieldException("name", "must have at most " + MAX_NAME_LENGTH
                    + " characters, got " + name.length());
        }
        if (architecture == null || preprocessing == null) {
            throw new IllegalArgumentException("architecture and preprocessing are required");
        }
        if (preprocessing.channels() != architecture.inChannels()) {
            throw new InvalidFieldException("preprocessing.mean", "has statistics for "
                    + preprocessing.channels() + " channels but the network takes "
                    + architecture.inChannels());
        }
        if (head != null && head.isNull()) {
            head = null;
        }
        boolean classifier = task == null || task.equals(CLASSIFICATION);
        if (classifier && head != null) {
            throw new InvalidFieldException("head", "a classifier has no head section (task '"
                    + CLASSIFICATION + "')");
        }
        int classes = classifier ? architecture.numClasses()
                : ModelTasks.get(task).numClasses(architecture, head);
        if (labels != null) {
            if (labels.size() != classes) {
                throw new InvalidFieldException("labels", "has " + labels.size()
                        + " names but the network has " + classes + " classes");
            }
            for (int i = 0; i < labels.size(); i++) {
                String label = labels.get(i);
                if (label == null || label.isBlank() || label.length() > MAX_LABEL_LENGTH) {
                    throw new InvalidFieldException("labels[" + i + "]", "must be a name of 1.."
                            + MAX_LABEL_LENGTH + " characters, got "
                            + (label == null ? "null" : label.length() + " characters"));
                }
            }
            if (new HashSet<>(labels).size() != labels.size()) {
                throw new InvalidFieldException("labels", "must be unique");
            }
        }
        checkCost(architecture, preprocessing.size());
        this.format = format;
        this.formatVersion = formatVersion;
        this.name = name;
        this.task = classifier ? null : task;
        this.architecture = architecture;
        this.head = head == null ? null : head.deepCopy();
        this.preprocessing = preprocessing;
        this.labels = labels == null ? null : List.copyOf(labels);
        this.weights = weights;
    }

    /**
     * Checks that a network fits an input size and the parameter limit, from its architecture
     * alone.
     *
     * @param architecture the network
     * @param inputSize its input size in pixels
     * @throws InvalidFieldException naming {@code preprocessing.size} (too small for the
     *     network's strides) or {@code architecture} (more than {@link SpecLimits#MAX_PARAMETERS})
     */
    public static void checkCost(ResNetSpec architecture, int inputSize) {
        Complexity cost;
        try {
            cost = Complexity.of(architecture, inputSize);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("preprocessing.size", inputSize
                    + " is too small for the network's strides (" + e.getMessage() + ")");
        }
        if (cost.params() > SpecLimits.MAX_PARAMETERS) {
            throw new InvalidFieldException("architecture", String.format(Locale.ROOT,
                    "the network would have %,d parameters, more than the limit of %,d",
                    cost.params(), SpecLimits.MAX_PARAMETERS));
        }
    }

    /**
     * The configuration of a registry model with other classes or channels.
     *
     * @param registryName a name from {@link Models}
     * @param numClasses classifier outputs (0 = none)
     * @param inChannels input channels
     * @return the configuration, without labels or weights
     */
    public static ModelConfig of(String registryName, int numClasses, int inChannels) {
        return of(Models.get(registryName), numClasses, inChannels);
    }

    /**
     * The configuration of a model (a registry entry or a spec file's) with other classes or
     * channels.
     *
     * @param entry the model
     * @param numClasses classifier outputs (0 = none)
     * @param inChannels input channels
     * @return the configuration, without labels or weights
     */
    public static ModelConfig of(ModelEntry entry, int numClasses, int inChannels) {
        return new ModelConfig(FORMAT, FORMAT_VERSION, entry.name(),
                entry.spec().toBuilder().numClasses(numClasses).inChannels(inChannels).build(),
                entry.preprocessing().forChannels(inChannels), null, null);
    }

    /** @return the task's name ({@value #CLASSIFICATION} when {@link #task()} is null) */
    public String taskName() {
        return task == null ? CLASSIFICATION : task;
    }

    /** @return whether this is a classifier */
    public boolean isClassifier() {
        return task == null;
    }

    /** @return the number of output classes, whatever the task */
    public int numClasses() {
        return isClassifier() ? architecture.numClasses()
                : ModelTasks.get(task).numClasses(architecture, head);
    }

    /** @return the input size in pixels (height = width) */
    public int inputSize() {
        return preprocessing.size();
    }

    /** @return a copy with class names */
    public ModelConfig withLabels(List<String> newLabels) {
        return new ModelConfig(format, formatVersion, name, task, architecture, head,
                preprocessing, newLabels, weights);
    }

    /** @return a copy with another weights record */
    public ModelConfig withWeights(WeightsInfo newWeights) {
        return new ModelConfig(format, formatVersion, name, task, architecture, head,
                preprocessing, labels, newWeights);
    }

    /** @return a copy with another input pipeline */
    public ModelConfig withPreprocessing(Preprocessing newPreprocessing) {
        return new ModelConfig(format, formatVersion, name, task, architecture, head,
                newPreprocessing, labels, weights);
    }
}
