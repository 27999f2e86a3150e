package dev.hsresnet.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.text.Printable;

/**
 * Where a model directory keeps its weights and how to tell they are the ones {@code model.json}
 * was written with.
 *
 * @param file file name inside the model directory
 * @param format {@code safetensors}
 * @param bytes file size in bytes
 * @param sha256 lower-case hex SHA-256 of the file
 */
public record WeightsInfo(String file, String format, long bytes, String sha256) {

    /** Validates the fields. */
    @JsonCreator
    public WeightsInfo(
            @JsonProperty(value = "file", required = true) String file,
            @JsonProperty(value = "format", required = true) String format,
            @JsonProperty(value = "bytes", required = true) long bytes,
            @JsonProperty(value = "sha256", required = true) String sha256) {
        if (file == null || file.isBlank() || file.contains("/") || file.contains("\\")
                || file.startsWith(".")) {
            throw new InvalidFieldException("file",
                    "must be a plain file name inside the model directory, got '"
                            + Printable.escape(file) + "'");
        }
        if (!"safetensors".equals(format)) {
            throw new InvalidFieldException("format",
                    "must be safetensors, got '" + Printable.escape(format) + "'");
        }
        if (bytes < 8) {
            throw new InvalidFieldException("bytes", "must be >= 8, got " + bytes);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new InvalidFieldException("sha256",
                    "must be 64 lower-case hex digits, got '" + Printable.escape(sha256) + "'");
        }
        this.file = file;
        this.format = format;
        this.bytes = bytes;
        this.sha256 = sha256;
    }
}
