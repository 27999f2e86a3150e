package dev.hsresnet.core.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The complete, validated contents of a safetensors file.
 *
 * @param tensors tensors by name, unmodifiable, in the order they appear in the header
 * @param metadata the {@code __metadata__} string map, unmodifiable, in header order; empty when the
 *     file has none
 */
public record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {

    /**
     * Copies both maps into unmodifiable insertion-ordered maps.
     *
     * @param tensors tensors by name, in header order
     * @param metadata metadata, in header order; empty for none
     */
    public SafetensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
    }
}
