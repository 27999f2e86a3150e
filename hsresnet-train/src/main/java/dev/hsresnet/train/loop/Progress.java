package dev.hsresnet.train.loop;

import dev.hsresnet.train.report.EpochMetrics;

/** What a training run reports while it works; the CLI draws it, a library logs it. */
public interface Progress {

    /** A line worth telling the user (resuming, saving the best model, ...). */
    void message(String text);

    /** An epoch begins: {@code batches} steps, the first {@code firstBatch} already done. */
    void epochStart(int epoch, int epochs, int firstBatch, int batches);

    /**
     * A training step finished.
     *
     * @param batch 0-based batch index in the epoch
     * @param loss running mean loss of the epoch so far
     * @param learningRate this step's learning rate
     * @param imagesPerSecond training throughput of the epoch so far
     */
    void step(int batch, double loss, double learningRate, double imagesPerSecond);

    /** An epoch ended and was evaluated. */
    void epochEnd(EpochMetrics metrics);
}
