package dev.hsresnet.deploy.server;

import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.Prediction;
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
 * Micro-batching: preprocessed images wait in a bounded queue; each inference thread takes the
 * first waiting image, gathers more until it has {@code maxBatch} or {@code window} has passed,
 * and runs them through {@link Classifier#predict} in one call. A full queue refuses new images
 * at once (the caller answers 503) rather than letting latency grow without bound.
 */
final class Batcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    /** How often an idle inference thread looks whether the batcher was closed. */
    private static final long IDLE_POLL_MILLIS = 50;

    /** Receives the size, duration and outcome of every call to the network. */
    @FunctionalInterface
    interface Observer {
        void batch(int size, double seconds, boolean failed);
    }

    /** One image waiting for inference; {@code result} completes with its top-k classes. */
    private record Job(float[] image, int topK, CompletableFuture<List<Prediction>> result) {}

    private final Classifier classifier;
    private final int maxBatch;
    private final long windowNanos;
    private final BlockingQueue<Job> queue;
    private final Observer observer;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param classifier runs the network; called from {@code threads} threads at once
     * @param maxBatch most images per call
     * @param window how long a batch waits for more images once it has one
     * @param capacity images allowed to wait
     * @param threads inference threads
     * @param observer told about every call to the network
     */
    Batcher(Classifier classifier, int maxBatch, Duration window, int capacity, int threads,
            Observer observer) {
        this.classifier = classifier;
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
     * Queues one preprocessed image.
     *
     * @param image {@link Classifier#imageLength()} normalized values
     * @param topK classes wanted
     * @return completes with the image's top-k classes, or exceptionally when the network threw
     * @throws RejectedExecutionException when the queue is full or the batcher is closing
     */
    CompletableFuture<List<Prediction>> submit(float[] image, int topK) {
        return submitAll(List.of(image), topK).get(0);
    }

    /**
     * Queues the images of one request all together or not at all, so that a refused request
     * leaves no image of its own behind to run for nobody.
     *
     * @param images each {@link Classifier#imageLength()} normalized values
     * @param topK classes wanted for each
     * @return one future per image, in order, each completing with that image's top-k classes
     * @throws RejectedExecutionException when the queue has no room for all of them or the
     *     batcher is closing; then none was queued
     */
    List<CompletableFuture<List<Prediction>>> submitAll(List<float[]> images, int topK) {
        List<Job> jobs = new ArrayList<>(images.size());
        for (float[] image : images) {
            jobs.add(new Job(image, topK, new CompletableFuture<>()));
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
            for (Job job : jobs) {
                if (!queue.offer(job)) {
                    throw new IllegalStateException("the inference queue lost room it had");
                }
            }
        }
        return jobs.stream().map(Job::result).toList();
    }

    /** @return images waiting for inference */
    int depth() {
        return queue.size();
    }

    private void loop() {
        List<Job> batch = new ArrayList<>(maxBatch);
        while (!Thread.currentThread().isInterrupted()) {
            Job first;
            try {
                first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            batch.clear();
            addLive(batch, first);
            fill(batch);
            run(batch);
        }
    }

    /** Gathers images until the batch is full or the window is over. */
    private void fill(List<Job> batch) {
        long deadline = System.nanoTime() + windowNanos;
        try {
            while (batch.size() < maxBatch) {
                Job next = queue.poll();
                if (next == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || closed) {
                        return;
                    }
                    next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        return;
                    }
                }
                addLive(batch, next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // run what was gathered, then stop
        }
    }

    /** Skips images whose request already gave up (timed out): no work for nobody. */
    private static void addLive(List<Job> batch, Job job) {
        if (!job.result().isDone()) {
            batch.add(job);
        }
    }

    private void run(List<Job> batch) {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        int length = classifier.imageLength();
        float[] input = new float[n * length];
        int topK = 1;
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.get(i).image(), 0, input, i * length, length);
            topK = Math.max(topK, batch.get(i).topK());
        }
        long start = System.nanoTime();
        List<List<Prediction>> out;
        try {
            out = classifier.predict(input, n, topK);
        } catch (Throwable t) {
            observer.batch(n, (System.nanoTime() - start) / 1e9, true);
            LOG.error("inference failed for a batch of {} images", n, t);
            batch.forEach(j -> j.result().completeExceptionally(t));
            return;
        }
        observer.batch(n, (System.nanoTime() - start) / 1e9, false);
        for (int i = 0; i < n; i++) {
            List<Prediction> top = out.get(i);
            int k = Math.min(batch.get(i).topK(), top.size());
            // the k most probable of a larger top list are exactly the top k
            batch.get(i).result().complete(List.copyOf(top.subList(0, k)));
        }
    }

    /** Stops taking images and finishes the queued ones; waits at most {@code grace}. */
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
        Job left;
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
