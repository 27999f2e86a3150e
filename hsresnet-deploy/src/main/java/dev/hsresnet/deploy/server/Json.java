package dev.hsresnet.deploy.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The server's Jackson mapper, and the {@code {"error": message}} body of every error answer.
 *
 * <p>Request bodies are read strictly: a repeated key or anything after the JSON value is
 * malformed (a client's mistake is not silently resolved). Unknown fields stay allowed, as the
 * v2 protocol has optional ones ({@code "id"}, {@code "parameters"}). Answers write a NaN or
 * infinite number as {@code null}, which every JSON parser reads, not Jackson's default
 * {@code "NaN"} string.
 */
final class Json {

    /** Reads request bodies and writes answers; thread-safe once configured. */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .addDecorator((factory, generator) -> new NonFiniteAsNull(generator))
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private Json() {}

    /** @return {@code {"error": message}} */
    static String error(String message) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("error", message);
        return write(o);
    }

    /** @return {@code value} as compact JSON */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Writes NaN and the infinities as {@code null}: JSON has no such numbers. */
    private static final class NonFiniteAsNull extends JsonGeneratorDelegate {

        NonFiniteAsNull(JsonGenerator g) {
            super(g, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) {
                super.writeNumber(v);
            } else {
                writeNull();
            }
        }

        @Override
        public void writeNumber(float v) throws IOException {
            if (Float.isFinite(v)) {
                super.writeNumber(v);
            } else {
                writeNull();
            }
        }
    }
}
