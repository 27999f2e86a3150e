package dev.hsresnet.vision.instance;

import dev.hsresnet.data.detection.BoxAnnotation;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.ImageAnnotations;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.data.mask.Rle;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.eval.Box;
import dev.hsresnet.vision.detection.eval.CocoGroundTruth;
import dev.hsresnet.vision.detection.eval.Detection;
import dev.hsresnet.vision.detection.eval.GroundTruth;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * From the project's instance types to the COCO evaluator's masks ({@code iouType} segm), as
 * {@link dev.hsresnet.vision.detection.CocoConversions} does for boxes: category id = class index
 * + 1, image id = dataset index, masks at the image file's size.
 */
public final class InstanceConversions {

    private InstanceConversions() {}

    /**
     * A split's ground truth for mask evaluation: each object's mask ({@link
     * DetectionDataset#masks}) run-length encoded, with the mask's pixel count as its area and
     * the mask's box as its box ({@link GroundTruth#ofMask}, what a COCO file holds for a
     * segmented object). A dataset's ignored boxes become crowd regions: their {@link
     * ImageAnnotations#ignoredSegments()} (a COCO crowd's segmentation), or, without, their
     * box's pixels ({@link Rle#fromBox}).
     *
     * @param dataset a split with instance masks
     * @return its ground truth, every image included (those without objects too)
     * @throws IOException naming the mask file when one cannot be read
     * @throws IllegalStateException when the dataset has no masks
     */
    public static CocoGroundTruth groundTruth(DetectionDataset dataset) throws IOException {
        CocoGroundTruth.Builder b = CocoGroundTruth.builder(
                IntStream.rangeClosed(1, dataset.numClasses()).boxed().toList());
        for (int i = 0; i < dataset.size(); i++) {
            ImageAnnotations a = dataset.annotations(i);
            List<InstanceMask> masks = dataset.masks(i);
            List<GroundTruth> objects = new ArrayList<>(a.boxes().size() + a.ignored().size());
            for (int j = 0; j < a.boxes().size(); j++) {
                objects.add(GroundTruth.ofMask(a.boxes().get(j).classIndex() + 1,
                        Rle.of(masks.get(j)), false));
            }
            for (int j = 0; j < a.ignored().size(); j++) {
                BoxAnnotation box = a.ignored().get(j);
                Rle region = a.ignoredSegments().isEmpty() ? Rle.fromBox(box.x1(), box.y1(),
                        box.x2() - box.x1(), box.y2() - box.y1(), a.height(), a.width())
                        : a.ignoredSegments().get(j);
                objects.add(GroundTruth.ofMask(box.classIndex() + 1, region, true));
            }
            b.image(i, objects);
        }
        return b.build();
    }

    /**
     * @param instance an instance in the file's pixels
     * @return it for {@link dev.hsresnet.vision.detection.eval.CocoEvaluator#add}: its box, score
     *     and run-length encoded mask (the bitmap is not kept)
     */
    public static Detection detection(DetectedInstance instance) {
        DetectedBox d = instance.box();
        return new Detection(d.classIndex() + 1, Box.fromCorners(d.x1(), d.y1(), d.x2(), d.y2()),
                d.score(), Rle.of(instance.mask()));
    }
}
