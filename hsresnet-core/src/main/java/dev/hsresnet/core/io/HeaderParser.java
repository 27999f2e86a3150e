package dev.hsresnet.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Turns header bytes into tensor entries and metadata, checking each entry on its own. Cross-entry
 * checks (bounds, overlaps, holes) live in {@link LayoutValidator}.
 *
 * <p>The JSON is walked with Jackson's streaming parser rather than its tree model because the
 * tree model silently keeps the last of duplicate keys, and because walking by hand lets every
 * error name the tensor and field concerned.
 */
final class HeaderParser {

    /** Parsed header before layout validation; maps are in header order. */
    record Parsed(LinkedHashMap<String, TensorInfo> tensors, LinkedHashMap<String, String> metadata) {
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            // Field-name interning is pointless for a one-off parse, and its hash-collision guard
            // throws IllegalStateException on adversarial names: turn it off.
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            // Jackson's default caps (20M chars per string, 50k per name) are below what the format
            // allows (a 100 MB header); use the format's own cap instead.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(SafetensorsFormat.MAX_HEADER_BYTES)
                    .maxNameLength(SafetensorsFormat.MAX_HEADER_BYTES)
                    .build())
            .build();

    private final Path file;

    private HeaderParser(Path file) {
        this.file = file;
    }

    /**
     * Parses the header bytes.
     *
     * @param file used in error messages only
     * @param header the N header bytes (UTF-8 JSON, possibly space-padded)
     */
    static Parsed parse(Path file, byte[] header) throws SafetensorsException {
        return new HeaderParser(file).parse(header);
    }

    private Parsed parse(byte[] header) throws SafetensorsException {
        String text = decodeUtf8(header);
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw fail("header is empty, expected a JSON object");
            }
            if (t != JsonToken.START_OBJECT) {
                throw fail("header must be a JSON object but is " + describe(p, t));
            }
            LinkedHashMap<String, TensorInfo> tensors = new LinkedHashMap<>();
            LinkedHashMap<String, String> metadata = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (SafetensorsFormat.METADATA_KEY.equals(name)) {
                    if (metadata != null) {
                        throw fail("duplicate \"" + name + "\" key in header");
                    }
                    metadata = parseMetadata(p, value);
                } else {
                    if (tensors.containsKey(name)) {
                        throw fail("duplicate tensor name '" + name + "' in header");
                    }
                    tensors.put(name, parseEntry(p, value, name));
                }
            }
            // The loop ends on END_OBJECT (anything else is a syntax error Jackson already threw).
            JsonToken after = p.nextToken();
            if (after != null) {
                throw fail("unexpected " + describe(p, after) + " after the header's JSON object");
            }
            return new Parsed(tensors, metadata == null ? new LinkedHashMap<>() : metadata);
        } catch (SafetensorsException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw fail("header is not valid JSON: " + jsonProblem(e), e);
        } catch (IOException e) {
            // Parsing an in-memory String does no I/O; keep the contract anyway.
            throw fail("cannot parse header: " + e.getMessage(), e);
        }
    }

    private String decodeUtf8(byte[] header) throws SafetensorsException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(header);
        try {
            CharBuffer chars = decoder.decode(in);
            return chars.toString();
        } catch (CharacterCodingException e) {
            // On failure the decoder leaves the input positioned at the offending sequence.
            throw fail("header is not valid UTF-8 (bad byte sequence at header offset " + in.position() + ")", e);
        }
    }

    private LinkedHashMap<String, String> parseMetadata(JsonParser p, JsonToken t) throws IOException {
        LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
        if (t == JsonToken.VALUE_NULL) {
            return metadata; // the reference implementation treats null like an absent map
        }
        if (t != JsonToken.START_OBJECT) {
            throw fail("\"__metadata__\" must be a JSON object of strings but is " + describe(p, t));
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                throw fail("\"__metadata__\" value for key '" + key + "' must be a string but is " + describe(p, value));
            }
            if (metadata.containsKey(key)) {
                throw fail("duplicate key '" + key + "' in \"__metadata__\"");
            }
            metadata.put(key, p.getText());
        }
        return metadata;
    }

    private TensorInfo parseEntry(JsonParser p, JsonToken t, String name) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw fail("entry for tensor '" + name + "' must be a JSON object but is " + describe(p, t));
        }
        DType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (!seen.add(key)) {
                throw fail("tensor '" + name + "' has duplicate key \"" + key + "\"");
            }
            switch (key) {
                case "dtype" -> dtype = parseDtype(p, value, name);
                case "shape" -> shape = parseIntArray(p, value, name, "shape");
                case "data_offsets" -> offsets = parseIntArray(p, value, name, "data_offsets");
                default -> p.skipChildren(); // unknown keys are ignored, as serde does by default
            }
        }
        if (dtype == null) {
            throw fail("tensor '" + name + "' has no \"dtype\"");
        }
        if (shape == null) {
            throw fail("tensor '" + name + "' has no \"shape\"");
        }
        if (offsets == null) {
            throw fail("tensor '" + name + "' has no \"data_offsets\"");
        }
        if (offsets.length != 2) {
            throw fail("\"data_offsets\" of tensor '" + name + "' must be two integers [begin, end] but has "
                    + offsets.length + " elements");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw fail("\"data_offsets\" [" + begin + ", " + end + "] of tensor '" + name + "' are not ascending");
        }
        long expected;
        try {
            expected = Math.multiplyExact(Shapes.numel(shape), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw fail("tensor '" + name + "' shape " + Shapes.format(shape) + " has too many elements to address");
        }
        if (end - begin != expected) {
            throw fail("tensor '" + name + "' (" + dtype + ", shape " + Shapes.format(shape) + ") needs " + expected
                    + " bytes but its data_offsets [" + begin + ", " + end + "] span " + (end - begin) + " bytes");
        }
        return new TensorInfo(dtype, shape, begin, end);
    }

    private DType parseDtype(JsonParser p, JsonToken t, String name) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw fail("\"dtype\" of tensor '" + name + "' must be a string but is " + describe(p, t));
        }
        String text = p.getText();
        return DType.fromName(text).orElseThrow(() -> fail("tensor '" + name + "' has unknown dtype '" + text
                + "' (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)"));
    }

    /** Reads an array of non-negative integers that fit in a long (shape dims or offsets). */
    private long[] parseIntArray(JsonParser p, JsonToken t, String name, String field) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw fail("\"" + field + "\" of tensor '" + name + "' must be an array of integers but is " + describe(p, t));
        }
        List<Long> values = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            int index = values.size();
            String where = "\"" + field + "\"[" + index + "] of tensor '" + name + "'";
            if (e != JsonToken.VALUE_NUMBER_INT) {
                throw fail(where + " must be a non-negative integer but is " + describe(p, e));
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw fail(where + " is " + p.getText() + ", too large (max " + Long.MAX_VALUE + ")");
            }
            long v = p.getLongValue();
            if (v < 0) {
                throw fail(where + " is " + v + ", must be a non-negative integer");
            }
            values.add(v);
        }
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** Short description of the value at the current token, e.g. {@code a number (2.5)}. */
    private static String describe(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string (\"" + abbreviate(p.getText()) + "\")";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number (" + abbreviate(p.getText()) + ")";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean (" + p.getText() + ")";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Jackson's own description without its source dump, plus a line/column we can vouch for. */
    private static String jsonProblem(JsonProcessingException e) {
        String msg = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int nl = msg.indexOf('\n');
        if (nl >= 0) {
            msg = msg.substring(0, nl);
        }
        if (msg.length() > 200) {
            msg = msg.substring(0, 200) + "...";
        }
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            msg += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return msg;
    }

    private SafetensorsException fail(String problem) {
        return new SafetensorsException(file, problem);
    }

    private SafetensorsException fail(String problem, Throwable cause) {
        return new SafetensorsException(file, problem, cause);
    }
}
