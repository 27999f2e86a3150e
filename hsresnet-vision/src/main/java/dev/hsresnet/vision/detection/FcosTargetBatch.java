package dev.hsresnet.vision.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets of a batch as NDArrays, for {@link FcosLoss}. Every image of a padded batch shares
 * the batch's {@link FcosPoints}; points in an image's padding simply have no box (background).
 *
 * @param labels {@code (N, P)} int32 class per point, {@link FcosTargets#BACKGROUND} (-1) for
 *     background
 * @param boxTargets {@code (N, P, 4)} float32 {@code l, t, r, b} in input pixels, 0 for background
 * @param centerness {@code (N, P)} float32 centerness target, 0 for background
 * @param numPositives positive points in the whole batch
 */
public record FcosTargetBatch(NDArray labels, NDArray boxTargets, NDArray centerness,
        int numPositives) {

    /**
     * Assigns every image's boxes ({@link FcosTargets#assign(FcosPoints, float[], int[], int)})
     * and stacks the results.
     *
     * @param manager where the arrays are created
     * @param points the batch's points
     * @param boxes per image {@code n_i * 4} boxes {@code x1, y1, x2, y2}, input pixels
     * @param labels per image {@code n_i} 0-based classes
     * @param numClasses the number of classes
     * @return the batch's targets
     * @throws IllegalArgumentException naming the image and box when a box or label is bad
     */
    public static FcosTargetBatch assign(NDManager manager, FcosPoints points, List<float[]> boxes,
            List<int[]> labels, int numClasses) {
        return of(manager, assignEach(points, boxes, labels, numClasses));
    }

    /**
     * Assigns every image's boxes ({@link FcosTargets#assign(FcosPoints, float[], int[], int)}),
     * for {@link #of} and for losses that need each image's assignment (which box a point is
     * matched to).
     *
     * @param points the batch's points
     * @param boxes per image {@code n_i * 4} boxes {@code x1, y1, x2, y2}, input pixels
     * @param labels per image {@code n_i} 0-based classes
     * @param numClasses the number of classes
     * @return one assignment per image
     * @throws IllegalArgumentException naming the image and box when a box or label is bad
     */
    public static List<FcosTargets> assignEach(FcosPoints points, List<float[]> boxes,
            List<int[]> labels, int numClasses) {
        if (boxes == null || labels == null || boxes.size() != labels.size()) {
            throw new IllegalArgumentException("need one box array and one label array per image");
        }
        List<FcosTargets> images = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            try {
                images.add(FcosTargets.assign(points, boxes.get(i), labels.get(i), numClasses));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("image " + i + ": " + e.getMessage(), e);
            }
        }
        return images;
    }

    /**
     * Stacks per-image targets of the same points.
     *
     * @param manager where the arrays are created
     * @param images one {@link FcosTargets} per image, all of the same point count
     * @return the batch's targets
     */
    public static FcosTargetBatch of(NDManager manager, List<FcosTargets> images) {
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("need at least one image's targets");
        }
        int n = images.size();
        int p = images.get(0).count();
        int[] labels = new int[n * p];
        float[] boxes = new float[n * p * 4];
        float[] centerness = new float[n * p];
        int positives = 0;
        for (int i = 0; i < n; i++) {
            FcosTargets t = images.get(i);
            if (t.count() != p) {
                throw new IllegalArgumentException("image " + i + " has " + t.count()
                        + " points, image 0 has " + p);
            }
            System.arraycopy(t.labelsView(), 0, labels, i * p, p);
            System.arraycopy(t.boxTargetsView(), 0, boxes, i * p * 4, p * 4);
            System.arraycopy(t.centernessView(), 0, centerness, i * p, p);
            positives += t.numPositives();
        }
        return new FcosTargetBatch(manager.create(labels, new Shape(n, p)),
                manager.create(boxes, new Shape(n, p, 4)),
                manager.create(centerness, new Shape(n, p)), positives);
    }
}
