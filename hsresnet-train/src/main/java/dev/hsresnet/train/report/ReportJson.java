package dev.hsresnet.train.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON mapper for reports: non-finite doubles are written as {@code null} (valid JSON that any
 * tool reads) and read back as NaN; {@link Instant}s are ISO-8601 strings.
 */
final class ReportJson {
    private ReportJson() {
    }

    static final ObjectMapper MAPPER = build();

    /** Two-space indent, {@code "key": value}. */
    static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private static ObjectMapper build() {
        SimpleModule m = new SimpleModule("hsresnet-report");
        JsonSerializer<Double> dser = new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (v == null || !Double.isFinite(v)) {
                    g.writeNull();
                } else {
                    g.writeNumber(v);
                }
            }
        };
        m.addSerializer(Double.class, dser);
        m.addSerializer(Double.TYPE, dser);
        JsonDeserializer<Double> ddeser = new JsonDeserializer<>() {
            @Override
            public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                    return p.getDoubleValue();
                }
                if (p.currentToken() == JsonToken.VALUE_STRING) {
                    String s = p.getText().trim();
                    switch (s) {
                        case "NaN": return Double.NaN;
                        case "Infinity": return Double.POSITIVE_INFINITY;
                        case "-Infinity": return Double.NEGATIVE_INFINITY;
                        default: break;
                    }
                }
                return (Double) ctxt.handleUnexpectedToken(Double.TYPE, p);
            }

            @Override
            public Double getNullValue(DeserializationContext ctxt) {
                return Double.NaN;
            }
        };
        m.addDeserializer(Double.class, ddeser);
        m.addDeserializer(Double.TYPE, ddeser);
        m.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.toString());
            }
        });
        m.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String s = p.getValueAsString();
                if (s == null) {
                    return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
                }
                try {
                    return Instant.parse(s);
                } catch (DateTimeParseException e) {
                    return (Instant) ctxt.handleWeirdStringValue(Instant.class, s,
                            "not an ISO-8601 instant such as 2025-01-31T12:00:00Z");
                }
            }
        });
        return JsonMapper.builder()
                .addModule(m)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
