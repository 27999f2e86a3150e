package dev.hsresnet.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.train.data.Batch;
import dev.hsresnet.train.data.DataLoader;
import dev.hsresnet.train.data.EpochIterator;
import dev.hsresnet.train.report.ConfusionMatrix;
import java.util.List;

/** Top-1/top-5 accuracy, loss and the confusion matrix of a model on a dataset. */
public final class Evaluator {

    /**
     * @param loss mean cross-entropy
     * @param top1 fraction of images whose label is the highest logit
     * @param top5 fraction whose label is among the five highest (or all, with fewer classes)
     * @param images images evaluated
     * @param confusion actual x predicted counts
     */
    public record Result(double loss, double top1, double top5, long images,
            ConfusionMatrix confusion) {}

    private Evaluator() {}

    /**
     * Evaluates in inference mode (BatchNorm running statistics) over one pass of the loader.
     *
     * @param model the model
     * @param loader an unshuffled, unaugmented loader
     * @param classes class names
     * @return the result
     */
    public static Result evaluate(ResNetModel model, DataLoader loader, List<String> classes) {
        int k = classes.size();
        ConfusionMatrix confusion = new ConfusionMatrix(classes);
        double lossSum = 0;
        long top1 = 0;
        long top5 = 0;
        long count = 0;
        try (EpochIterator it = loader.epoch(0, 0)) {
            while (it.hasNext()) {
                Batch b = it.next();
                try (NDManager m = model.manager().newSubManager()) {
                    NDArray x = m.create(b.images(), new Shape(b.n(), b.c(), b.h(), b.w()));
                    NDArray logits = model.forward(x, false).singletonOrThrow();
                    NDArray oneHot = m.create(b.labels()).oneHot(k);
                    lossSum += Losses.softCrossEntropy(logits, oneHot).getFloat() * b.n();
                    float[] z = logits.toFloatArray();
                    top1 += Losses.topKHits(z, k, b.labels(), 1);
                    top5 += Losses.topKHits(z, k, b.labels(), Math.min(5, k));
                    for (int n = 0; n < b.n(); n++) {
                        confusion.add(b.labels()[n], Losses.argmax(z, k, n));
                    }
                    count += b.n();
                }
            }
        }
        if (count == 0) {
            throw new IllegalStateException("the evaluation set yielded no images");
        }
        return new Result(lossSum / count, (double) top1 / count, (double) top5 / count, count,
                confusion);
    }
}
