package dev.hsresnet.deploy.bench;

import dev.hsresnet.deploy.Classifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs many single-image predictions through the whole path (decode JPEG bytes, preprocess,
 * forward, top-k) and watches resident memory: after a warm-up, the growth over the measured
 * predictions shows whether anything accumulates.
 */
public final class PredictSoak {

    /**
     * What a soak measured.
     *
     * @param predictions measured predictions (after warm-up)
     * @param rssAfterWarmup resident bytes after the warm-up
     * @param rssEnd resident bytes at the end
     * @param rssMax largest resident bytes sampled during the measured predictions
     * @param latencyMs sorted per-prediction latencies in milliseconds
     * @param seconds wall time of the measured predictions
     */
    public record Result(int predictions, long rssAfterWarmup, long rssEnd, long rssMax,
            double[] latencyMs, double seconds) {

        /** @return growth of resident memory from after warm-up to the end, in percent */
        public double growthPercent() {
            return 100.0 * (rssEnd - rssAfterWarmup) / rssAfterWarmup;
        }

        /** @return the latency at quantile {@code q} (0..1), in milliseconds */
        public double latencyQuantile(double q) {
            int i = (int) Math.min(latencyMs.length - 1, Math.floor(q * latencyMs.length));
            return latencyMs[i];
        }

        /** @return predictions per second */
        public double throughput() {
            return predictions / seconds;
        }
    }

    private PredictSoak() {}

    /**
     * @param classifier the model
     * @param warmup predictions before the first memory reading
     * @param count measured predictions
     * @param progress receives a line every tenth of the run
     * @return the measurements
     */
    public static Result run(Classifier classifier, int warmup, int count, Consumer<String> progress) {
        if (count < 1 || warmup < 0) {
            throw new IllegalArgumentException("count must be >= 1 and warmup >= 0, got " + count
                    + " and " + warmup);
        }
        List<byte[]> images = SyntheticImages.jpegs(16,
                classifier.config().inputSize() * 2, 1);
        for (int i = 0; i < warmup; i++) {
            predict(classifier, images.get(i % images.size()));
        }
        System.gc();
        long start = ResidentMemory.bytes();
        long max = start;
        double[] latency = new double[count];
        long t0 = System.nanoTime();
        int step = Math.max(1, count / 10);
        for (int i = 0; i < count; i++) {
            long s = System.nanoTime();
            predict(classifier, images.get(i % images.size()));
            latency[i] = (System.nanoTime() - s) / 1e6;
            if ((i + 1) % step == 0) {
                long rss = ResidentMemory.bytes();
                max = Math.max(max, rss);
                progress.accept(String.format(java.util.Locale.ROOT,
                        "%d/%d predictions, resident %.1f MiB", i + 1, count, rss / 1048576.0));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long end = ResidentMemory.bytes();
        Arrays.sort(latency);
        return new Result(count, start, end, Math.max(max, end), latency, seconds);
    }

    private static void predict(Classifier c, byte[] jpeg) {
        try {
            c.classify(jpeg, "soak image", 5);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
