package dev.hsresnet.train.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.nn.Scalars;
import dev.hsresnet.data.detection.DetectionBatch;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.train.recipe.DetectionRecipe;
import dev.hsresnet.vision.detection.FcosModel;
import dev.hsresnet.vision.detection.FcosTargetBatch;
import dev.hsresnet.vision.detection.FcosTargets;
import java.io.IOException;
import java.util.List;

/**
 * What one family of FCOS-based models gives an {@link FcosRun}: its names, how a model is
 * configured and built, its training loss, its evaluation and the columns it reports. The
 * detector's is {@link DetectionTrainRun}'s, the instance segmenter's {@code
 * dev.hsresnet.train.instance.InstanceTrainRun}'s.
 *
 * @param <M> the model
 * @param <E> the evaluation
 */
public interface FcosTask<M extends FcosModel, E extends FcosEvaluation> {

    /**
     * One validation column of {@code metrics.csv}.
     *
     * @param column its CSV name, e.g. {@code val_ap}
     * @param label its name in progress lines and charts, e.g. {@code AP}
     */
    record Score(String column, String label) {}

    /**
     * The training loss of one batch.
     */
    @FunctionalInterface
    interface StepLoss {
        /**
         * @param outputs the training forward
         * @param targets the batch's FCOS targets
         * @param assigned the same, per image (which box each point is matched to)
         * @param batch the batch
         * @return the scalar loss
         */
        NDArray apply(NDList outputs, FcosTargetBatch targets, List<FcosTargets> assigned,
                DetectionBatch batch);
    }

    /** @return the registered model names (lower case), which tell a run directory's task */
    List<String> names();

    /**
     * @param name a registered name
     * @param classes the class names
     * @param inputShort the inference short side (the recipe's evaluation size)
     * @param maxLongSide the inference cap of the long side
     * @return the model's configuration
     * @throws IllegalArgumentException naming an unknown model
     */
    ModelConfig config(String name, List<String> classes, int inputShort, int maxLongSide);

    /**
     * @param config a configuration from {@link #config}
     * @param seed the initialization seed
     * @return a model with fresh weights
     */
    M create(ModelConfig config, long seed);

    /** @return the model class (a loaded model directory is cast to it) */
    Class<M> type();

    /**
     * @param numClasses the data's classes
     * @return the loss of a training step
     */
    StepLoss loss(int numClasses);

    /**
     * @param model the model (training or inference mode; the forward runs as inference)
     * @param loader the split, evaluation transform, in order
     * @return its evaluation
     * @throws IOException when the split's ground truth cannot be read
     */
    E evaluate(M model, DetectionLoader loader) throws IOException;

    /** @return the validation columns, in the order of {@link FcosEvaluation#scores()} */
    List<Score> scores();

    /** @return the loss terms, e.g. {@code focal + GIoU + centerness} (the loss chart's axis) */
    String lossTerms();

    /** @return what the validation chart shows, e.g. {@code COCO box metrics} */
    String metricsTitle();

    /**
     * The detector's part of a loss: {@code classification + boxWeight * boxRegression +
     * centernessWeight * centerness}, weighted with array operands (docs/engine.md).
     *
     * @param classification the focal loss
     * @param boxRegression the GIoU loss
     * @param centerness the centerness BCE
     * @param weights the recipe's loss section
     * @return the weighted sum
     */
    static NDArray detectorLoss(NDArray classification, NDArray boxRegression,
            NDArray centerness, DetectionRecipe.Loss weights) {
        return classification.add(Scalars.times(boxRegression, (float) weights.boxWeight()))
                .add(Scalars.times(centerness, (float) weights.centernessWeight()));
    }
}
