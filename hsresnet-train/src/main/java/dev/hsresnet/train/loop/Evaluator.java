package dev.hsresnet.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.data.Batch;
import dev.hsresnet.data.DataLoader;
import dev.hsresnet.data.EpochIterator;
import dev.hsresnet.train.report.ConfusionMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * Top-1/top-5 accuracy, loss and the confusion matrix of a model on a dataset. Several models
 * (a float32 model and its quantized copy, say) can be scored in one pass over the same decoded
 * images.
 */
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

    /** Something that gives logits for a batch of preprocessed images. */
    @FunctionalInterface
    public interface Scorer {
        /**
         * @param images {@code (n, channels, height, width)} normalized pixels, row-major
         * @param n images in the batch
         * @param shape {@code {n, channels, height, width}}
         * @return {@code (n, classes)} logits, row-major
         */
        float[] logits(float[] images, int n, long[] shape);
    }

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
        return evaluate(loader, classes, List.of(scorer(model))).get(0);
    }

    /** @return the model's inference-mode logits as a {@link Scorer} */
    public static Scorer scorer(ResNetModel model) {
        return (images, n, shape) -> {
            try (NDManager m = model.manager().newSubManager()) {
                NDArray x = m.create(images, new Shape(shape));
                return model.forward(x, false).singletonOrThrow().toFloatArray();
            }
        };
    }

    /**
     * Scores every batch with each scorer.
     *
     * @param loader an unshuffled, unaugmented loader
     * @param classes class names
     * @param scorers the models
     * @return one result per scorer, in order
     * @throws IllegalStateException when the loader yields no image, or a scorer returns the
     *     wrong number of logits
     */
    public static List<Result> evaluate(DataLoader loader, List<String> classes,
            List<Scorer> scorers) {
        List<Tally> tallies = new ArrayList<>();
        for (int i = 0; i < scorers.size(); i++) {
            tallies.add(new Tally(classes));
        }
        try (EpochIterator it = loader.epoch(0, 0)) {
            while (it.hasNext()) {
                Batch b = it.next();
                long[] shape = {b.n(), b.c(), b.h(), b.w()};
                for (int i = 0; i < scorers.size(); i++) {
                    float[] z = scorers.get(i).logits(b.images(), b.n(), shape);
                    tallies.get(i).add(z, b.labels(), b.n());
                }
            }
        }
        return tallies.stream().map(Tally::result).toList();
    }

    /** The running sums of one scorer. */
    private static final class Tally {
        private final int k;
        private final ConfusionMatrix confusion;
        private double lossSum;
        private long top1;
        private long top5;
        private long count;

        Tally(List<String> classes) {
            this.k = classes.size();
            this.confusion = new ConfusionMatrix(classes);
        }

        void add(float[] z, int[] labels, int n) {
            if (z.length != n * k) {
                throw new IllegalStateException("the model gave " + z.length + " logits for "
                        + n + " images of " + k + " classes");
            }
            for (int i = 0; i < n; i++) {
                lossSum += crossEntropy(z, i, labels[i]);
                confusion.add(labels[i], Losses.argmax(z, k, i));
            }
            top1 += Losses.topKHits(z, k, labels, 1);
            top5 += Losses.topKHits(z, k, labels, Math.min(5, k));
            count += n;
        }

        /** @return {@code logsumexp(z_i) - z_i[label]}, in double */
        private double crossEntropy(float[] z, int row, int label) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, z[row * k + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(z[row * k + c] - max);
            }
            return max + Math.log(sum) - z[row * k + label];
        }

        Result result() {
            if (count == 0) {
                throw new IllegalStateException("the evaluation set yielded no images");
            }
            return new Result(lossSum / count, (double) top1 / count, (double) top5 / count,
                    count, confusion);
        }
    }
}
