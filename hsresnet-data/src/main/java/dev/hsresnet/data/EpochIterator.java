package dev.hsresnet.data;

import java.util.Iterator;

/**
 * The batches of one epoch of a {@link DataLoader}, in order; also the handle that owns the
 * epoch's worker threads. Not thread-safe: one consumer thread calls {@link #hasNext} / {@link
 * #next}.
 *
 * <p>Samples are submitted to the workers in epoch order, at most {@code (batchSize - assembled)
 * + prefetchBatches * batchSize} ahead of consumption; the consumer assembles the batch from the
 * results in submission order, so nothing depends on which worker finishes first. {@link #hasNext}
 * may block while it assembles the next batch. {@link #close} (also called automatically at the
 * end of the epoch and on errors) cancels pending work and stops the threads, waiting up to 10 s.
 * The machinery is {@link SampleEpoch}'s.
 *
 * <p>Errors thrown from {@code hasNext}/{@code next} (all {@link IllegalStateException}): a full
 * batch worth of consecutive samples failed, or the epoch produced no sample at all; a transform
 * threw; images of one batch have different shapes; the thread was interrupted.
 */
public final class EpochIterator implements Iterator<Batch>, AutoCloseable {

    private final SampleEpoch<?, Batch> epoch;

    EpochIterator(SampleEpoch<?, Batch> epoch) {
        this.epoch = epoch;
    }

    /** @return the epoch number */
    public int epoch() {
        return epoch.epoch();
    }

    /**
     * @return the index within the epoch of the batch the next {@link #next} returns (after
     *     consuming batch {@code b}, this is {@code b + 1}: the value to resume from)
     */
    public int nextBatchIndex() {
        return epoch.nextBatchIndex();
    }

    /** @return the name prefix of this epoch's worker threads (diagnostics, tests) */
    public String threadNamePrefix() {
        return epoch.threadNamePrefix();
    }

    @Override
    public boolean hasNext() {
        return epoch.hasNext();
    }

    @Override
    public Batch next() {
        return epoch.next();
    }

    /** Cancels pending work and stops the worker threads (idempotent). */
    @Override
    public void close() {
        epoch.close();
    }
}
