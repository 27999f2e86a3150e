package dev.hsresnet.deploy.detection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.vision.detection.DetectedBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a detection, the same for {@code hsresnet predict}'s files and the server's
 * answers:
 *
 * <pre>{@code
 * {"model": "fcos_hs_resnet26_lite", "width": 640, "height": 480,
 *  "detections": [{"label": "raccoon", "classIndex": 0, "score": 0.91,
 *                  "box": {"x1": 81.5, "y1": 40.2, "x2": 355.0, "y2": 471.9}}, ...]}
 * }</pre>
 *
 * {@code width} and {@code height} are the image's size in pixels; each box is in corner form in
 * the image's pixels (continuous coordinates, the image spanning {@code [0, width] x [0,
 * height]}); {@code detections} go best score first. Scores and corners are written as the
 * float32 values they are (shortest decimal form), so {@link #parse} gives them back exactly.
 */
public final class DetectionJson {

    /** The name of the list of detections. */
    public static final String DETECTIONS = "detections";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads decimals exactly, so that a float is rounded once, from its decimal form. */
    private static final ObjectReader READER = MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private DetectionJson() {}

    /** @return the detection as a JSON object, to which callers may add fields */
    public static ObjectNode toJson(DetectionResult result) {
        ObjectNode o = header(result.model(), result.width(), result.height());
        ArrayNode all = o.putArray(DETECTIONS);
        for (DetectedBox b : result.boxes()) {
            entry(all.addObject(), result.label(b), b);
        }
        return o;
    }

    /** @return the detection as indented JSON text, ending with a newline */
    public static String toText(DetectionResult result) {
        return toText(toJson(result));
    }

    /**
     * Writes the detection atomically (temporary file, then rename).
     *
     * @param result the detection
     * @param file the JSON file to create or replace; its directory is created if needed
     * @throws IOException naming the file when writing fails; {@code file} is then untouched
     */
    public static void write(DetectionResult result, Path file) throws IOException {
        write(toJson(result), file);
    }

    /**
     * Reads the JSON form back, e.g. a server's answer or a file {@code predict} wrote.
     *
     * @param json the text
     * @param classes the model's class names: each detection's {@code classIndex} must index it
     *     and its {@code label} must be that name
     * @param source what the text is, for messages
     * @return the detection
     * @throws IllegalArgumentException naming {@code source}, the detection and the field when
     *     the text is not JSON, a field is missing or of the wrong type, or a value is out of
     *     range
     */
    public static DetectionResult parse(String json, List<String> classes, String source) {
        JsonNode root = root(json, source);
        Header h = header(root, source);
        JsonNode list = array(root, DETECTIONS, source);
        List<DetectedBox> boxes = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            boxes.add(entry(list.get(i), classes, source + ": " + DETECTIONS + "[" + i + "]"));
        }
        try {
            return new DetectionResult(h.model(), h.width(), h.height(), boxes, classes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    // the building blocks of this form, shared with the other results that carry detections

    /**
     * The fields every result of an image starts with.
     *
     * @param model the model's name
     * @param width the image's width in pixels
     * @param height the image's height in pixels
     */
    public record Header(String model, int width, int height) {}

    /** @return {@code {"model", "width", "height"}} */
    public static ObjectNode header(String model, int width, int height) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("model", model);
        o.put("width", width);
        o.put("height", height);
        return o;
    }

    /**
     * Fills one detection: {@code label}, {@code classIndex}, {@code score}, {@code box} (corners
     * as the float32 values they are).
     *
     * @param d the object to fill
     * @param label the class name
     * @param b the detection
     * @return {@code d}
     */
    public static ObjectNode entry(ObjectNode d, String label, DetectedBox b) {
        d.put("label", label);
        d.put("classIndex", b.classIndex());
        d.put("score", b.score());
        d.putObject("box").put("x1", b.x1()).put("y1", b.y1()).put("x2", b.x2())
                .put("y2", b.y2());
        return d;
    }

    /** @return the object as indented JSON text, ending with a newline */
    public static String toText(ObjectNode o) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Writes an object's indented text atomically (temporary file, then rename).
     *
     * @throws IOException naming the file when writing fails; {@code file} is then untouched
     */
    public static void write(ObjectNode o, Path file) throws IOException {
        AtomicFiles.write(file, toText(o).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return the text's JSON object, its decimals read exactly
     * @throws IllegalArgumentException naming {@code source} when the text is not a JSON object
     */
    public static JsonNode root(String json, String source) {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + " is not a JSON object");
        }
        return root;
    }

    /**
     * @return {@code model}, {@code width} and {@code height}
     * @throws IllegalArgumentException naming {@code source} and the field when one is missing
     *     or of the wrong type
     */
    public static Header header(JsonNode root, String source) {
        return new Header(text(root, "model", source), integer(root, "width", source),
                integer(root, "height", source));
    }

    /**
     * @return the array {@code field}
     * @throws IllegalArgumentException naming {@code source} when it is missing or not an array
     */
    public static JsonNode array(JsonNode root, String field, String source) {
        JsonNode list = root.get(field);
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(source + ": '" + field + "' must be an array");
        }
        return list;
    }

    /**
     * Reads one detection as {@link #entry} writes it.
     *
     * @param d the entry
     * @param classes the model's class names
     * @param where the entry's place, for messages, e.g. {@code answer: detections[2]}
     * @return the detection (its corners not yet checked against the image)
     * @throws IllegalArgumentException naming {@code where} and the field when the entry is not
     *     an object, a field is missing or of the wrong type, or the class or label is not the
     *     model's
     */
    public static DetectedBox entry(JsonNode d, List<String> classes, String where) {
        if (!d.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        int k = integer(d, "classIndex", where);
        if (k < 0 || k >= classes.size()) {
            throw new IllegalArgumentException(where + ".classIndex " + k + " is not one of "
                    + "the " + classes.size() + " classes");
        }
        String label = text(d, "label", where);
        if (!label.equals(classes.get(k))) {
            throw new IllegalArgumentException(where + ".label '" + label + "' is not the "
                    + "name of class " + k + " ('" + classes.get(k) + "')");
        }
        JsonNode box = d.get("box");
        if (box == null || !box.isObject()) {
            throw new IllegalArgumentException(where + ".box must be an object");
        }
        String at = where + ".box";
        return new DetectedBox(k, number(d, "score", where), number(box, "x1", at),
                number(box, "y1", at), number(box, "x2", at), number(box, "y2", at));
    }

    private static String text(JsonNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a string, got "
                    + v);
        }
        return v.asText();
    }

    private static int integer(JsonNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be an integer, "
                    + "got " + v);
        }
        return v.intValue();
    }

    private static float number(JsonNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a finite "
                    + "number, got " + v);
        }
        return v.floatValue();
    }
}
