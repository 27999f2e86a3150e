package dev.hsresnet.bench;

import java.util.Objects;

/**
 * One line of the results CSV: a network case, or a peak measurement (mode {@value #PEAK_MODE}).
 *
 * @param model registry name, or {@code matmul_N} for a peak row
 * @param path {@code djl}, {@code onnx} or {@code pytorch}
 * @param mode {@code inference}, {@code train} or {@value #PEAK_MODE}
 * @param batch images per step (1 for a peak row)
 * @param size input height and width in pixels (the matrix size for a peak row)
 * @param medianMs median step time in milliseconds
 * @param minMs fastest step in milliseconds
 * @param maxMs slowest step in milliseconds
 * @param p10Ms 10th percentile in milliseconds
 * @param p90Ms 90th percentile in milliseconds
 * @param imagesPerSecond images per second at the median (NaN for a peak row)
 * @param gflops achieved GFLOP/s at the median
 * @param pctPeak {@code gflops} in percent of the machine's measured FP32 peak (NaN if not
 *     measured)
 * @param ratioToPytorch median over the PyTorch row's median for the same model, mode and batch
 *     (above 1: slower than PyTorch); NaN for PyTorch and peak rows or without a PyTorch row
 * @param repeats timed steps
 * @param threads intra-op threads of every engine
 * @param date when the run started, ISO-8601 UTC
 * @param machine the machine, in words
 */
public record ResultRow(String model, String path, String mode, int batch, int size,
        double medianMs, double minMs, double maxMs, double p10Ms, double p90Ms,
        double imagesPerSecond, double gflops, double pctPeak, double ratioToPytorch,
        int repeats, int threads, String date, String machine) {

    /** The mode of a row that reports a peak FLOP/s measurement. */
    public static final String PEAK_MODE = "peak";

    /** Checks the text fields. */
    public ResultRow {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(machine, "machine");
    }

    /** @return {@code model/path/mode/batch}: what a later run's row is compared with */
    public String key() {
        return model + "/" + path + "/" + mode + "/" + batch;
    }
}
