package dev.hsresnet.train.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.SyntheticInstances;
import dev.hsresnet.data.detection.BatchMasks;
import dev.hsresnet.data.detection.DetectionBatch;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.data.detection.DetectionSets;
import dev.hsresnet.data.detection.DetectionTransforms;
import dev.hsresnet.vision.detection.FcosPoints;
import dev.hsresnet.vision.instance.BatchInstanceSegmenter;
import dev.hsresnet.vision.instance.InstanceConversions;
import dev.hsresnet.vision.instance.InstanceModel;
import dev.hsresnet.vision.instance.InstanceModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator's mapping on perfect predictions: network outputs made from the ground truth of
 * each batch (one confident location per object with the object's box, its mask as a prototype)
 * go through the decoding to the original size and both COCO evaluations.
 *
 * <p>Images of 32 x 48 pixels are evaluated at twice their size (64 x 96, so the mapping back
 * divides by 2), with rectangles on a 2-pixel grid: at the input they cover whole stride-4
 * cells, so the stride-4 prototypes hold them exactly, and the bilinear upsampling, the resize to
 * the original and the 0.5 threshold give back exactly their pixels.
 */
class InstanceEvaluatorTest {

    @TempDir
    Path tmp;

    @Test
    void theGroundTruthAsPredictionsScoresOneAndInvertedMasksZero() throws IOException {
        SyntheticInstances.write(tmp, 7, 32, 48, 2, false, 11);
        DetectionDataset set = DetectionSets.open("pennfudan-instances", tmp, "all");
        DetectionLoader loader = new DetectionLoader(set, DetectionTransforms.eval(64, 96,
                Normalize.imagenet()), 3, false, false, 0, 0, 0,
                DetectionLoader.DEFAULT_SIZE_DIVISOR, 4, new SkippedImages());
        try (InstanceModel model = InstanceModel.allocate(
                InstanceModels.config("yolact_resnet26_nano", set.classes()))) {
            BatchInstanceSegmenter segmenter = new BatchInstanceSegmenter(model,
                    BatchInstanceSegmenter.decoder(model.spec(), 0.05));
            int k = model.spec().prototypes();
            InstanceEvaluator.Result perfect = InstanceEvaluator.evaluate(loader, batch ->
                    segmenter.decode(batch, outputs(batch, model, k, 1f),
                            InstanceConversions::detection));
            assertEquals(1.0, perfect.mask().summary().ap(), 1e-12);
            assertEquals(1.0, perfect.mask().summary().ap75(), 1e-12);
            assertEquals(1.0, perfect.box().summary().ap(), 1e-12);
            assertEquals(1.0, perfect.scores()[0], 1e-12);
            // the masks' inside and outside swapped: empty within the box, so no mask matches
            InstanceEvaluator.Result inverted = InstanceEvaluator.evaluate(loader, batch ->
                    segmenter.decode(batch, outputs(batch, model, k, -1f),
                            InstanceConversions::detection));
            assertEquals(0.0, inverted.mask().summary().ap(), 1e-12);
            assertEquals(1.0, inverted.box().summary().ap(), 1e-12, "the boxes are unchanged");
            assertTrue(set.boxCount() >= 7, "every image has an object");
        }
    }

    /**
     * The five outputs that predict a batch's ground truth: for object {@code j} of image
     * {@code i}, the stride-8 point nearest its box centre gets class and centerness logits 20,
     * the distances to the box's edges and coefficient 20 on prototype {@code j}; prototype
     * {@code j} is {@code sign} where the object's stride-4 target is 1, {@code -sign} elsewhere.
     */
    private static float[][] outputs(DetectionBatch batch, InstanceModel model, int k,
            float sign) {
        FcosPoints points = new FcosPoints(model.detectionSpec().strides(),
                model.block().levelSizes(batch.h(), batch.w()));
        BatchMasks masks = batch.masks();
        int n = batch.n();
        int p = points.count();
        int hw = masks.planeSize();
        float[] cls = new float[n * p];
        float[] ctr = new float[n * p];
        float[] dist = new float[n * p * 4];
        float[] coeff = new float[n * p * k];
        float[] protos = new float[n * k * hw];
        Arrays.fill(cls, -20f);
        Arrays.fill(ctr, -20f);
        Arrays.fill(dist, 1f);
        Arrays.fill(protos, -sign);
        for (int i = 0; i < n; i++) {
            float[] b = batch.boxes()[i];
            for (int j = 0; j < b.length / 4; j++) {
                float cx = (b[4 * j] + b[4 * j + 2]) / 2;
                float cy = (b[4 * j + 1] + b[4 * j + 3]) / 2;
                int best = -1;
                for (int q = 0; q < points.levelStart(1); q++) {
                    if (best < 0 || dist2(points, q, cx, cy) < dist2(points, best, cx, cy)) {
                        best = q;
                    }
                }
                int at = i * p + best;
                cls[at] = 20f;
                ctr[at] = 20f;
                dist[4 * at] = points.x(best) - b[4 * j];
                dist[4 * at + 1] = points.y(best) - b[4 * j + 1];
                dist[4 * at + 2] = b[4 * j + 2] - points.x(best);
                dist[4 * at + 3] = b[4 * j + 3] - points.y(best);
                coeff[at * k + j] = 20f;
                for (int c = 0; c < hw; c++) {
                    if (masks.values()[i][j * hw + c] == 1f) {
                        protos[(i * k + j) * hw + c] = sign;
                    }
                }
            }
        }
        return new float[][] {cls, dist, ctr, coeff, protos};
    }

    private static float dist2(FcosPoints points, int q, float x, float y) {
        float dx = points.x(q) - x;
        float dy = points.y(q) - y;
        return dx * dx + dy * dy;
    }
}
