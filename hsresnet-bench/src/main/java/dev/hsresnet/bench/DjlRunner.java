package dev.hsresnet.bench;

import ai.djl.ndarray.NDManager;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.train.bench.SyntheticStep;
import java.util.SplittableRandom;

/**
 * Times one network on the DJL path (this project's blocks on libtorch): the {@link
 * SyntheticStep} that {@code hsresnet bench-step} times, an inference forward as deployed
 * ({@code DjlBackend}: parameters frozen, BatchNorms folded into the convolutions) or a training
 * step on the unfolded network. The input is made once per batch size, outside the timed step.
 */
public final class DjlRunner implements AutoCloseable {

    private final SyntheticStep step;

    private DjlRunner(SyntheticStep step) {
        this.step = step;
    }

    /**
     * @param config the network, its input size and classes
     * @param seed initialization seed
     * @param mode what the runner times; for inference the model is prepared as deployed
     *     (parameters frozen, BatchNorms folded), for good
     * @return a runner owning a freshly initialized model
     */
    public static DjlRunner open(ModelConfig config, long seed, Mode mode) {
        return new DjlRunner(SyntheticStep.open(config, seed, mode == Mode.TRAIN, true));
    }

    /**
     * @return the model; its state dict (for the ONNX export) is the unfolded network's even
     *     when the BatchNorms are folded
     */
    public ResNetModel model() {
        return step.model();
    }

    /**
     * @param batch images per step
     * @param timing warm-up and timed steps
     * @return milliseconds per timed step
     * @throws Exception from the engine
     */
    public double[] time(int batch, TimingPolicy timing) throws Exception {
        try (NDManager inputs = model().manager().newSubManager()) {
            SyntheticStep.Inputs in = step.inputs(inputs, batch, new SplittableRandom(1));
            return Timing.repeat(timing, () -> {
                // every intermediate array attaches to the input's manager: a per-step manager
                // frees them; the inputs return to their own manager when it closes
                try (NDManager perStep = model().manager().newSubManager()) {
                    in.images().tempAttach(perStep);
                    in.oneHot().tempAttach(perStep);
                    step.run(in);
                }
            });
        }
    }

    @Override
    public void close() {
        step.close();
    }
}
