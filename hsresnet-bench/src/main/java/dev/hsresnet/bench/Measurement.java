package dev.hsresnet.bench;

import java.util.Objects;

/**
 * The timings of one case.
 *
 * @param benchCase what was timed
 * @param macs multiply-accumulates of one image's forward pass at the case's input size
 * @param stats the step times in milliseconds
 */
public record Measurement(BenchCase benchCase, long macs, Stats stats) {

    /** Checks the values. */
    public Measurement {
        Objects.requireNonNull(benchCase, "benchCase");
        Objects.requireNonNull(stats, "stats");
        if (macs < 0) {
            throw new IllegalArgumentException("macs must be >= 0, got " + macs);
        }
    }

    /** @return images per second at the median step time */
    public double imagesPerSecond() {
        return benchCase.batch() * 1000.0 / stats.medianMs();
    }

    /**
     * @return achieved GFLOP/s at the median step time: 2 FLOP per MAC, times the mode's passes
     *     (1 for inference, 3 for a training step), times the batch
     */
    public double gflops() {
        return 2.0 * macs * benchCase.mode().passes() * benchCase.batch()
                / (stats.medianMs() * 1e6);
    }
}
