package dev.hsresnet.data.mask;

import static dev.hsresnet.data.mask.RleTest.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three forms of COCO's {@code segmentation} field, and the compressed form written back. */
class CocoSegmentationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Rle parse(String s, int h, int w) {
        return CocoSegmentation.parse(json(s), h, w);
    }

    @Test
    void polygonsAreRasterisedAndJoined() {
        double[] a = {0, 0, 3, 0, 3, 3, 0, 3};
        double[] b = {2, 2, 5, 2, 5, 5, 2, 5};
        assertEquals(Rle.fromPolygons(List.of(a, b), 6, 6),
                parse("[[0,0,3,0,3,3,0,3],[2,2,5,2,5,5,2,5]]", 6, 6));
        assertEquals(Rle.fromPolygon(RlePolygonTest.PENTAGON, 20, 30),
                parse("[[3.2,1.7,25.9,4.4,21.3,17.8,9.6,15.1,1.1,9.3]]", 20, 30));
    }

    @Test
    void aFirstElementOfFourNumbersMakesTheListBoxes() {
        // pycocotools' frPyObjects reads [[x, y, w, h], ...] as boxes, not as 2-point polygons
        assertEquals(Rle.fromBox(1, 1, 2, 3, 5, 5), parse("[[1,1,2,3]]", 5, 5));
        assertEquals(6, parse("[[1,1,2,3]]", 5, 5).area());
        assertEquals("segmentation[1] has 6 numbers, but segmentation[0] has 4, which makes the"
                + " list boxes [x, y, w, h] (as pycocotools reads it)",
                message(() -> parse("[[1,1,2,3],[0,0,1,0,1,1]]", 5, 5)));
    }

    @Test
    void compressedAndUncompressedRle() {
        Rle r = Rle.fromCounts(3, 4, 2, 5, 5);
        assertEquals(r, parse("{\"size\":[3,4],\"counts\":\"255\"}", 3, 4));
        assertEquals(r, parse("{\"size\":[3,4],\"counts\":[2,5,5]}", 3, 4));
        assertEquals(r, parse("{\"counts\":[2,0,0,5,5],\"size\":[3,4]}", 3, 4));
    }

    @Test
    void theCompressedFormIsWrittenBackAndReadAgain() {
        Rle r = Rle.fromPolygon(RlePolygonTest.PENTAGON, 20, 30);
        JsonNode written = CocoSegmentation.toJson(r);
        assertEquals("{\"size\":[20,30],\"counts\":"
                + "\"l02>4N3O1O001O1O010O001O000000001O01O0001OO1M3N2M3M_2\"}", written.toString());
        assertEquals(r, CocoSegmentation.parse(written, 20, 30));
    }

    @Test
    void malformedValuesAreNamed() {
        assertEquals("segmentation is missing", message(() ->
                CocoSegmentation.parse(null, 3, 4)));
        assertEquals("segmentation is missing", message(() -> parse("null", 3, 4)));
        assertEquals("segmentation is an empty list: no polygon", message(() -> parse("[]", 3, 4)));
        assertEquals("segmentation must be a list of polygons or an RLE object {\"size\": [h, w],"
                + " \"counts\": ...}, got \"abc\"", message(() -> parse("\"abc\"", 3, 4)));
        assertEquals("segmentation[0][2] is not a number: \"x\"",
                message(() -> parse("[[0,0,\"x\",1,2,2]]", 3, 4)));
        assertEquals("segmentation[1] must be a list of numbers, got 5",
                message(() -> parse("[[0,0,1,0,1,1],5]", 3, 4)));
        assertEquals("segmentation[0]: polygon has 7 coordinates; x, y pairs are expected (at"
                + " least one)", message(() -> parse("[[0,0,1,0,1,1,2]]", 3, 4)));
        assertEquals("segmentation.size is [4, 3], but the image is 3x4 (height x width)",
                message(() -> parse("{\"size\":[4,3],\"counts\":\"255\"}", 3, 4)));
        assertEquals("segmentation.size must be [height, width] in whole pixels, got [3.5,4]",
                message(() -> parse("{\"size\":[3.5,4],\"counts\":\"255\"}", 3, 4)));
        assertEquals("segmentation.size must be [height, width] in whole pixels, got nothing",
                message(() -> parse("{\"counts\":\"255\"}", 3, 4)));
        assertEquals("segmentation.counts must be a string or a list of numbers, got 12",
                message(() -> parse("{\"size\":[3,4],\"counts\":12}", 3, 4)));
        assertEquals("segmentation.counts: count 1 must be a whole number of pixels, got 5.5",
                message(() -> parse("{\"size\":[3,4],\"counts\":[2,5.5,4.5]}", 3, 4)));
        assertEquals("segmentation.counts: RLE count 1 is -5, negative",
                message(() -> parse("{\"size\":[3,4],\"counts\":[2,-5,15]}", 3, 4)));
        assertEquals("segmentation.counts: RLE string has character ' ' (code 32) at index 1,"
                + " outside '0'..'o'",
                message(() -> parse("{\"size\":[3,4],\"counts\":\"2 5\"}", 3, 4)));
    }
}
