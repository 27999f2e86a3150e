package dev.hsresnet.deploy.server;

import java.time.Duration;

/**
 * Settings of the inference {@link Server}: where it listens, what it accepts and how it batches.
 * Build with {@link #builder()}; every setting has a default, and {@code build()} rejects a bad
 * value with a message that names it.
 *
 * <pre>{@code
 * ServerOptions o = ServerOptions.builder().port(0).maxBatch(16).batchWindow(Duration.ofMillis(5))
 *         .build();
 * }</pre>
 *
 * @param host address to bind; loopback ({@code 127.0.0.1}) by default, so nothing outside the
 *     machine can reach the server unless asked for
 * @param port TCP port; 0 picks a free one ({@link Server#port()} tells which)
 * @param maxBodyBytes largest request body accepted, in bytes (413 above it); never more than this
 *     is held in memory per request
 * @param maxImagePixels largest image (width x height, from its header) decoded (413 above it)
 * @param workers threads that read requests, decode and preprocess images and answer the light
 *     endpoints
 * @param inferenceThreads threads that run batches through the network (1 is right for libtorch,
 *     which already uses every core inside one batch)
 * @param queueCapacity preprocessed images allowed to wait for inference; when full, a predict
 *     request is answered 503 with {@code Retry-After}
 * @param requestTimeout longest a request may take: reading it (the JDK server closes the
 *     connection of a client that sends too slowly) and waiting for its inference (504 after)
 * @param maxBatch most images per call to the network
 * @param batchWindow how long a batch waits for more images once it has one (0 = take what is
 *     queued and go)
 * @param defaultTopK classes returned when the request has no {@code top_k}
 * @param maxTopK largest {@code top_k} accepted (400 above it)
 */
public record ServerOptions(
        String host,
        int port,
        long maxBodyBytes,
        long maxImagePixels,
        int workers,
        int inferenceThreads,
        int queueCapacity,
        Duration requestTimeout,
        int maxBatch,
        Duration batchWindow,
        int defaultTopK,
        int maxTopK) {

    /** Default {@link #maxBodyBytes()}: 10 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L << 20;

    /** Default {@link #maxImagePixels()}: 50 megapixels (e.g. 8660 x 5773). */
    public static final long DEFAULT_MAX_IMAGE_PIXELS = 50_000_000L;

    /** Validates every setting, naming the bad one. */
    public ServerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        positive("maxBodyBytes", maxBodyBytes);
        positive("maxImagePixels", maxImagePixels);
        positive("workers", workers);
        positive("inferenceThreads", inferenceThreads);
        positive("queueCapacity", queueCapacity);
        positive("maxBatch", maxBatch);
        positive("defaultTopK", defaultTopK);
        positive("maxTopK", maxTopK);
        if (defaultTopK > maxTopK) {
            throw new IllegalArgumentException("defaultTopK " + defaultTopK
                    + " is above maxTopK " + maxTopK);
        }
        if (requestTimeout == null || requestTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("requestTimeout must be at least 1 ms, got "
                    + requestTimeout);
        }
        if (batchWindow == null || batchWindow.isNegative()) {
            throw new IllegalArgumentException("batchWindow must be >= 0, got " + batchWindow);
        }
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    /** @return the defaults: loopback, port 8080, 10 MiB bodies, 50 MP images, batches of 8 */
    public static ServerOptions defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.maxBodyBytes = maxBodyBytes;
        b.maxImagePixels = maxImagePixels;
        b.workers = workers;
        b.inferenceThreads = inferenceThreads;
        b.queueCapacity = queueCapacity;
        b.requestTimeout = requestTimeout;
        b.maxBatch = maxBatch;
        b.batchWindow = batchWindow;
        b.defaultTopK = defaultTopK;
        b.maxTopK = maxTopK;
        return b;
    }

    /** Collects settings; {@link #build()} validates them. */
    public static final class Builder {

        private String host = "127.0.0.1";
        private int port = 8080;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private long maxImagePixels = DEFAULT_MAX_IMAGE_PIXELS;
        private int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int inferenceThreads = 1;
        private int queueCapacity = 64;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxBatch = 8;
        private Duration batchWindow = Duration.ofMillis(2);
        private int defaultTopK = 5;
        private int maxTopK = 100;

        private Builder() {}

        /** @param value address to bind (default {@code 127.0.0.1}) */
        public Builder host(String value) {
            host = value;
            return this;
        }

        /** @param value TCP port, 0 for a free one (default 8080) */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** @param value largest request body in bytes (default 10 MiB) */
        public Builder maxBodyBytes(long value) {
            maxBodyBytes = value;
            return this;
        }

        /** @param value largest decoded image in pixels (default 50,000,000) */
        public Builder maxImagePixels(long value) {
            maxImagePixels = value;
            return this;
        }

        /** @param value request/decoding threads (default: the number of cores, at least 2) */
        public Builder workers(int value) {
            workers = value;
            return this;
        }

        /** @param value threads running the network (default 1) */
        public Builder inferenceThreads(int value) {
            inferenceThreads = value;
            return this;
        }

        /** @param value images waiting for inference before 503 (default 64) */
        public Builder queueCapacity(int value) {
            queueCapacity = value;
            return this;
        }

        /** @param value deadline of one request (default 30 s) */
        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        /** @param value most images per network call (default 8) */
        public Builder maxBatch(int value) {
            maxBatch = value;
            return this;
        }

        /** @param value how long a batch waits to fill up (default 2 ms) */
        public Builder batchWindow(Duration value) {
            batchWindow = value;
            return this;
        }

        /** @param value classes returned without {@code top_k} (default 5) */
        public Builder defaultTopK(int value) {
            defaultTopK = value;
            return this;
        }

        /** @param value largest {@code top_k} accepted (default 100) */
        public Builder maxTopK(int value) {
            maxTopK = value;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException naming the first bad setting
         */
        public ServerOptions build() {
            return new ServerOptions(host, port, maxBodyBytes, maxImagePixels, workers,
                    inferenceThreads, queueCapacity, requestTimeout, maxBatch, batchWindow,
                    defaultTopK, maxTopK);
        }
    }
}
