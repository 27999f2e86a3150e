package dev.hsresnet.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hsresnet.core.text.Printable;
import java.util.stream.Collectors;

/**
 * The project's one JSON configuration: strict on input, pretty and stable on output. Errors on
 * input: unknown fields, missing required fields, nulls for numbers, trailing tokens, duplicate
 * keys, NaN and Infinity, and every scalar coercion ({@code "3"} or {@code 3.7} or {@code true}
 * for an int, {@code 1} for a boolean, a number for a string, {@code ""} for an object).
 */
public final class SpecJson {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    // values are records: their components are the JSON, never isX() helpers
                    .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                    .build();

    private SpecJson() {}

    /** @return the shared mapper (thread-safe once configured) */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses a spec.
     *
     * @param json the JSON text of a {@link ResNetSpec}
     * @return the validated spec
     * @throws IllegalArgumentException with the JSON path and the problem
     */
    public static ResNetSpec parse(String json) {
        return read(json, ResNetSpec.class);
    }

    /** @return the spec as indented JSON */
    public static String toJson(ResNetSpec spec) {
        return write(spec);
    }

    /**
     * Reads any of the project's JSON values.
     *
     * @throws IllegalArgumentException with the JSON path and the problem
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /** Writes any of the project's JSON values as indented JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    /**
     * Turns a Jackson error into one line: the JSON path where it happened and the root cause,
     * with control characters escaped ({@link Printable#escape}),
     * e.g. {@code stages[1].depth: must be in 1..1000, got 0}.
     */
    public static String describe(JsonProcessingException e) {
        return Printable.escape(describeRaw(e));
    }

    private static String describeRaw(JsonProcessingException e) {
        String message = rootMessage(e);
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            // an InvalidFieldException's message starts with its field: join it to the path
            String separator = rootCause(e) instanceof InvalidFieldException ? "." : ": ";
            String path =
                    mapping.getPath().stream()
                            .map(ref -> ref.getFieldName() != null
                                    ? "." + ref.getFieldName()
                                    : "[" + ref.getIndex() + "]")
                            .collect(Collectors.joining());
            return (path.startsWith(".") ? path.substring(1) : path) + separator + message;
        }
        if (rootCause(e) instanceof InvalidFieldException) {
            return message; // it names the field: a line number would only point at the end
        }
        if (e.getLocation() != null) {
            return message + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String rootMessage(JsonProcessingException e) {
        Throwable cause = rootCause(e);
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        String original = e.getOriginalMessage();
        int cut = original.indexOf(" (class ");
        if (cut < 0) {
            cut = original.indexOf("\n");
        }
        return cut > 0 ? original.substring(0, cut) : original;
    }
}
