package dev.hsresnet.deploy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The server's JSON: strict reading, NaN written as null. */
class JsonTest {

    @Test
    void duplicateKeysAndTrailingTokensAreMalformed() throws Exception {
        assertThrows(JsonProcessingException.class,
                () -> Json.MAPPER.readTree("{\"inputs\": [], \"inputs\": [1]}"));
        assertThrows(JsonProcessingException.class,
                () -> Json.MAPPER.readTree("{\"inputs\": []} {\"inputs\": [1]}"));
        assertEquals(2, Json.MAPPER.readTree("{\"inputs\": [], \"parameters\": {}}").size(),
                "unknown fields are allowed");
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNull() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("d", Double.NaN).put("f", Float.POSITIVE_INFINITY).put("x", 0.5);
        o.putArray("a").add(Float.NaN).add(1.5f);
        assertEquals("{\"d\":null,\"f\":null,\"x\":0.5,\"a\":[null,1.5]}", Json.write(o));
    }
}
