package dev.hsresnet.train.loop;

import dev.hsresnet.train.report.EpochMetrics;
import java.util.ArrayList;
import java.util.List;

/** For run tests: keeps the messages, and throws at a given global step to simulate a kill. */
public final class RecordingProgress implements Progress {

    /** The messages, in order. */
    public final List<String> lines = new ArrayList<>();
    private final int crashAtStep;
    private int steps;

    /** @param crashAtStep the 1-based step to throw an {@link IllegalStateException} at, or -1 */
    public RecordingProgress(int crashAtStep) {
        this.crashAtStep = crashAtStep;
    }

    @Override
    public void message(String text) {
        lines.add(text);
    }

    @Override
    public void epochStart(int epoch, int epochs, int firstBatch, int batches) {}

    @Override
    public void step(int batch, double loss, double lr, double imagesPerSecond) {
        if (++steps == crashAtStep) {
            throw new IllegalStateException("simulated crash");
        }
    }

    @Override
    public void epochEnd(EpochMetrics metrics) {}
}
