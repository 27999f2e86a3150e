package dev.hsresnet.train.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.segmentation.SegmentationBatch;
import dev.hsresnet.data.segmentation.SegmentationLoader;
import dev.hsresnet.vision.segmentation.SegmentationLoss;
import dev.hsresnet.vision.segmentation.SegmentationMetrics;
import java.util.List;

/**
 * Scores a segmentation model on a split in inference mode (BatchNorm running statistics): the
 * mean loss over the images and one confusion matrix over every pixel of the split, from which
 * mIoU, per-class IoU, pixel accuracy and mean class accuracy follow ({@link
 * SegmentationMetrics}).
 */
public final class SegmentationEvaluator {

    /**
     * @param loss mean per-image loss (the training loss without the auxiliary head)
     * @param images images scored
     * @param metrics the split's metrics
     */
    public record Result(double loss, long images, SegmentationMetrics.Summary metrics) {}

    private SegmentationEvaluator() {}

    /**
     * @param model the model (its first output: logits {@code (N, K, H, W)} at the input size)
     * @param loader an unshuffled, unaugmented loader (whole images)
     * @param loss the loss
     * @param classes class names, one per output
     * @param ignoreIndex the label that does not count
     * @return the result
     */
    public static Result evaluate(NetworkModel model, SegmentationLoader loader,
            SegmentationLoss loss, List<String> classes, int ignoreIndex) {
        SegmentationMetrics metrics = new SegmentationMetrics(classes.size(), ignoreIndex);
        double lossSum = 0;
        long images = 0;
        try (SegmentationLoader.Epoch it = loader.epoch(0, 0)) {
            while (it.hasNext()) {
                SegmentationBatch b = it.next();
                try (NDManager m = model.manager().newSubManager()) {
                    NDArray x = m.create(b.images(), new Shape(b.n(), b.c(), b.h(), b.w()));
                    NDArray y = m.create(b.labels(), new Shape(b.n(), b.h(), b.w()));
                    NDArray logits = model.forward(x, false).get(0);
                    lossSum += loss.apply(logits, y).getFloat() * b.n();
                    metrics.update(argMax(logits), b.labels());
                }
                images += b.n();
            }
        }
        return new Result(lossSum / Math.max(1, images), images, metrics.summary(classes));
    }

    /**
     * The predicted class of every pixel of one image.
     *
     * @param model the model
     * @param image the normalized image, {@code C x H x W}
     * @return {@code H * W} class indices, row-major
     */
    public static int[] predict(NetworkModel model, Image image) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = m.create(image.pixels(),
                    new Shape(1, image.channels(), image.height(), image.width()));
            return argMax(model.forward(x, false).get(0));
        }
    }

    /** @return the argmax over the class axis of {@code (N, K, H, W)} logits, as ints */
    private static int[] argMax(NDArray logits) {
        long[] predicted = logits.argMax(1).toLongArray();
        int[] p = new int[predicted.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (int) predicted[i];
        }
        return p;
    }
}
