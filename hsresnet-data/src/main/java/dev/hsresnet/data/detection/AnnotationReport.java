package dev.hsresnet.data.detection;

import java.util.List;

/**
 * What opening a detection dataset found, before any image is decoded.
 *
 * @param images images in the dataset
 * @param boxes boxes to train on, over all images
 * @param ignoredBoxes VOC {@code difficult} and COCO {@code iscrowd} boxes ({@link
 *     ImageAnnotations#ignored()})
 * @param negativeImages images without a box to train on
 * @param clippedBoxes boxes that reached up to the clip tolerance outside their image and were
 *     clipped ({@link AnnotationPolicy})
 * @param dropped one line per box or image left out under {@link AnnotationPolicy#LENIENT},
 *     naming the file, the record and the reason (unmodifiable copy)
 */
public record AnnotationReport(int images, int boxes, int ignoredBoxes, int negativeImages,
        int clippedBoxes, List<String> dropped) {

    /** Copies the list. */
    public AnnotationReport {
        dropped = List.copyOf(dropped);
    }

    /** @return counts only, e.g. {@code AnnotationReport[200 images, 217 boxes, ...]} */
    @Override
    public String toString() {
        return "AnnotationReport[" + images + " images, " + boxes + " boxes, " + ignoredBoxes
                + " ignored, " + negativeImages + " negative images, " + clippedBoxes
                + " clipped, " + dropped.size() + " dropped]";
    }
}
