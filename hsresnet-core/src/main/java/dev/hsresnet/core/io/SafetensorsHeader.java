package dev.hsresnet.core.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The validated header of a safetensors file, read without loading tensor data.
 *
 * @param tensors per-tensor dtype, shape and byte range, unmodifiable, in header order
 * @param metadata the {@code __metadata__} string map, unmodifiable, in header order; empty when absent
 * @param dataBytes size of the data section in bytes (file size minus 8 minus the header length);
 *     the tensors cover it exactly
 */
public record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataBytes) {

    /**
     * Copies both maps into unmodifiable insertion-ordered maps.
     *
     * @param tensors per-tensor entries, in header order
     * @param metadata metadata, in header order; empty for none
     * @param dataBytes data section size in bytes, {@code >= 0}
     */
    public SafetensorsHeader {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
        if (dataBytes < 0) {
            throw new IllegalArgumentException("dataBytes < 0: " + dataBytes);
        }
    }
}
