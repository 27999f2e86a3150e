package dev.hsresnet.data;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches of one epoch of a {@link SampleLoader}, in order; also the handle that owns the
 * epoch's worker threads. Not thread-safe: one consumer thread calls {@link #hasNext} / {@link
 * #next}.
 *
 * <p>Samples are submitted to the workers in epoch order, at most {@code (batchSize - assembled)
 * + prefetchBatches * batchSize} ahead of consumption; the consumer assembles the batch from the
 * results in submission order, so nothing depends on which worker finishes first. {@link #hasNext}
 * may block while it assembles the next batch. {@link #close} (also called automatically at the
 * end of the epoch and on errors) cancels pending work and stops the threads, waiting up to 10 s.
 *
 * <p>Errors thrown from {@code hasNext}/{@code next} (all {@link IllegalStateException} unless the
 * assembler throws another runtime exception): a full batch worth of consecutive samples failed,
 * or the epoch produced no sample at all; loading threw something other than an {@link
 * IOException}; the assembler refused the samples; the thread was interrupted.
 *
 * @param <T> the sample type
 * @param <B> the batch type
 */
public final class SampleEpoch<T, B> implements Iterator<B>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SampleEpoch.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final SampleLoader<T, B> loader;
    private final int epoch;
    private final int[] order;
    private final String threadPrefix;
    private final ArrayDeque<Future<Result<T>>> pending = new ArrayDeque<>();
    private ThreadPoolExecutor pool;
    private final List<Thread> workerThreads = new ArrayList<>();
    private int nextPosition;
    private int nextBatch;
    private int produced;
    private B peeked;
    private boolean done;
    private boolean closed;

    private record Result<T>(int index, T value, IOException error) {}

    SampleEpoch(SampleLoader<T, B> loader, int epoch, int startBatch, int[] order) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = order;
        this.nextBatch = startBatch;
        this.threadPrefix = "hsresnet-data-" + IDS.incrementAndGet() + "-e" + epoch + "-w";
    }

    /** @return the epoch number */
    public int epoch() {
        return epoch;
    }

    /**
     * @return the index within the epoch of the batch the next {@link #next} returns (after
     *     consuming batch {@code b}, this is {@code b + 1}: the value to resume from)
     */
    public int nextBatchIndex() {
        return nextBatch - (peeked != null ? 1 : 0);
    }

    /** @return the name prefix of this epoch's worker threads (diagnostics, tests) */
    public String threadNamePrefix() {
        return threadPrefix;
    }

    @Override
    public boolean hasNext() {
        if (peeked == null && !done) {
            try {
                peeked = assemble();
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
            if (peeked == null) {
                close();
            }
        }
        return peeked != null;
    }

    @Override
    public B next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches");
        }
        B b = peeked;
        peeked = null;
        return b;
    }

    /** Cancels pending work and stops the worker threads (idempotent). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        done = true;
        for (Future<Result<T>> f : pending) {
            f.cancel(true);
        }
        pending.clear();
        if (pool != null) {
            pool.shutdownNow();
            try {
                if (!joinWorkers(10_000)) {
                    log.warn("data loader threads {}* still running 10 s after close", threadPrefix);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits for the worker threads themselves to end, not only for the pool to terminate: a
     * terminated pool has run its last task, but its last worker thread can still be exiting.
     *
     * @return whether every worker thread ended within {@code millis}
     */
    private boolean joinWorkers(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        List<Thread> threads;
        synchronized (workerThreads) {
            threads = List.copyOf(workerThreads);
        }
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private B assemble() {
        int bs = loader.batchSize;
        List<SampleLoader.Loaded<T>> got = new ArrayList<>(bs);
        int failuresInBatch = 0;
        IOException lastError = null;
        while (got.size() < bs) {
            topUp(bs - got.size());
            Future<Result<T>> f = pending.pollFirst();
            if (f == null) {
                break; // order exhausted
            }
            Result<T> s = await(f);
            if (s.error() == null) {
                got.add(new SampleLoader.Loaded<>(s.index(), s.value()));
                continue;
            }
            failuresInBatch++;
            lastError = s.error();
            String what = loader.source.describe(s.index());
            if (loader.skipped.record(s.index(), what, String.valueOf(s.error().getMessage()))) {
                log.warn("skipping unreadable image #{} ({}): {}", s.index(), what,
                        s.error().getMessage());
            }
            if (got.isEmpty() && failuresInBatch >= bs) {
                throw new IllegalStateException(
                        "epoch " + epoch + " batch " + nextBatch + ": " + failuresInBatch
                                + " images in a row failed to load (wrong data folder or format?); last: "
                                + what + ": " + lastError.getMessage(), lastError);
            }
        }
        if (got.isEmpty() || (got.size() < bs && loader.dropLast)) {
            if (produced == 0 && got.isEmpty() && failuresInBatch > 0) {
                throw new IllegalStateException(
                        "epoch " + epoch + ": every remaining image failed to load (" + failuresInBatch
                                + "); last error: " + lastError.getMessage(), lastError);
            }
            done = true;
            return null;
        }
        B batch = loader.assembler.assemble(List.copyOf(got), epoch, nextBatch);
        nextBatch++;
        produced++;
        topUp(0);
        return batch;
    }

    /** Submits samples until {@code need + prefetchBatches * batchSize} are pending. */
    private void topUp(int need) {
        long target = need + (long) loader.prefetchBatches * loader.batchSize;
        while (pending.size() < target && nextPosition < order.length) {
            int index = order[nextPosition++];
            FutureTask<Result<T>> task = new FutureTask<>(() -> loadOne(index));
            if (loader.workers > 0) {
                pool().execute(task);
            }
            pending.addLast(task);
        }
    }

    private Result<T> loadOne(int index) {
        SplittableRandom rng = new SplittableRandom(loader.sampleSeed(epoch, index));
        try {
            return new Result<>(index, loader.source.load(index, rng), null);
        } catch (IOException e) {
            return new Result<>(index, null, e);
        }
    }

    private Result<T> await(Future<Result<T>> f) {
        if (f instanceof FutureTask<Result<T>> task && loader.workers == 0) {
            task.run(); // inline mode: run on the consumer thread, when needed
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sample", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(
                    "epoch " + epoch + ": loading or transforming a sample failed: " + cause, cause);
        }
    }

    private ThreadPoolExecutor pool() {
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            pool = new ThreadPoolExecutor(loader.workers, loader.workers, 10, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, threadPrefix + n.getAndIncrement());
                        t.setDaemon(true);
                        synchronized (workerThreads) {
                            workerThreads.add(t);
                        }
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true); // an abandoned, unclosed epoch does not leak threads
        }
        return pool;
    }
}
