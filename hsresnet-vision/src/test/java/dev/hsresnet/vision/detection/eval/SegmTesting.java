package dev.hsresnet.vision.detection.eval;

import dev.hsresnet.data.mask.Rle;
import java.util.List;
import java.util.Map;

/** Short builders for the segm tests: masks drawn as text, one category, one image. */
final class SegmTesting {

    private SegmTesting() {}

    /**
     * @param rows one string per row, {@code '#'} set, {@code '.'} not
     * @return the mask
     */
    static Rle mask(String... rows) {
        int w = rows[0].length();
        boolean[] m = new boolean[rows.length * w];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < w; x++) {
                m[y * w + x] = rows[y].charAt(x) == '#';
            }
        }
        return Rle.encode(m, rows.length, w);
    }

    static GroundTruth gt(Rle mask) {
        return GroundTruth.ofMask(1, mask, false);
    }

    static GroundTruth crowd(Rle mask) {
        return GroundTruth.ofMask(1, mask, true);
    }

    static Detection det(Rle mask, double score) {
        return Detection.ofMask(1, mask, score);
    }

    /** Category 1 only, one image 1 with these objects, these detections on it, by mask. */
    static CocoEvaluation single(List<GroundTruth> truths, List<Detection> detections) {
        CocoGroundTruth gt = CocoGroundTruth.builder(1).image(1, truths).build();
        return CocoEvaluator.evaluate(gt, IouType.SEGM, Map.of(1L, detections));
    }
}
