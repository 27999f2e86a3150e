package dev.hsresnet.deploy.segmentation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The JSON summary of a segmentation, the same for {@code hsresnet predict}'s files and the
 * server's answers:
 *
 * <pre>{@code
 * {"model": "fpn_hs_resnet26_lite", "width": 480, "height": 360,
 *  "classes": [{"index": 0, "name": "Sky", "pixels": 41210, "fraction": 0.2385}, ...]}
 * }</pre>
 *
 * {@code classes} lists every class of the model in index order, absent ones with 0 pixels; the
 * pixels sum to {@code width * height}.
 */
public final class SegmentationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SegmentationJson() {}

    /** @return the summary as a JSON object, to which callers may add fields */
    public static ObjectNode toJson(SegmentationResult result) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("model", result.model());
        o.put("width", result.width());
        o.put("height", result.height());
        ArrayNode classes = o.putArray("classes");
        for (SegmentationResult.ClassArea c : result.classes()) {
            classes.addObject().put("index", c.index()).put("name", c.name())
                    .put("pixels", c.pixels()).put("fraction", c.fraction());
        }
        return o;
    }

    /** @return the summary as indented JSON text, ending with a newline */
    public static String toText(SegmentationResult result) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(result))
                    + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the summary atomically (temporary file, then rename).
     *
     * @param result the segmentation
     * @param file the JSON file to create or replace; its directory is created if needed
     * @throws IOException naming the file when writing fails; {@code file} is then untouched
     */
    public static void write(SegmentationResult result, Path file) throws IOException {
        AtomicFiles.write(file, toText(result).getBytes(StandardCharsets.UTF_8));
    }
}
