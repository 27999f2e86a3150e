package dev.hsresnet.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
 * @param architecture the network (number of classes and input channels included)
 * @param preprocessing the input pipeline; its size is the input size and its statistics have one
 *     value per input channel
 * @param labels class names, one per class, unique, each at most {@link #MAX_LABEL_LENGTH}
 *     characters, or {@code null} when unknown
 * @param weights the weights file and its checksum, or {@code null} before the first save
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "format", "formatVersion", "name", "architecture", "preprocessing", "labels", "weights"
})
public record ModelConfig(
        String format,
        int formatVersion,
        String name,
        ResNetSpec architecture,
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
            @JsonProperty(value = "architecture", required = true) ResNetSpec architecture,
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
        if (labels != null) {
            if (labels.size() != architecture.numClasses()) {
                throw new InvalidFieldException("labels", "has " + labels.size()
                        + " names but the network has " + architecture.numClasses() + " classes");
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
        this.architecture = architecture;
        this.preprocessing = preprocessing;
        this.labels = labels == null ? null : List.copyOf(labels);
        this.weights = weights;
    }

    private static void checkCost(ResNetSpec architecture, int inputSize) {
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
        ModelEntry entry = Models.get(registryName);
        return new ModelConfig(FORMAT, FORMAT_VERSION, entry.name(),
                Models.spec(registryName, numClasses, inChannels),
                entry.preprocessing().forChannels(inChannels), null, null);
    }

    /** @return the input size in pixels (height = width) */
    public int inputSize() {
        return preprocessing.size();
    }

    /** @return a copy with class names */
    public ModelConfig withLabels(List<String> newLabels) {
        return new ModelConfig(format, formatVersion, name, architecture, preprocessing, newLabels,
                weights);
    }

    /** @return a copy with another weights record */
    public ModelConfig withWeights(WeightsInfo newWeights) {
        return new ModelConfig(format, formatVersion, name, architecture, preprocessing, labels,
                newWeights);
    }

    /** @return a copy with another input pipeline */
    public ModelConfig withPreprocessing(Preprocessing newPreprocessing) {
        return new ModelConfig(format, formatVersion, name, architecture, newPreprocessing, labels,
                weights);
    }
}
