package dev.hsresnet.deploy.server;

import java.nio.file.Path;
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
 * @param workers threads that decode and preprocess images (the network I/O runs on a few
 *     non-blocking event-loop threads, so a slow or stalled client holds no worker)
 * @param inferenceThreads threads that run batches through the network (1 is right for libtorch,
 *     which already uses every core inside one batch)
 * @param queueCapacity preprocessed images allowed to wait for inference; when full, a predict
 *     request is answered 503 with {@code Retry-After}
 * @param requestTimeout longest a request may take from its headers to its answer: decoding
 *     and waiting for its inference (504 after)
 * @param maxBatch most images per call to the network
 * @param batchWindow how long a batch waits for more images once it has one (0 = take what is
 *     queued and go)
 * @param defaultTopK classes returned when the request has no {@code top_k}
 * @param maxTopK largest {@code top_k} accepted (400 above it)
 * @param maxImagesPerRequest most images in one request (multipart files, JSON instances or the
 *     batch dimension of a v2 tensor; 413 above it)
 * @param maxConnections open connections allowed at once; one more is answered 503 and closed
 * @param headerTimeout longest wait for a request's headers once its first byte arrived (the
 *     connection is then closed)
 * @param bodyTimeout longest wait for a request's body once its headers arrived (408 after)
 * @param idleTimeout how long a keep-alive connection may wait for its next request
 * @param authTokenFile file holding the bearer token every request except health checks must
 *     carry, or null for no check
 * @param tlsCert PEM certificate chain for HTTPS, or null for plain HTTP (with {@code tlsKey})
 * @param tlsKey PEM PKCS#8 private key of {@code tlsCert}, or null
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
        int maxTopK,
        int maxImagesPerRequest,
        int maxConnections,
        Duration headerTimeout,
        Duration bodyTimeout,
        Duration idleTimeout,
        Path authTokenFile,
        Path tlsCert,
        Path tlsKey) {

    /** Default {@link #maxBodyBytes()}: 10 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L << 20;

    /** Default {@link #maxImagePixels()}: 50 megapixels (e.g. 8660 x 5773). */
    public static final long DEFAULT_MAX_IMAGE_PIXELS = 50_000_000L;

    /** Largest {@link #maxBodyBytes()} accepted: 1 GiB. */
    public static final long MAX_BODY_BYTES_CAP = 1L << 30;

    /** Largest {@link #maxImagePixels()} accepted: one gigapixel. */
    public static final long MAX_IMAGE_PIXELS_CAP = 1_000_000_000L;

    /** Longest timeout or batch window accepted: one hour. */
    public static final Duration MAX_DURATION = Duration.ofHours(1);

    /** Validates every setting, naming the bad one. */
    public ServerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        within("maxBodyBytes", maxBodyBytes, MAX_BODY_BYTES_CAP);
        within("maxImagePixels", maxImagePixels, MAX_IMAGE_PIXELS_CAP);
        within("workers", workers, 1024);
        within("inferenceThreads", inferenceThreads, 256);
        within("queueCapacity", queueCapacity, 1_000_000);
        within("maxBatch", maxBatch, 4096);
        within("defaultTopK", defaultTopK, 100_000);
        within("maxTopK", maxTopK, 100_000);
        within("maxImagesPerRequest", maxImagesPerRequest, 4096);
        within("maxConnections", maxConnections, 1_000_000);
        if (defaultTopK > maxTopK) {
            throw new IllegalArgumentException("defaultTopK " + defaultTopK
                    + " is above maxTopK " + maxTopK);
        }
        timeout("requestTimeout", requestTimeout);
        timeout("headerTimeout", headerTimeout);
        timeout("bodyTimeout", bodyTimeout);
        timeout("idleTimeout", idleTimeout);
        if (batchWindow == null || batchWindow.isNegative()
                || batchWindow.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("batchWindow must be >= 0 and at most 1 h, got "
                    + batchWindow);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a key, got "
                    + "certificate " + tlsCert + " and key " + tlsKey);
        }
    }

    private static void within(String name, long value, long max) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
        if (value > max) {
            throw new IllegalArgumentException(name + " must be at most " + max + ", got "
                    + value);
        }
    }

    private static void timeout(String name, Duration value) {
        if (value == null || value.toMillis() < 1 || value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be at least 1 ms and at most 1 h, "
                    + "got " + value);
        }
    }

    /** @return whether the server speaks HTTPS */
    public boolean tls() {
        return tlsCert != null;
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
        b.maxImagesPerRequest = maxImagesPerRequest;
        b.maxConnections = maxConnections;
        b.headerTimeout = headerTimeout;
        b.bodyTimeout = bodyTimeout;
        b.idleTimeout = idleTimeout;
        b.authTokenFile = authTokenFile;
        b.tlsCert = tlsCert;
        b.tlsKey = tlsKey;
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
        private int maxImagesPerRequest = 32;
        private int maxConnections = 4096;
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration bodyTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Path authTokenFile;
        private Path tlsCert;
        private Path tlsKey;

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

        /** @param value most images in one request (default 32) */
        public Builder maxImagesPerRequest(int value) {
            maxImagesPerRequest = value;
            return this;
        }

        /** @param value open connections allowed at once (default 4096) */
        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        /** @param value longest wait for the rest of the headers (default 10 s) */
        public Builder headerTimeout(Duration value) {
            headerTimeout = value;
            return this;
        }

        /** @param value longest wait for the body once the headers arrived (default 30 s) */
        public Builder bodyTimeout(Duration value) {
            bodyTimeout = value;
            return this;
        }

        /** @param value longest wait on a keep-alive connection for its next request (60 s) */
        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        /** @param value file holding the bearer token, or null for none (the default) */
        public Builder authTokenFile(Path value) {
            authTokenFile = value;
            return this;
        }

        /**
         * @param cert PEM certificate chain, or null for plain HTTP (the default)
         * @param key PEM PKCS#8 private key, or null
         */
        public Builder tls(Path cert, Path key) {
            tlsCert = cert;
            tlsKey = key;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException naming the first bad setting
         */
        public ServerOptions build() {
            return new ServerOptions(host, port, maxBodyBytes, maxImagePixels, workers,
                    inferenceThreads, queueCapacity, requestTimeout, maxBatch, batchWindow,
                    defaultTopK, maxTopK, maxImagesPerRequest, maxConnections, headerTimeout,
                    bodyTimeout, idleTimeout, authTokenFile, tlsCert, tlsKey);
        }
    }
}
