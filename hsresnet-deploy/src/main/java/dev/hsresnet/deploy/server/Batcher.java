package dev.hsresnet.deploy.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micro-batching: preprocessed inputs wait in a bounded queue; each inference thread takes the
 * first waiting input, gathers more until it has {@code maxBatch}, {@code window} has passed or
 * the next input cannot join the batch ({@link Grouping}: images of another size cannot be
 * stacked), and runs them through the network in one call ({@link Runner}). An input that cannot
 * join starts the thread's next batch, so the queue's order is kept. A full queue refuses new
 * inputs at once (the caller answers 503) rather than letting latency grow without bound.
 *
 * @param <T> what one queued input is (preprocessed pixels and what the answer needs)
 * @param <R> the network's result for one input
 */
final class Batcher<T, R> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    /** How often an idle inference thread looks whether the batcher was closed. */
    private static final long IDLE_POLL_MILLIS = 50;

    /** Receives the size, duration and outcome of every call to the network. */
    @FunctionalInterface
    interface Observer {
        void batch(int size, double seconds, boolean failed);
    }

    /** One call to the network. */
    @FunctionalInterface
    interface Runner<T, R> {

        /**
         * @param inputs 1 to {@code maxBatch} inputs that {@link Grouping} let share a call;
         *     called from the inference threads at once
         * @return one result per input, in order
         */
        List<R> run(List<T> inputs);
    }

    /** Which queued inputs may share one call to the network. */
    @FunctionalInterface
    interface Grouping<T> {

        /**
         * @param first the batch's first input
         * @param size inputs in the batch so far, at least 1
         * @param next the next queued input
         * @return whether {@code next} may join the batch
         */
        boolean fits(T first, int size, T next);

        /** @return a grouping that lets any input join (fixed-size inputs) */
        static <T> Grouping<T> any() {
            return (first, size, next) -> true;
        }
    }

    /** One input waiting for inference; {@code result} completes with its result. */
    private record Job<T, R>(T input, CompletableFuture<R> result) {}

    private final Runner<T, R> runner;
    private final Grouping<T> grouping;
    private final int maxBatch;
    private final long windowNanos;
    private final BlockingQueue<Job<T, R>> queue;
    private final Observer observer;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param runner runs the network; called from {@code threads} threads at once
     * @param grouping which inputs may share a call
     * @param maxBatch most inputs per call
     * @param window how long a batch waits for more inputs once it has one
     * @param capacity inputs allowed to wait
     * @param threads inference threads
     * @param observer told about every call to the network
     */
    Batcher(Runner<T, R> runner, Grouping<T> grouping, int maxBatch, Duration window,
            int capacity, int threads, Observer observer) {
        this.runner = runner;
        this.grouping = grouping;
        this.maxBatch = maxBatch;
        this.windowNanos = window.toNanos();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.observer = observer;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::loop, "hsresnet-inference-" + i);
            t.setDaemon(true);
            this.threads.add(t);
        }
    }

    /** Starts the inference threads. */
    void start() {
        threads.forEach(Thread::start);
    }

    /**
     * Queues the inputs of one request all together or not at all, so that a refused request
     * leaves no input of its own behind to run for nobody.
     *
     * @param inputs the request's inputs
     * @return one future per input, in order, each completing with that input's result, or
     *     exceptionally when the network threw
     * @throws RejectedExecutionException when the queue has no room for all of them or the
     *     batcher is closing; then none was queued
     */
    List<CompletableFuture<R>> submitAll(List<T> inputs) {
        List<Job<T, R>> jobs = new ArrayList<>(inputs.size());
        for (T input : inputs) {
            jobs.add(new Job<>(input, new CompletableFuture<>()));
        }
        // submitters take turns so that the room counted is still there; the inference threads
        // only take jobs out, which leaves more room
        synchronized (queue) {
            if (closed) {
                throw new RejectedExecutionException("the server is shutting down");
            }
            if (queue.remainingCapacity() < jobs.size()) {
                throw new RejectedExecutionException("inference queue full (" + depth()
                        + " images waiting, no room for " + jobs.size() + " more); retry later");
            }
            for (Job<T, R> job : jobs) {
                if (!queue.offer(job)) {
                    throw new IllegalStateException("the inference queue lost room it had");
                }
            }
        }
        return jobs.stream().map(Job::result).toList();
    }

    /** @return inputs waiting for inference */
    int depth() {
        return queue.size();
    }

    private void loop() {
        List<Job<T, R>> batch = new ArrayList<>(maxBatch);
        Job<T, R> carried = null; // polled, but did not fit the previous batch
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Job<T, R> first = carried;
                carried = null;
                if (first == null) {
                    try {
                        first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.clear();
                addLive(batch, first);
                carried = fill(batch);
                run(batch);
            }
        } finally {
            if (carried != null) {
                carried.result().completeExceptionally(
                        new CancellationException("the server shut down before this image ran"));
            }
        }
    }

    /**
     * Gathers inputs until the batch is full, the window is over or one does not fit.
     *
     * @return the input that did not fit (the start of the next batch), or null
     */
    private Job<T, R> fill(List<Job<T, R>> batch) {
        long deadline = System.nanoTime() + windowNanos;
        try {
            while (batch.size() < maxBatch) {
                Job<T, R> next = queue.poll();
                if (next == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || closed) {
                        return null;
                    }
                    next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        return null;
                    }
                }
                if (!batch.isEmpty() && !next.result().isDone()
                        && !grouping.fits(batch.get(0).input(), batch.size(), next.input())) {
                    return next;
                }
                addLive(batch, next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // run what was gathered, then stop
        }
        return null;
    }

    /** Skips inputs whose request already gave up (timed out): no work for nobody. */
    private static <T, R> void addLive(List<Job<T, R>> batch, Job<T, R> job) {
        if (!job.result().isDone()) {
            batch.add(job);
        }
    }

    private void run(List<Job<T, R>> batch) {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        List<T> inputs = batch.stream().map(Job::input).toList();
        long start = System.nanoTime();
        List<R> out;
        try {
            out = runner.run(inputs);
            if (out.size() != n) {
                throw new IllegalStateException("the network returned " + out.size()
                        + " results for " + n + " inputs");
            }
        } catch (Throwable t) {
            observer.batch(n, (System.nanoTime() - start) / 1e9, true);
            LOG.error("inference failed for a batch of {} images", n, t);
            batch.forEach(j -> j.result().completeExceptionally(t));
            return;
        }
        observer.batch(n, (System.nanoTime() - start) / 1e9, false);
        for (int i = 0; i < n; i++) {
            batch.get(i).result().complete(out.get(i));
        }
    }

    /** Stops taking inputs and finishes the queued ones; waits at most {@code grace}. */
    void close(Duration grace) {
        closed = true;
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
        Job<T, R> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(
                    new CancellationException("the server shut down before this image ran"));
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
