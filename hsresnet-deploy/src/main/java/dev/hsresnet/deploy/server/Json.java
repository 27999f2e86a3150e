package dev.hsresnet.deploy.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The server's Jackson mapper, and the {@code {"error": message}} body of every error answer. */
final class Json {

    /** Reads request bodies and writes answers; thread-safe once configured. */
    static final ObjectMapper MAPPER = new ObjectMapper();

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
}
