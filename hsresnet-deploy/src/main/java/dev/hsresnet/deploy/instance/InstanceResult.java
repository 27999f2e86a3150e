package dev.hsresnet.deploy.instance;

import ai.djl.modality.cv.output.BoundingBox;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Mask;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.deploy.detection.DetectionResult;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.instance.DetectedInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The instances found in one image, in the image's own pixels (x to the right, y down; boxes in
 * continuous coordinates, the image spanning {@code [0, width] x [0, height]}; each mask a bitmap
 * of the whole image).
 *
 * @param model the model's name
 * @param width the image's width in pixels, as decoded
 * @param height the image's height in pixels
 * @param instances best score first: each a detection ({@link DetectedInstance#box()}: class,
 *     score, box inside the image with {@code x2 > x1} and {@code y2 > y1}) and its mask ({@code
 *     height x width})
 * @param classes the model's class names, in index order
 */
public record InstanceResult(String model, int width, int height,
        List<DetectedInstance> instances, List<String> classes) {

    /**
     * Copies the lists and checks every instance.
     *
     * @throws IllegalArgumentException naming the instance when its box is not valid (as {@link
     *     DetectionResult} checks boxes) or its mask is not of the image's size
     */
    public InstanceResult {
        Objects.requireNonNull(model, "model");
        instances = List.copyOf(instances);
        classes = List.copyOf(classes);
        new DetectionResult(model, width, height, boxes(instances), classes); // checks the boxes
        for (int i = 0; i < instances.size(); i++) {
            InstanceMask m = instances.get(i).mask();
            if (m.height() != height || m.width() != width) {
                throw new IllegalArgumentException("instance " + i + ": mask of " + m.width()
                        + "x" + m.height() + " for a " + width + "x" + height + " image (width x "
                        + "height)");
            }
        }
    }

    private static List<DetectedBox> boxes(List<DetectedInstance> instances) {
        return instances.stream().map(DetectedInstance::box).toList();
    }

    /** @return the number of instances */
    public int count() {
        return instances.size();
    }

    /** @return the class name of an instance */
    public String label(DetectedInstance instance) {
        return classes.get(instance.box().classIndex());
    }

    /** @return the detections alone (boxes, classes, scores), as a detector's result */
    public DetectionResult detections() {
        return new DetectionResult(model, width, height, boxes(instances), classes);
    }

    /**
     * @param minScore the lowest score kept
     * @return this result with only the instances scoring at least {@code minScore}
     */
    public InstanceResult above(double minScore) {
        return new InstanceResult(model, width, height, instances.stream()
                .filter(d -> d.box().score() >= minScore).toList(), classes);
    }

    /**
     * The instances as DJL's output type, for code written against DJL's instance segmentation
     * translators: one entry per instance, best first, with the class name, the score and a
     * {@link Mask}, DJL's convention for a mask inside its box ({@code fullImageMask} false):
     *
     * <ul>
     *   <li>its rectangle is the box relative to the image size, as {@link
     *       DetectionResult#toDetectedObjects()} gives it: {@code x = x1 / width}, {@code y = y1 /
     *       height}, {@code width = (x2 - x1) / width}, {@code height = (y2 - y1) / height}, all
     *       in [0, 1];
     *   <li>{@link Mask#getProbDist()} is {@code float[rows][columns]}, 1 for the object's pixels
     *       and 0 elsewhere, over the pixels the box covers: rows {@code floor(y1)} to {@code
     *       ceil(y2) - 1} and columns {@code floor(x1)} to {@code ceil(x2) - 1} of the image
     *       (row-major, {@code [y][x]}, as DJL's {@code Mask.toMask} builds it), which DJL's
     *       drawing stretches over the rectangle. Mask pixels outside the box, which the
     *       bilinear upsampling can put a few pixels beyond it, are not in this form; {@link
     *       #instances()} has the whole mask.
     * </ul>
     *
     * @return the instances
     */
    public DetectedObjects toDetectedObjects() {
        List<String> names = new ArrayList<>(instances.size());
        List<Double> scores = new ArrayList<>(instances.size());
        List<BoundingBox> masks = new ArrayList<>(instances.size());
        for (DetectedInstance d : instances) {
            DetectedBox b = d.box();
            names.add(label(d));
            scores.add((double) b.score());
            masks.add(new Mask((double) b.x1() / width, (double) b.y1() / height,
                    (double) b.width() / width, (double) b.height() / height, inBox(d)));
        }
        return new DetectedObjects(names, scores, masks);
    }

    /** @return the mask's pixels over the box's rows and columns, {@code [y][x]}, 0 or 1 */
    private static float[][] inBox(DetectedInstance d) {
        DetectedBox b = d.box();
        InstanceMask m = d.mask();
        int x0 = (int) Math.floor(b.x1());
        int y0 = (int) Math.floor(b.y1());
        int x1 = Math.min(m.width(), (int) Math.ceil(b.x2()));
        int y1 = Math.min(m.height(), (int) Math.ceil(b.y2()));
        float[][] out = new float[y1 - y0][x1 - x0];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                out[y - y0][x - x0] = m.get(y, x) ? 1f : 0f;
            }
        }
        return out;
    }
}
