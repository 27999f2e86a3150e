package dev.hsresnet.core.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.text.Printable;
import dev.hsresnet.core.text.TextFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An architecture in a file, usable wherever a registered model name is: {@code hsresnet init
 * spec.json}, {@code train --model spec.json}, and as the backbone of a dense task ({@code
 * fpn_spec.json}, {@code fcos_runs/search/best.spec.json}). {@code hsresnet search} writes one for
 * the architecture it chooses. A name ending in {@value #SUFFIX} (any case) is read as a file,
 * relative to the working directory.
 *
 * <pre>{@code
 * {
 *   "format": "hsresnet-spec", "formatVersion": 1,
 *   "name": "search_djl_b1_224_0", "family": "imagenet",
 *   "description": "searched: fastest with params <= 25,576,264",
 *   "architecture": { ... a ResNetSpec ... },
 *   "preprocessing": { "size": 224, ... }
 * }
 * }</pre>
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param name the model's name: 1..{@value #MAX_NAME_LENGTH} of {@code [A-Za-z0-9_.-]}
 * @param family {@code imagenet}, {@code lite} or {@code cifar}: as in the registry, it picks the
 *     dense heads' widths ({@code lite}: the small ones)
 * @param description one line, at most {@value #MAX_DESCRIPTION_LENGTH} characters
 * @param architecture the network
 * @param preprocessing the input pipeline (its size is the input size)
 */
@JsonPropertyOrder({"format", "formatVersion", "name", "family", "description", "architecture",
    "preprocessing"})
public record SpecFile(String format, int formatVersion, String name, String family,
        String description, ResNetSpec architecture, Preprocessing preprocessing) {

    /** The {@code format} marker. */
    public static final String FORMAT = "hsresnet-spec";

    /** The version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** A model argument ending in this (any case) names a spec file. */
    public static final String SUFFIX = ".json";

    /** The largest spec file read, in bytes. */
    public static final long MAX_BYTES = 1L << 20;

    /** The longest name accepted. */
    public static final int MAX_NAME_LENGTH = 128;

    /** The longest description accepted. */
    public static final int MAX_DESCRIPTION_LENGTH = 1024;

    /** The families a spec file may declare. */
    public static final List<String> FAMILIES = List.of("imagenet", "lite", "cifar");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_NAME_LENGTH
            + "}");

    /** Validates every field: {@link InvalidFieldException} naming the bad one. */
    @JsonCreator
    public SpecFile(
            @JsonProperty(value = "format", required = true) String format,
            @JsonProperty(value = "formatVersion", required = true) int formatVersion,
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "family", required = true) String family,
            @JsonProperty("description") String description,
            @JsonProperty(value = "architecture", required = true) ResNetSpec architecture,
            @JsonProperty(value = "preprocessing", required = true) Preprocessing preprocessing) {
        if (!FORMAT.equals(format)) {
            throw new InvalidFieldException("format", "must be '" + FORMAT + "', got '"
                    + Printable.escape(format) + "'");
        }
        if (formatVersion != FORMAT_VERSION) {
            throw new InvalidFieldException("formatVersion", formatVersion
                    + " is not supported (this version reads " + FORMAT_VERSION + ")");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidFieldException("name", "must be 1.." + MAX_NAME_LENGTH
                    + " letters, digits, '_', '.' or '-', got '" + Printable.escape(name) + "'");
        }
        if (!FAMILIES.contains(family)) {
            throw new InvalidFieldException("family", "must be one of " + FAMILIES + ", got '"
                    + Printable.escape(family) + "'");
        }
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidFieldException("description", "must have at most "
                    + MAX_DESCRIPTION_LENGTH + " characters, got " + description.length());
        }
        if (architecture == null || preprocessing == null) {
            throw new InvalidFieldException(architecture == null ? "architecture"
                    : "preprocessing", "is required");
        }
        if (preprocessing.channels() != architecture.inChannels()) {
            throw new InvalidFieldException("preprocessing.mean", "has statistics for "
                    + preprocessing.channels() + " channels but the network takes "
                    + architecture.inChannels());
        }
        ModelConfig.checkCost(architecture, preprocessing.size());
        this.format = format;
        this.formatVersion = formatVersion;
        this.name = name;
        this.family = family;
        this.description = description == null ? "" : description;
        this.architecture = architecture;
        this.preprocessing = preprocessing;
    }

    /**
     * @param entry a model (a registry entry or one read from a file)
     * @return its spec file content
     */
    public static SpecFile of(ModelEntry entry) {
        return new SpecFile(FORMAT, FORMAT_VERSION, entry.name(), entry.family(),
                entry.description(), entry.spec(), entry.preprocessing());
    }

    /** @return the model this file describes, without a twin */
    public ModelEntry entry() {
        return new ModelEntry(name, family, description, architecture, preprocessing, null);
    }

    /** @return whether a model argument names a spec file (it ends in {@value #SUFFIX}) */
    public static boolean isFileName(String nameOrPath) {
        return nameOrPath != null
                && nameOrPath.toLowerCase(Locale.ROOT).endsWith(SUFFIX);
    }

    /**
     * Reads and validates a spec file: a regular file of at most {@link #MAX_BYTES}.
     *
     * @param file the file
     * @return its content
     * @throws IllegalArgumentException {@code "<file>: <field>: <problem>"}, also when the file is
     *     missing or unreadable
     */
    public static SpecFile read(Path file) {
        String json;
        try {
            json = TextFiles.readUtf8(file, MAX_BYTES);
        } catch (IOException e) {
            throw new IllegalArgumentException("spec file " + file + ": " + e.getMessage(), e);
        }
        try {
            return SpecJson.read(json, SpecFile.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spec file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the file atomically (a temporary name, then a rename).
     *
     * @param file the target
     * @throws IOException when it cannot be written; the target is then unchanged
     */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, (SpecJson.write(this) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
