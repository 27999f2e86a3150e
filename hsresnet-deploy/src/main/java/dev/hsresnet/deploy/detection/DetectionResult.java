package dev.hsresnet.deploy.detection;

import ai.djl.modality.cv.output.BoundingBox;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Rectangle;
import dev.hsresnet.vision.detection.DetectedBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The detections of one image, in the image's own pixels (x to the right, y down, continuous
 * coordinates: the image spans {@code [0, width] x [0, height]}).
 *
 * @param model the model's name
 * @param width the image's width in pixels, as decoded
 * @param height the image's height in pixels
 * @param boxes the detections, best score first, each inside the image, with {@code x2 > x1}
 *     and {@code y2 > y1}
 * @param classes the model's class names, in index order ({@link DetectedBox#classIndex()}
 *     indexes it)
 */
public record DetectionResult(String model, int width, int height, List<DetectedBox> boxes,
        List<String> classes) {

    /**
     * Copies the lists and checks every box.
     *
     * @throws IllegalArgumentException naming the box when its class has no name, its score is
     *     not in [0, 1] or its corners are not finite, inverted or outside the image
     */
    public DetectionResult {
        Objects.requireNonNull(model, "model");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x"
                    + height);
        }
        boxes = List.copyOf(boxes);
        classes = List.copyOf(classes);
        for (int i = 0; i < boxes.size(); i++) {
            DetectedBox b = boxes.get(i);
            if (b.classIndex() < 0 || b.classIndex() >= classes.size()) {
                throw new IllegalArgumentException("box " + i + ": class " + b.classIndex()
                        + " is not one of the " + classes.size() + " classes");
            }
            if (!(b.score() >= 0 && b.score() <= 1)) {
                throw new IllegalArgumentException("box " + i + ": score " + b.score()
                        + " is not in [0, 1]");
            }
            if (!(b.x1() >= 0 && b.y1() >= 0 && b.x2() > b.x1() && b.y2() > b.y1()
                    && b.x2() <= width && b.y2() <= height)) {
                throw new IllegalArgumentException("box " + i + " [" + b.x1() + ", " + b.y1()
                        + ", " + b.x2() + ", " + b.y2() + "] must have x2 > x1, y2 > y1 and lie "
                        + "inside the " + width + "x" + height + " image (width x height)");
            }
        }
    }

    /** @return the number of detections */
    public int count() {
        return boxes.size();
    }

    /** @return the class name of a detection */
    public String label(DetectedBox box) {
        return classes.get(box.classIndex());
    }

    /**
     * @param minScore the lowest score kept
     * @return this result with only the detections scoring at least {@code minScore}
     */
    public DetectionResult above(double minScore) {
        return new DetectionResult(model, width, height,
                boxes.stream().filter(b -> b.score() >= minScore).toList(), classes);
    }

    /**
     * The detections as DJL's output type, for code written against DJL's object-detection
     * translators: one entry per box, best first, with the class name, the score and a {@link
     * Rectangle} relative to the image size (DJL's convention: {@code x = x1 / width}, {@code y =
     * y1 / height}, {@code width = (x2 - x1) / width}, {@code height = (y2 - y1) / height}, all
     * in [0, 1]). Multiply by the image size, as DJL's {@code drawBoundingBoxes} does, to get
     * pixels back.
     *
     * @return the detections
     */
    public DetectedObjects toDetectedObjects() {
        List<String> names = new ArrayList<>(boxes.size());
        List<Double> scores = new ArrayList<>(boxes.size());
        List<BoundingBox> rects = new ArrayList<>(boxes.size());
        for (DetectedBox b : boxes) {
            names.add(label(b));
            scores.add((double) b.score());
            rects.add(new Rectangle((double) b.x1() / width, (double) b.y1() / height,
                    (double) b.width() / width, (double) b.height() / height));
        }
        return new DetectedObjects(names, scores, rects);
    }
}
