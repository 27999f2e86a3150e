package dev.hsresnet.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.spec.ResNetSpec;
import java.util.HashSet;
import java.util.List;

/**
 * The content of a model directory's {@code model.json}: everything needed to rebuild the network
 * and use it, beside the weights.
 *
 * @param format always {@code hsresnet-model}
 * @param formatVersion {@value #FORMAT_VERSION} for files this version writes
 * @param name the model's name (the registry name it was created from, or the user's)
 * @param architecture the network (number of classes and input channels included)
 * @param preprocessing the input pipeline; its size is the input size and its statistics have one
 *     value per input channel
 * @param labels class names, one per class, or {@code null} when unknown
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

    /** Validates consistency between the fields, naming the problem. */
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
            throw new IllegalArgumentException(
                    "format must be '" + FORMAT + "', got '" + format + "'");
        }
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion " + formatVersion
                    + " is not supported (this version reads " + FORMAT_VERSION + ")");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        if (architecture == null || preprocessing == null) {
            throw new IllegalArgumentException("architecture and preprocessing are required");
        }
        if (preprocessing.channels() != architecture.inChannels()) {
            throw new IllegalArgumentException("preprocessing has statistics for "
                    + preprocessing.channels() + " channels but the network takes "
                    + architecture.inChannels());
        }
        if (labels != null) {
            if (labels.size() != architecture.numClasses()) {
                throw new IllegalArgumentException("labels has " + labels.size()
                        + " names but the network has " + architecture.numClasses() + " classes");
            }
            if (labels.stream().anyMatch(l -> l == null || l.isBlank())) {
                throw new IllegalArgumentException("labels must not contain empty names");
            }
            if (new HashSet<>(labels).size() != labels.size()) {
                throw new IllegalArgumentException("labels must be unique");
            }
        }
        this.format = format;
        this.formatVersion = formatVersion;
        this.name = name;
        this.architecture = architecture;
        this.preprocessing = preprocessing;
        this.labels = labels == null ? null : List.copyOf(labels);
        this.weights = weights;
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
