package dev.hsresnet.vision.detection;

import dev.hsresnet.data.detection.BoxAnnotation;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.ImageAnnotations;
import dev.hsresnet.vision.detection.eval.Box;
import dev.hsresnet.vision.detection.eval.CocoGroundTruth;
import dev.hsresnet.vision.detection.eval.Detection;
import dev.hsresnet.vision.detection.eval.GroundTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * From the project's box types to the COCO evaluator's: category id = class index + 1, image id
 * = dataset index, boxes in the image file's pixels. A dataset's ignored boxes (VOC {@code
 * difficult}, COCO {@code iscrowd}) become crowd regions: a detection on one is neither a true
 * nor a false positive.
 */
public final class CocoConversions {

    private CocoConversions() {}

    /**
     * @param dataset a split
     * @return its ground truth, every image included (those without objects too)
     */
    public static CocoGroundTruth groundTruth(DetectionDataset dataset) {
        CocoGroundTruth.Builder b = CocoGroundTruth.builder(
                IntStream.rangeClosed(1, dataset.numClasses()).boxed().toList());
        for (int i = 0; i < dataset.size(); i++) {
            ImageAnnotations a = dataset.annotations(i);
            List<GroundTruth> objects = new ArrayList<>(a.boxes().size() + a.ignored().size());
            for (BoxAnnotation box : a.boxes()) {
                objects.add(new GroundTruth(box.classIndex() + 1, box(box), false));
            }
            for (BoxAnnotation box : a.ignored()) {
                objects.add(new GroundTruth(box.classIndex() + 1, box(box), true));
            }
            b.image(i, objects);
        }
        return b.build();
    }

    /**
     * @param detections one image's detections
     * @return them for {@link dev.hsresnet.vision.detection.eval.CocoEvaluator#add}
     */
    public static List<Detection> detections(List<DetectedBox> detections) {
        List<Detection> out = new ArrayList<>(detections.size());
        for (DetectedBox d : detections) {
            out.add(new Detection(d.classIndex() + 1,
                    Box.fromCorners(d.x1(), d.y1(), d.x2(), d.y2()), d.score()));
        }
        return out;
    }

    private static Box box(BoxAnnotation b) {
        return Box.fromCorners(b.x1(), b.y1(), b.x2(), b.y2());
    }
}
