package dev.hsresnet.bench;

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
 * Times one network on the DJL path (this project's blocks on libtorch), the same steps as
 * {@code hsresnet bench-step}: an inference forward as deployed ({@code DjlBackend}: parameters
 * frozen, BatchNorms folded into the convolutions) with the logits read back, or a training step
 * (forward in training mode, cross-entropy, backward, SGD with momentum 0.9 and weight decay 5e-4)
 * on the unfolded network. The input is synthetic, made once per batch size, outside the timed
 * step.
 */
final class DjlRunner implements AutoCloseable {

    private final ResNetModel model;
    private final Mode mode;
    private final int classes;
    private final int size;
    private final Sgd sgd;

    private DjlRunner(ResNetModel model, Mode mode, int classes, int size) {
        this.model = model;
        this.mode = mode;
        this.classes = classes;
        this.size = size;
        this.sgd = mode == Mode.TRAIN
                ? new Sgd(model.parameters(), model.manager(), 0.9, false, 5e-4, false)
                : null;
    }

    /**
     * @param config the network, its input size and classes
     * @param seed initialization seed
     * @param mode what the runner times; for inference the model is prepared as deployed
     *     (parameters frozen, BatchNorms folded), for good
     * @return a runner owning a freshly initialized model
     */
    static DjlRunner open(ModelConfig config, long seed, Mode mode) {
        ResNetModel model = ResNetModel.create(config, seed);
        if (mode == Mode.INFERENCE) {
            model.network().prepareForInference();
        }
        return new DjlRunner(model, mode, config.architecture().numClasses(), config.inputSize());
    }

    /**
     * @return the model; its state dict (for the ONNX export) is the unfolded network's even
     *     when the BatchNorms are folded
     */
    ResNetModel model() {
        return model;
    }

    /**
     * @param batch images per step
     * @param timing warm-up and timed steps
     * @return milliseconds per timed step
     * @throws Exception from the engine
     */
    double[] time(int batch, TimingPolicy timing) throws Exception {
        try (NDManager inputs = model.manager().newSubManager()) {
            NDArray x = inputs.randomNormal(new Shape(batch, 3, size, size));
            int[] labels = new int[batch];
            SplittableRandom rng = new SplittableRandom(1);
            for (int j = 0; j < batch; j++) {
                labels[j] = rng.nextInt(classes);
            }
            NDArray oneHot = inputs.create(labels).oneHot(classes);
            return Timing.repeat(timing, () -> {
                // every intermediate array attaches to the input's manager: a per-step manager
                // frees them; the inputs return to their own manager when it closes
                try (NDManager step = model.manager().newSubManager()) {
                    x.tempAttach(step);
                    oneHot.tempAttach(step);
                    if (mode == Mode.TRAIN) {
                        trainStep(x, oneHot);
                    } else {
                        model.forward(x, false).singletonOrThrow().toFloatArray();
                    }
                }
            });
        }
    }

    private void trainStep(NDArray x, NDArray oneHot) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = model.forward(x, true).singletonOrThrow();
            gc.backward(logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean());
        }
        sgd.step(0.01);
    }

    @Override
    public void close() {
        model.close();
    }
}
