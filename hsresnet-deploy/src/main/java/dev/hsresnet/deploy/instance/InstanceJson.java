package dev.hsresnet.deploy.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.data.mask.CocoSegmentation;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.data.mask.Rle;
import dev.hsresnet.deploy.detection.DetectionJson;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.instance.DetectedInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of an instance segmentation, the same for {@code hsresnet predict}'s files and
 * the server's answers: {@link DetectionJson}'s fields per instance, plus its mask in COCO's
 * compressed RLE ({@link CocoSegmentation#toJson}: pycocotools' {@code encode} of the mask, its
 * runs in column-major order, as a COCO result's {@code segmentation}):
 *
 * <pre>{@code
 * {"model": "yolact_hs_resnet26_lite", "width": 640, "height": 480,
 *  "instances": [{"label": "person", "classIndex": 0, "score": 0.91,
 *                 "box": {"x1": 81.5, "y1": 40.2, "x2": 355.0, "y2": 471.9},
 *                 "mask": {"size": [480, 640], "counts": "PXn41c<...>"}}, ...]}
 * }</pre>
 *
 * {@code width} and {@code height} are the image's size in pixels, {@code size} the mask's as
 * COCO writes it ({@code [height, width]}, the image's); instances go best score first. Scores
 * and corners are the float32 values they are, so {@link #parse} gives the result back exactly,
 * masks included.
 */
public final class InstanceJson {

    /** The name of the list of instances. */
    public static final String INSTANCES = "instances";

    private InstanceJson() {}

    /** @return the result as a JSON object, to which callers may add fields */
    public static ObjectNode toJson(InstanceResult result) {
        ObjectNode o = DetectionJson.header(result.model(), result.width(), result.height());
        ArrayNode all = o.putArray(INSTANCES);
        for (DetectedInstance d : result.instances()) {
            DetectionJson.entry(all.addObject(), result.label(d), d.box())
                    .set("mask", CocoSegmentation.toJson(rle(d.mask())));
        }
        return o;
    }

    /** @return a mask's COCO run-length encoding */
    public static Rle rle(InstanceMask mask) {
        return Rle.encode(mask.toBytes(), mask.height(), mask.width());
    }

    /** @return the result as indented JSON text, ending with a newline */
    public static String toText(InstanceResult result) {
        return DetectionJson.toText(toJson(result));
    }

    /**
     * Writes the result atomically (temporary file, then rename).
     *
     * @param result the instances
     * @param file the JSON file to create or replace; its directory is created if needed
     * @throws IOException naming the file when writing fails; {@code file} is then untouched
     */
    public static void write(InstanceResult result, Path file) throws IOException {
        DetectionJson.write(toJson(result), file);
    }

    /**
     * Reads the JSON form back, e.g. a server's answer or a file {@code predict} wrote.
     *
     * @param json the text
     * @param classes the model's class names: each instance's {@code classIndex} must index it
     *     and its {@code label} must be that name
     * @param source what the text is, for messages
     * @return the instances, masks decoded
     * @throws IllegalArgumentException naming {@code source}, the instance and the field when
     *     the text is not JSON, a field is missing or of the wrong type, a value is out of range
     *     or a mask is not a compressed RLE of the image's size
     */
    public static InstanceResult parse(String json, List<String> classes, String source) {
        JsonNode root = DetectionJson.root(json, source);
        DetectionJson.Header h = DetectionJson.header(root, source);
        JsonNode list = DetectionJson.array(root, INSTANCES, source);
        List<DetectedInstance> instances = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String where = source + ": " + INSTANCES + "[" + i + "]";
            DetectedBox box = DetectionJson.entry(list.get(i), classes, where);
            JsonNode mask = list.get(i).get("mask");
            if (mask == null || !mask.isObject()) {
                throw new IllegalArgumentException(where + ".mask must be an RLE object "
                        + "{\"size\": [h, w], \"counts\": \"...\"}, got " + mask);
            }
            InstanceMask pixels;
            try {
                Rle rle = CocoSegmentation.parse(mask, h.height(), h.width());
                pixels = new InstanceMask(h.height(), h.width(), rle.decode());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".mask: " + e.getMessage(), e);
            }
            instances.add(new DetectedInstance(box, pixels));
        }
        try {
            return new InstanceResult(h.model(), h.width(), h.height(), instances, classes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }
}
