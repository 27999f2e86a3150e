package dev.hsresnet.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Validates a write request, encodes the header and streams header plus data through {@link AtomicFiles}. */
final class SafetensorsWriter {
    private SafetensorsWriter() {
    }

    /** Tensor data is copied to the stream through a buffer this size, never as one big array. */
    private static final int COPY_CHUNK = 1 << 16;

    /** serde_json (the reference writer) escapes control characters with lowercase hex; match it. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    /**
     * Order of tensors in the file, as in the reference implementation: descending dtype alignment,
     * then name by Unicode code point (= UTF-8 byte order, which is how Rust compares strings).
     * Larger elements first keeps every tensor aligned to its element size.
     */
    static final Comparator<Map.Entry<String, Tensor>> FILE_ORDER =
            Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> -e.getValue().dtype().alignmentRank())
                    .thenComparing(Map.Entry::getKey, SafetensorsWriter::compareCodePoints);

    static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        if (tensors == null) {
            throw new NullPointerException("tensors");
        }
        List<Map.Entry<String, Tensor>> ordered = validateTensors(file, tensors);
        ordered.sort(FILE_ORDER);
        TreeMap<String, String> sortedMetadata = validateMetadata(file, metadata);
        byte[] header = encodeHeader(file, ordered, sortedMetadata);
        AtomicFiles.write(file, out -> {
            ByteBuffer prefix = ByteBuffer.allocate(SafetensorsFormat.LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length);
            out.write(prefix.array());
            out.write(header);
            byte[] chunk = new byte[COPY_CHUNK];
            for (Map.Entry<String, Tensor> e : ordered) {
                copy(e.getValue().data(), out, chunk);
            }
        });
    }

    private static List<Map.Entry<String, Tensor>> validateTensors(Path file, Map<String, Tensor> tensors)
            throws SafetensorsException {
        List<Map.Entry<String, Tensor>> out = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null) {
                throw new SafetensorsException(file, "cannot write a tensor with a null name");
            }
            if (name.isEmpty()) {
                throw new SafetensorsException(file, "cannot write a tensor with an empty name");
            }
            if (SafetensorsFormat.METADATA_KEY.equals(name)) {
                throw new SafetensorsException(file, "cannot write a tensor named \"__metadata__\": the name is reserved for metadata");
            }
            requireWellFormed(file, name, "tensor name");
            Tensor t = e.getValue();
            if (t == null) {
                throw new SafetensorsException(file, "tensor '" + name + "' is null");
            }
            out.add(Map.entry(name, t));
        }
        return out;
    }

    /** Null metadata means none; keys are sorted so output does not depend on the map's iteration order. */
    private static TreeMap<String, String> validateMetadata(Path file, Map<String, String> metadata)
            throws SafetensorsException {
        TreeMap<String, String> sorted = new TreeMap<>(SafetensorsWriter::compareCodePoints);
        if (metadata == null) {
            return sorted;
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null) {
                throw new SafetensorsException(file, "metadata has a null key");
            }
            if (e.getValue() == null) {
                throw new SafetensorsException(file, "metadata value for key '" + e.getKey() + "' is null");
            }
            requireWellFormed(file, e.getKey(), "metadata key");
            requireWellFormed(file, e.getValue(), "metadata value for key '" + e.getKey() + "'");
            sorted.put(e.getKey(), e.getValue());
        }
        return sorted;
    }

    /**
     * The header JSON in the reference layout: {@code __metadata__} first (omitted when empty), then
     * tensors in file order, each as {@code {"dtype","shape","data_offsets"}}; compact; padded with
     * spaces to a multiple of 8 bytes so the data section starts 8-byte aligned.
     */
    static byte[] encodeHeader(Path file, List<Map.Entry<String, Tensor>> ordered, Map<String, String> metadata)
            throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(SafetensorsFormat.METADATA_KEY);
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (Map.Entry<String, Tensor> e : ordered) {
                Tensor t = e.getValue();
                long length = t.data().remaining();
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("dtype", t.dtype().name());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(offset + length);
                g.writeEndArray();
                g.writeEndObject();
                offset += length;
            }
            g.writeEndObject();
        }
        int unpadded = json.size();
        int padded = (unpadded + SafetensorsFormat.ALIGNMENT - 1) / SafetensorsFormat.ALIGNMENT * SafetensorsFormat.ALIGNMENT;
        if (padded > SafetensorsFormat.MAX_HEADER_BYTES) {
            throw new SafetensorsException(file, "header would be " + padded + " bytes, over the "
                    + SafetensorsFormat.MAX_HEADER_BYTES + "-byte limit readers accept");
        }
        byte[] header = Arrays.copyOf(json.toByteArray(), padded);
        Arrays.fill(header, unpadded, padded, (byte) ' ');
        return header;
    }

    private static void copy(ByteBuffer src, OutputStream out, byte[] chunk) throws IOException {
        while (src.hasRemaining()) {
            int n = Math.min(chunk.length, src.remaining());
            src.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    /** Lone surrogates cannot be encoded as UTF-8; reject them rather than write a broken header. */
    private static void requireWellFormed(Path file, String s, String what) throws SafetensorsException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new SafetensorsException(file, what + " '" + s.replace(c, '?')
                        + "' contains an unpaired surrogate (U+" + Integer.toHexString(c).toUpperCase() + ") at index " + i);
            }
        }
    }

    /** Compares strings by code point, which matches UTF-8 byte order (String.compareTo does not). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
