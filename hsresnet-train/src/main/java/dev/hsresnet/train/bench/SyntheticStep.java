package dev.hsresnet.train.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.train.optim.Sgd;
import java.util.SplittableRandom;

/**
 * The step that {@code hsresnet bench-step} and {@code hsresnet bench} time on the DJL path, on
 * synthetic data: a training step (forward in training mode, cross-entropy, backward, SGD with
 * momentum 0.9 and weight decay 5e-4 at learning rate 0.01), or an inference forward with the
 * logits read back. Owns a freshly initialized model.
 */
public final class SyntheticStep implements AutoCloseable {

    /**
     * One batch of synthetic input.
     *
     * @param images {@code (batch, 3, size, size)}, standard normal
     * @param oneHot {@code (batch, classes)}, uniformly drawn labels
     */
    public record Inputs(NDArray images, NDArray oneHot) {}

    private final ResNetModel model;
    private final boolean training;
    private final int classes;
    private final int size;
    private final Sgd sgd;

    private SyntheticStep(ResNetModel model, boolean training) {
        this.model = model;
        this.training = training;
        this.classes = model.config().architecture().numClasses();
        this.size = model.config().inputSize();
        this.sgd = training
                ? new Sgd(model.parameters(), model.manager(), 0.9, false, 5e-4, false)
                : null;
    }

    /**
     * @param config the network, its input size and classes
     * @param seed initialization seed
     * @param training training steps, else inference forwards
     * @param foldBatchNorm for inference: prepared as deployed (parameters frozen, BatchNorms
     *     folded); false: parameters frozen, BatchNorms run (the A/B of what folding buys).
     *     Ignored for training
     * @return the step, owning its model
     */
    public static SyntheticStep open(ModelConfig config, long seed, boolean training,
            boolean foldBatchNorm) {
        ResNetModel model = ResNetModel.create(config, seed);
        if (!training && foldBatchNorm) {
            model.network().prepareForInference();
        } else if (!training) {
            model.network().freezeParameters(true);
        }
        return new SyntheticStep(model, training);
    }

    /**
     * @return the model; its state dict is the unfolded network's even when the BatchNorms are
     *     folded
     */
    public ResNetModel model() {
        return model;
    }

    /**
     * @param manager owns the arrays
     * @param batch images
     * @param labels draws the labels
     * @return a batch of synthetic images and one-hot labels
     */
    public Inputs inputs(NDManager manager, int batch, SplittableRandom labels) {
        NDArray x = manager.randomNormal(new Shape(batch, 3, size, size));
        int[] y = new int[batch];
        for (int j = 0; j < batch; j++) {
            y[j] = labels.nextInt(classes);
        }
        return new Inputs(x, manager.create(y).oneHot(classes));
    }

    /**
     * Runs one step to completion (the logits of an inference forward are copied to Java). The
     * intermediate arrays attach to the inputs' manager.
     *
     * @param in the batch
     */
    public void run(Inputs in) {
        if (!training) {
            model.forward(in.images(), false).singletonOrThrow().toFloatArray();
            return;
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = model.forward(in.images(), true).singletonOrThrow();
            gc.backward(logits.logSoftmax(1).mul(in.oneHot()).sum(new int[] {1}).neg().mean());
        }
        sgd.step(0.01);
    }

    @Override
    public void close() {
        model.close();
    }
}
