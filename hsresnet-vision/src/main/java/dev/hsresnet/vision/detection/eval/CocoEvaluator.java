package dev.hsresnet.vision.detection.eval;

import dev.hsresnet.data.mask.Rle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * COCO evaluation ({@code pycocotools.cocoeval.COCOeval} with its default parameters,
 * {@link CocoParams}) of boxes ({@code iouType='bbox'}) or masks ({@code iouType='segm'}), fed
 * one image at a time. Each image's detections are matched when they are added
 * ({@code evaluateImg}); {@link #evaluate()} accumulates ({@code accumulate()}). Only the 100
 * best-scoring detections of an image and category are kept, so memory is linear in the ground
 * truths and the kept detections, plus one {@code D x G} IoU matrix of the image being added.
 * Images of the ground truth that get no detections count as images where nothing was detected.
 * Not thread-safe.
 */
public final class CocoEvaluator {

    private static final int KEPT = CocoParams.MAX_DETS[CocoParams.MAX_DETS.length - 1];

    private final CocoGroundTruth gt;
    private final IouType iouType;
    private final CategoryRecords[] records;
    private final boolean[] added;

    /** @param groundTruth the images, categories and objects to evaluate against, by box */
    public CocoEvaluator(CocoGroundTruth groundTruth) {
        this(groundTruth, IouType.BBOX);
    }

    /**
     * @param groundTruth the images, categories and objects to evaluate against
     * @param iouType boxes or masks
     * @throws IllegalArgumentException for {@link IouType#SEGM} when a ground truth has no mask,
     *     naming the image and the object's index
     */
    public CocoEvaluator(CocoGroundTruth groundTruth, IouType iouType) {
        this.gt = Objects.requireNonNull(groundTruth, "groundTruth");
        this.iouType = Objects.requireNonNull(iouType, "iouType");
        if (iouType == IouType.SEGM) {
            requireMasks(gt);
        }
        this.records = new CategoryRecords[gt.categoryCount()];
        for (int k = 0; k < records.length; k++) {
            records[k] = new CategoryRecords();
        }
        this.added = new boolean[gt.imageCount()];
    }

    private static void requireMasks(CocoGroundTruth gt) {
        for (int i = 0; i < gt.imageCount(); i++) {
            GroundTruth[] truths = gt.annotationsAt(i);
            for (int j = 0; j < truths.length; j++) {
                if (truths[j].mask() == null) {
                    throw new IllegalArgumentException("image " + gt.imageIds().get(i)
                            + ", ground truth " + j + " has no mask, which segm evaluation"
                            + " needs");
                }
            }
        }
    }

    /** @return what this evaluator overlaps */
    public IouType iouType() {
        return iouType;
    }

    /**
     * Evaluates a whole set of detections by box.
     *
     * @param groundTruth the ground truth
     * @param detections per image id, that image's detections; images left out have none
     * @return the accumulated evaluation
     * @throws IllegalArgumentException as {@link #add}
     */
    public static CocoEvaluation evaluate(CocoGroundTruth groundTruth,
            Map<Long, List<Detection>> detections) {
        return evaluate(groundTruth, IouType.BBOX, detections);
    }

    /**
     * Evaluates a whole set of detections.
     *
     * @param groundTruth the ground truth
     * @param iouType boxes or masks
     * @param detections per image id, that image's detections; images left out have none
     * @return the accumulated evaluation
     * @throws IllegalArgumentException as {@link #CocoEvaluator(CocoGroundTruth, IouType)} and
     *     {@link #add}
     */
    public static CocoEvaluation evaluate(CocoGroundTruth groundTruth, IouType iouType,
            Map<Long, List<Detection>> detections) {
        CocoEvaluator evaluator = new CocoEvaluator(groundTruth, iouType);
        detections.forEach(evaluator::add);
        return evaluator.evaluate();
    }

    /**
     * Adds one image's detections, all classes together; their order breaks ties between equal
     * scores (earlier first).
     *
     * @param imageId an image of the ground truth
     * @param detections its detections, possibly none
     * @throws IllegalArgumentException for an image not in the ground truth or already added, a
     *     detection of an unknown category, a box with a non-finite corner or a negative or
     *     non-finite size, or a non-finite score; for {@link IouType#SEGM} also a detection
     *     without a mask or with a mask of another size than the image's ground-truth masks
     *     (or, in an image without objects, than its other detections' masks); the message
     *     names the image, the detection's index and the value. Nothing is added then
     */
    public void add(long imageId, List<Detection> detections) {
        Objects.requireNonNull(detections, "detections");
        int image = gt.imageIndex(imageId);
        if (image < 0) {
            throw new IllegalArgumentException("detections for image " + imageId
                    + ": the ground truth has no such image (it has " + gt.imageCount()
                    + " images)");
        }
        if (added[image]) {
            throw new IllegalArgumentException("detections for image " + imageId
                    + " were already added");
        }
        List<List<Detection>> byCategory = byCategory(image, imageId, detections);
        GroundTruth[] truths = gt.annotationsAt(image);
        for (int k = 0; k < byCategory.size(); k++) {
            List<Detection> dets = byCategory.get(k);
            if (dets != null) {
                addCategory(image, k, dets, truthsOf(truths, gt.categoryId(k)));
            }
        }
        added[image] = true;
    }

    /** @return the evaluation of the images added so far; adding more afterwards is allowed */
    public CocoEvaluation evaluate() {
        return Accumulator.accumulate(gt, records);
    }

    /** Checks every detection, then groups them by category index, keeping their order. */
    private List<List<Detection>> byCategory(int image, long imageId,
            List<Detection> detections) {
        List<List<Detection>> out = new ArrayList<>(gt.categoryCount());
        for (int k = 0; k < gt.categoryCount(); k++) {
            out.add(null);
        }
        Rle imageMask = iouType == IouType.SEGM ? gt.maskAt(image) : null;
        String imageMaskName = "each of the image's ground-truth masks";
        for (int j = 0; j < detections.size(); j++) {
            Detection d = detections.get(j);
            String where = "image " + imageId + ", detection " + j;
            if (d == null) {
                throw new IllegalArgumentException(where + " is null");
            }
            int k = gt.categoryIndex(d.categoryId());
            if (k < 0) {
                throw new IllegalArgumentException(where + ": category " + d.categoryId()
                        + " is not one of the " + gt.categoryCount() + " categories");
            }
            InputChecks.box(d.box(), where);
            InputChecks.score(d.score(), where);
            if (iouType == IouType.SEGM) {
                if (d.mask() == null) {
                    throw new IllegalArgumentException(where + " has no mask, which segm"
                            + " evaluation needs");
                }
                if (imageMask == null) {
                    imageMask = d.mask();
                    imageMaskName = "detection " + j + "'s mask";
                } else {
                    InputChecks.sameSize(d.mask(), imageMask, imageMaskName, where);
                }
            }
            if (out.get(k) == null) {
                out.set(k, new ArrayList<>());
            }
            out.get(k).add(d);
        }
        return out;
    }

    private static GroundTruth[] truthsOf(GroundTruth[] truths, int categoryId) {
        List<GroundTruth> out = new ArrayList<>();
        for (GroundTruth g : truths) {
            if (g.categoryId() == categoryId) {
                out.add(g);
            }
        }
        return out.toArray(GroundTruth[]::new);
    }

    /** {@code evaluateImg} for the four area ranges: sort, keep 100, IoUs, match. */
    private void addCategory(int image, int k, List<Detection> dets, GroundTruth[] truths) {
        int[] order = IndexSort.sorted(dets.size(),
                (a, b) -> IndexSort.byScoreDescending(dets.get(a).score(), dets.get(b).score()));
        int d = Math.min(order.length, KEPT);
        double[] scores = new double[d];
        double[] areas = new double[d];
        double[][] iou = new double[d][truths.length];
        for (int i = 0; i < d; i++) {
            Detection det = dets.get(order[i]);
            scores[i] = det.score();
            areas[i] = iouType.area(det);
            for (int j = 0; j < truths.length; j++) {
                iou[i][j] = iouType.iou(det, truths[j]);
            }
        }
        byte[][] states = new byte[CocoParams.AREAS.length][];
        for (AreaRange area : CocoParams.AREAS) {
            states[area.ordinal()] = ImageMatcher.match(iou, truths, areas, area);
        }
        records[k].add(image, scores, states);
    }
}
