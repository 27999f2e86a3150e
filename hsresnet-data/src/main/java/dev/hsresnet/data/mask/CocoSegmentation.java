package dev.hsresnet.data.mask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code segmentation} field of a COCO annotation or result, read into an {@link Rle} as
 * pycocotools' {@code annToRLE} reads it, and an {@code Rle} written back as COCO's compressed
 * RLE object. The three forms:
 *
 * <ul>
 *   <li>a list of polygons {@code [[x0, y0, x1, y1, ...], ...]}: each rasterised by
 *       {@link Rle#fromPolygon}, the parts joined. As in pycocotools' {@code frPyObjects}, a
 *       list whose first element has exactly 4 numbers is read as boxes {@code [x, y, w, h]}
 *       ({@link Rle#fromBox}); every element must then have 4;
 *   <li>compressed RLE {@code {"size": [h, w], "counts": "..."}} ({@link Rle#fromCocoString});
 *   <li>uncompressed RLE {@code {"size": [h, w], "counts": [n0, n1, ...]}}
 *       ({@link Rle#fromCounts}), the form of COCO's crowd annotations.
 * </ul>
 *
 * <p>Unlike pycocotools, which uses an RLE's own {@code size}, an RLE whose size is not the
 * image's is refused, and an empty polygon list is an error rather than a crash. Messages name
 * the part of the field and the value; the caller adds the file and the annotation.
 */
public final class CocoSegmentation {

    private CocoSegmentation() {}

    /**
     * @param segmentation the annotation's {@code segmentation} value
     * @param height the image's height, pixels
     * @param width the image's width, pixels
     * @return the object's mask
     * @throws IllegalArgumentException for a missing or malformed value, naming the part (e.g.
     *     {@code segmentation[2][5]}, {@code segmentation.counts}) and the value
     */
    public static Rle parse(JsonNode segmentation, int height, int width) {
        Rle.pixels(height, width);
        if (segmentation == null || segmentation.isNull() || segmentation.isMissingNode()) {
            throw new IllegalArgumentException("segmentation is missing");
        }
        if (segmentation.isArray()) {
            return polygons(segmentation, height, width);
        }
        if (segmentation.isObject()) {
            return rle(segmentation, height, width);
        }
        throw new IllegalArgumentException("segmentation must be a list of polygons or an RLE"
                + " object {\"size\": [h, w], \"counts\": ...}, got " + shorten(segmentation));
    }

    /**
     * @param mask a mask
     * @return {@code {"size": [height, width], "counts": "..."}}, COCO's compressed form
     */
    public static ObjectNode toJson(Rle mask) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putArray("size").add(mask.height()).add(mask.width());
        o.put("counts", mask.toCocoString());
        return o;
    }

    private static Rle polygons(JsonNode list, int height, int width) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException("segmentation is an empty list: no polygon");
        }
        boolean boxes = list.get(0).isArray() && list.get(0).size() == 4;
        List<Rle> parts = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String where = "segmentation[" + i + "]";
            double[] xy = numbers(list.get(i), where);
            if (boxes && xy.length != 4) {
                throw new IllegalArgumentException(where + " has " + xy.length + " numbers, but"
                        + " segmentation[0] has 4, which makes the list boxes [x, y, w, h]"
                        + " (as pycocotools reads it)");
            }
            try {
                parts.add(boxes ? Rle.fromBox(xy[0], xy[1], xy[2], xy[3], height, width)
                        : Rle.fromPolygon(xy, height, width));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return Rle.merge(parts, false);
    }

    private static double[] numbers(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + " must be a list of numbers, got "
                    + shorten(node));
        }
        double[] out = new double[node.size()];
        for (int j = 0; j < out.length; j++) {
            JsonNode v = node.get(j);
            if (!v.isNumber()) {
                throw new IllegalArgumentException(where + "[" + j + "] is not a number: "
                        + shorten(v));
            }
            out[j] = v.asDouble();
        }
        return out;
    }

    private static Rle rle(JsonNode o, int height, int width) {
        JsonNode size = o.get("size");
        if (size == null || !size.isArray() || size.size() != 2
                || !size.get(0).canConvertToInt() || !size.get(1).canConvertToInt()
                || !size.get(0).isIntegralNumber() || !size.get(1).isIntegralNumber()) {
            throw new IllegalArgumentException("segmentation.size must be [height, width] in"
                    + " whole pixels, got " + shorten(size));
        }
        int h = size.get(0).asInt();
        int w = size.get(1).asInt();
        if (h != height || w != width) {
            throw new IllegalArgumentException("segmentation.size is [" + h + ", " + w
                    + "], but the image is " + height + "x" + width + " (height x width)");
        }
        JsonNode counts = o.get("counts");
        try {
            if (counts != null && counts.isTextual()) {
                return Rle.fromCocoString(counts.asText(), height, width);
            }
            if (counts != null && counts.isArray()) {
                int[] c = new int[counts.size()];
                for (int i = 0; i < c.length; i++) {
                    JsonNode v = counts.get(i);
                    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                        throw new IllegalArgumentException("count " + i + " must be a whole"
                                + " number of pixels, got " + shorten(v));
                    }
                    c[i] = v.asInt();
                }
                return Rle.fromCounts(height, width, c);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("segmentation.counts: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("segmentation.counts must be a string or a list of"
                + " numbers, got " + shorten(counts));
    }

    private static String shorten(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        String s = node.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
