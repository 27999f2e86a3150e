package dev.hsresnet.train.bench;

import ai.djl.ndarray.NDManager;
import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.model.ModelConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times the network alone on synthetic data: a {@link SyntheticStep} (training step or inference
 * forward), repeated, reporting the median and the spread. No data loading is included: this is
 * the ceiling a training run can reach.
 */
public final class StepBenchmark {

    /**
     * What was measured.
     *
     * @param model registry name
     * @param training training step (true) or inference forward (false)
     * @param batch images per step
     * @param size input height and width
     * @param macs multiply-accumulates of one image's forward pass
     * @param medianMs median time of one step
     * @param minMs fastest step
     * @param maxMs slowest step
     * @param steps timed steps (after warmup)
     */
    public record Result(String model, boolean training, int batch, int size, long macs,
            double medianMs, double minMs, double maxMs, int steps) {

        /** @return images per second at the median */
        public double imagesPerSecond() {
            return batch * 1000.0 / medianMs;
        }

        /**
         * @return achieved GFLOP/s at the median, counting 2 FLOP per MAC and, for a training
         *     step, 3 passes (forward, and backward for inputs and for weights)
         */
        public double gflops() {
            return macs * 2.0 * (training ? 3 : 1) * batch / (medianMs * 1e6);
        }
    }

    private StepBenchmark() {}

    /**
     * @param model a registry name
     * @param classes classifier outputs
     * @param batch images per step
     * @param size input height and width
     * @param training time training steps, else inference forwards
     * @param foldBatchNorm for inference, fold BatchNorm into the convolutions as deployed (false:
     *     parameters frozen, BatchNorms run; the A/B of what folding buys)
     * @param warmup untimed steps first
     * @param steps timed steps
     * @return the timings
     */
    public static Result run(String model, int classes, int batch, int size, boolean training,
            boolean foldBatchNorm, int warmup, int steps) {
        ModelConfig base = ModelConfig.of(model, classes, 3);
        ModelConfig config = base.withPreprocessing(base.preprocessing().withSize(size));
        long macs = Complexity.of(config.architecture(), size).macs();
        List<Double> times = new ArrayList<>();
        try (SyntheticStep step = SyntheticStep.open(config, 0, training, foldBatchNorm)) {
            SplittableRandom rng = new SplittableRandom(1);
            for (int i = 0; i < warmup + steps; i++) {
                try (NDManager batchManager = step.model().manager().newSubManager()) {
                    SyntheticStep.Inputs in = step.inputs(batchManager, batch, rng);
                    long t0 = System.nanoTime();
                    step.run(in);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (i >= warmup) {
                        times.add(ms);
                    }
                }
            }
        }
        Collections.sort(times);
        return new Result(model, training, batch, size, macs, times.get(times.size() / 2),
                times.get(0), times.get(times.size() - 1), steps);
    }
}
