package dev.hsresnet.data.detection;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.data.mask.CocoSegmentation;
import dev.hsresnet.data.mask.Rle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a COCO object-detection file ({@code instances_*.json}) with Jackson's streaming parser:
 * each element of {@code images}, {@code annotations} and {@code categories} is read as a small
 * tree and dropped again, so a file of hundreds of MB (segmentation polygons included) needs
 * little more memory than the boxes. Other top-level fields ({@code info}, {@code licenses}) are
 * skipped.
 *
 * <ul>
 *   <li>{@code images[]}: {@code id} (integer, unique), {@code file_name} (relative to the image
 *       folder, unique, no {@code ..}), {@code width}, {@code height} (positive integers). The
 *       dataset lists them by ascending id; an image without annotations is a negative image.
 *   <li>{@code categories[]}: {@code id} (integer, unique), {@code name} (unique). Class index =
 *       the category's position in ascending id order (COCO's 80 ids 1..90 become 0..79).
 *   <li>{@code annotations[]}: {@code image_id} (must be listed in {@code images}), {@code
 *       category_id} (must be listed in {@code categories}), {@code bbox = [x, y, w, h]} in
 *       continuous pixels ({@code x1 = x, x2 = x + w}), optional {@code iscrowd} (0/1 or
 *       true/false, default 0). Crowd regions go to {@link ImageAnnotations#ignored()} (never a
 *       training target, an ignore region for evaluation), as torchvision's and mmdetection's
 *       COCO loaders keep them out of training. {@code area} is ignored; {@code segmentation}
 *       too by {@link #read}, while {@link #readInstances} reads it as the object's mask.
 * </ul>
 *
 * <p>{@link #readInstances} reads each annotation's {@code segmentation} as pycocotools'
 * {@code annToRLE} does ({@link CocoSegmentation#parse}: polygons, compressed or uncompressed
 * RLE) at the image's declared size, and keeps it as runs ({@link
 * ImageAnnotations#segments()}). An object whose segmentation is missing, malformed, of another
 * size than its image, or covers no pixel is an invalid annotation like a bad box: an {@link
 * AnnotationException} naming the file, the annotation, the field and the value, or (lenient
 * policy) the object is left out and listed. A crowd region without a segmentation keeps its
 * box as its region.
 */
public final class CocoReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CocoReader() {}

    private record Category(long id, String name) {}

    private record Img(long id, String fileName, int width, int height, String where) {}

    /**
     * @param json the annotation file
     * @param imageDir the folder {@code file_name}s are relative to
     * @param policy clipping and dropping
     * @return the dataset
     * @throws AnnotationException naming the file, the element ({@code annotations[17] (id
     *     1234)}), the field and the value for anything malformed or inconsistent
     * @throws IllegalArgumentException when the image folder is missing
     * @throws UncheckedIOException when the file cannot be read
     */
    public static DetectionDataset read(Path json, Path imageDir, AnnotationPolicy policy) {
        return read(json, imageDir, policy, false);
    }

    /**
     * {@link #read} with every object's mask: the dataset {@link
     * DetectionDataset#hasInstanceMasks() has instance masks}, decoded from the runs held in
     * memory when a sample is loaded (see the class comment).
     *
     * @param json the annotation file
     * @param imageDir the folder {@code file_name}s are relative to
     * @param policy clipping and dropping (of objects with bad masks too)
     * @return the dataset with instance masks
     * @throws AnnotationException naming the file, the annotation, the field and the value for
     *     anything malformed, a bad segmentation included (strict)
     * @throws IllegalArgumentException when the image folder is missing or no image is left
     * @throws UncheckedIOException when the file cannot be read
     */
    public static DetectionDataset readInstances(Path json, Path imageDir,
            AnnotationPolicy policy) {
        return read(json, imageDir, policy, true);
    }

    private static DetectionDataset read(Path json, Path imageDir, AnnotationPolicy policy,
            boolean masks) {
        VocReader.requireDir(imageDir, "COCO image folder");
        List<JsonNode> images = new ArrayList<>();
        List<JsonNode> annotations = new ArrayList<>();
        List<JsonNode> categories = new ArrayList<>();
        Set<String> present = new HashSet<>();
        try (JsonParser p = MAPPER.createParser(json.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new AnnotationException(json, "not a COCO annotation file: the top level is"
                        + " not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                List<JsonNode> target = switch (field) {
                    case "images" -> images;
                    case "annotations" -> annotations;
                    case "categories" -> categories;
                    default -> null;
                };
                if (target == null) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw new AnnotationException(json, "field \"" + field + "\" must be an array,"
                            + " got " + t);
                }
                present.add(field);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    target.add(MAPPER.readTree(p));
                }
            }
        } catch (JsonProcessingException e) {
            throw new AnnotationException(json, "not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json + ": " + e.getMessage(), e);
        }
        for (String f : List.of("images", "annotations", "categories")) {
            if (!present.contains(f)) {
                throw new AnnotationException(json, "not a COCO detection file: no \"" + f
                        + "\" array");
            }
        }
        Map<Long, Category> byId = categories(json, categories);
        List<String> classes = new ArrayList<>();
        for (Category c : new TreeMap<>(byId).values()) {
            classes.add(c.name());
        }
        TreeMap<Long, Img> imgs = images(json, images);
        Map<Long, List<RawAnnotations.Box>> boxes = new HashMap<>();
        for (int k = 0; k < annotations.size(); k++) {
            JsonNode a = annotations.get(k);
            String where = "annotations[" + k + "]";
            if (!a.isObject()) {
                throw new AnnotationException(json, where + " is not an object");
            }
            if (a.has("id")) {
                where += " (id " + a.get("id").asText() + ")";
            }
            long imageId = integer(json, where, a, "image_id");
            if (!imgs.containsKey(imageId)) {
                throw new AnnotationException(json, where + ": image_id " + imageId + " is not"
                        + " listed in \"images\" (an annotation without its image)");
            }
            long categoryId = integer(json, where, a, "category_id");
            Category c = byId.get(categoryId);
            if (c == null) {
                throw new AnnotationException(json, where + ": category_id " + categoryId
                        + " is not listed in \"categories\" (unknown class)");
            }
            JsonNode bbox = a.get("bbox");
            if (bbox == null || !bbox.isArray() || bbox.size() != 4) {
                throw new AnnotationException(json, where + ": field bbox must be an array of 4"
                        + " numbers [x, y, width, height], got " + bbox);
            }
            double[] v = new double[4];
            for (int i = 0; i < 4; i++) {
                if (!bbox.get(i).isNumber()) {
                    throw new AnnotationException(json, where + ": bbox[" + i + "] is not a"
                            + " number: " + bbox.get(i));
                }
                v[i] = bbox.get(i).asDouble();
            }
            boolean crowd = crowd(json, where, a);
            Rle segment = null;
            String problem = null;
            if (masks) {
                Img img = imgs.get(imageId);
                JsonNode seg = a.get("segmentation");
                if (seg == null || seg.isNull()) {
                    problem = crowd ? null : "field segmentation is missing (instance"
                            + " segmentation needs every object's mask)";
                } else {
                    try {
                        segment = CocoSegmentation.parse(seg, img.height(), img.width());
                        if (segment.area() == 0) {
                            segment = null;
                            problem = "field segmentation covers no pixel of the "
                                    + img.width() + "x" + img.height() + " image (an empty mask)";
                        }
                    } catch (IllegalArgumentException e) {
                        problem = "field " + e.getMessage();
                    }
                }
            }
            boxes.computeIfAbsent(imageId, id -> new ArrayList<>()).add(new RawAnnotations.Box(
                    c.name(), v[0], v[1], v[0] + v[2], v[1] + v[3], crowd, where,
                    "bbox=" + bbox, segment, problem));
        }
        List<RawAnnotations.Image> raws = new ArrayList<>();
        for (Img img : imgs.values()) {
            raws.add(new RawAnnotations.Image(imageDir.resolve(img.fileName()), img.width(),
                    img.height(), boxes.getOrDefault(img.id(), List.of()), json, img.where(),
                    null, masks));
        }
        return AnnotationResolver.resolve("COCO " + json, raws, classes, policy);
    }

    private static Map<Long, Category> categories(Path json, List<JsonNode> nodes) {
        if (nodes.isEmpty()) {
            throw new AnnotationException(json, "\"categories\" is empty: no classes");
        }
        Map<Long, Category> byId = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (int k = 0; k < nodes.size(); k++) {
            JsonNode c = nodes.get(k);
            String where = "categories[" + k + "]";
            if (!c.isObject()) {
                throw new AnnotationException(json, where + " is not an object");
            }
            long id = integer(json, where, c, "id");
            String name = string(json, where, c, "name");
            String before = names.put(name, where);
            if (before != null) {
                throw new AnnotationException(json, where + ": category name \"" + name
                        + "\" is also the name of " + before);
            }
            if (byId.put(id, new Category(id, name)) != null) {
                throw new AnnotationException(json, where + ": category id " + id
                        + " is listed twice");
            }
        }
        return byId;
    }

    private static TreeMap<Long, Img> images(Path json, List<JsonNode> nodes) {
        TreeMap<Long, Img> byId = new TreeMap<>();
        Map<String, String> names = new HashMap<>();
        for (int k = 0; k < nodes.size(); k++) {
            JsonNode i = nodes.get(k);
            String where = "images[" + k + "]";
            if (!i.isObject()) {
                throw new AnnotationException(json, where + " is not an object");
            }
            long id = integer(json, where, i, "id");
            where += " (id " + id + ")";
            String file = string(json, where, i, "file_name");
            Path rel = Path.of(file);
            if (rel.isAbsolute() || file.startsWith("/") || file.startsWith("\\")
                    || rel.normalize().startsWith("..") || file.contains("\\")) {
                throw new AnnotationException(json, where + ": file_name must be a relative path"
                        + " inside the image folder, got \"" + file + "\"");
            }
            int width = positive(json, where, i, "width");
            int height = positive(json, where, i, "height");
            String before = names.put(file, where);
            if (before != null) {
                throw new AnnotationException(json, where + ": file_name \"" + file
                        + "\" is also the file of " + before + " (duplicate file name)");
            }
            if (byId.put(id, new Img(id, file, width, height, where)) != null) {
                throw new AnnotationException(json, where + ": image id " + id + " is listed twice");
            }
        }
        return byId;
    }

    private static long integer(Path json, String where, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new AnnotationException(json, where + ": field " + field + " must be an integer,"
                    + " got " + v);
        }
        return v.asLong();
    }

    private static int positive(Path json, String where, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw new AnnotationException(json, where + ": field " + field + " must be a positive"
                    + " integer (pixels), got " + v);
        }
        return v.asInt();
    }

    private static String string(Path json, String where, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new AnnotationException(json, where + ": field " + field + " must be a non-empty"
                    + " string, got " + v);
        }
        return v.asText();
    }

    private static boolean crowd(Path json, String where, JsonNode a) {
        JsonNode v = a.get("iscrowd");
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber() && (v.asLong() == 0 || v.asLong() == 1)) {
            return v.asLong() == 1;
        }
        throw new AnnotationException(json, where + ": field iscrowd must be 0 or 1, got " + v);
    }
}
