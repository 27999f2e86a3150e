package dev.hsresnet.deploy.server;

import com.sun.net.httpserver.HttpServer;
import dev.hsresnet.deploy.Classifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP inference server for a {@link Classifier}, on the JDK's {@code com.sun.net.httpserver}.
 *
 * <ul>
 *   <li>{@code POST /v1/predict[?top_k=K]}: raw image bytes ({@code image/*} or {@code
 *       application/octet-stream}) or a {@code multipart/form-data} upload (its first file part);
 *       answers {@code {"model", "backend", "predictions": [{"index", "label", "probability"}],
 *       "timeMs"}}.
 *   <li>{@code GET /health}: {@code {"status": "ok"}}.
 *   <li>{@code GET /v1/model}: name, classes and labels, input size, channels, preprocessing,
 *       parameter count, backend and the server's limits.
 *   <li>{@code GET /metrics}: Prometheus text format.
 * </ul>
 *
 * <p>Errors are JSON {@code {"error": message}}: 400 for bad input (the decoder's message), 404,
 * 405, 408 for a body that arrives too slowly, 413 for a body over {@link
 * ServerOptions#maxBodyBytes()} or an image whose header declares more than {@link
 * ServerOptions#maxImagePixels()} (refused before decoding), 415, 503 with {@code Retry-After}
 * when the inference queue is full (or large images being decoded already hold half the heap
 * until the deadline), 504 when inference misses the request deadline.
 *
 * <p>Worker threads ({@link ServerOptions#workers()}) read, decode and preprocess; inference
 * threads run micro-batches of up to {@link ServerOptions#maxBatch()} images gathered within
 * {@link ServerOptions#batchWindow()}. The server sets the classifier's pixel limit and does not
 * close the classifier.
 *
 * <pre>{@code
 * try (Classifier c = Classifier.open(modelDir);
 *         Server s = new Server(c, ServerOptions.builder().port(0).build()).start()) {
 *     System.out.println("listening on " + s.uri());
 * }
 * }</pre>
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    /** Time to finish in-flight requests on close, beyond the request timeout. */
    private static final long CLOSE_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Classifier classifier;
    private final ServerOptions options;
    private final InFlight inFlight = new InFlight();
    private final Batcher batcher;
    private final DecodeBudget decodeBudget;
    private final Metrics metrics;
    private volatile boolean accepting;
    private HttpServer http;
    private ThreadPoolExecutor workers;
    private boolean closed;

    /**
     * @param classifier the model to serve; the caller keeps ownership and closes it after the
     *     server
     * @param options the settings
     */
    public Server(Classifier classifier, ServerOptions options) {
        this.classifier = classifier;
        this.options = options;
        this.batcher = new Batcher(classifier, options.maxBatch(), options.batchWindow(),
                options.queueCapacity(), options.inferenceThreads(), this::observeBatch);
        this.decodeBudget = new DecodeBudget(DecodeBudget.forHeap(
                Runtime.getRuntime().maxMemory(), options.maxImagePixels()));
        this.metrics = new Metrics(batcher::depth, options.queueCapacity(), inFlight::count);
    }

    private void observeBatch(int size, double seconds, boolean failed) {
        metrics.batch(size, seconds, failed);
    }

    /**
     * Binds the address and starts serving.
     *
     * @return this server
     * @throws IOException when the address cannot be bound (port in use, unknown host)
     * @throws IllegalStateException when already started or closed
     */
    public synchronized Server start() throws IOException {
        if (http != null || closed) {
            throw new IllegalStateException("the server was already started or closed");
        }
        classifier.setMaxPixels(options.maxImagePixels());
        warnWhenTheLargestImageMayNotFit();
        JdkServerLimits.apply(options.requestTimeout());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(
                    InetAddress.getByName(options.host()), options.port()), 0);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + options.host() + ":" + options.port()
                    + ": " + e.getMessage(), e);
        }
        // Connections beyond the workers wait here; past this bound the JDK closes them.
        int pending = Math.max(64, 2 * options.queueCapacity());
        workers = new ThreadPoolExecutor(options.workers(), options.workers(), 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(pending), daemon("hsresnet-http-"));
        server.setExecutor(workers);
        server.createContext("/", new Router(routes(), options, metrics, inFlight,
                () -> accepting));
        batcher.start();
        accepting = true;
        server.start();
        http = server;
        LOG.info("serving {} ({}) on {}", classifier.config().name(),
                classifier.backendKind().id(), uri());
        return this;
    }

    private Map<String, Router.Route> routes() {
        String model = ModelInfo.json(classifier.config(), classifier.backendKind(), options);
        return Map.of(
                "/v1/predict", new Router.Route("POST",
                        new PredictEndpoint(classifier, batcher, decodeBudget, options)),
                "/v1/model", new Router.Route("GET", call -> call.json(200, model)),
                "/health", new Router.Route("GET", call -> call.json(200, "{\"status\":\"ok\"}")),
                "/metrics", new Router.Route("GET", call -> call.send(200,
                        "text/plain; version=0.0.4; charset=utf-8",
                        metrics.render().getBytes(StandardCharsets.UTF_8))));
    }

    private void warnWhenTheLargestImageMayNotFit() {
        long need = options.maxImagePixels() * DecodeBudget.BYTES_PER_PIXEL;
        long heap = Runtime.getRuntime().maxMemory();
        if (need > heap / 2) {
            LOG.warn("decoding an image of the largest accepted size ({} pixels) takes about {} "
                    + "MB, more than half the heap ({} MB): lower the pixel limit or raise -Xmx",
                    options.maxImagePixels(), need >> 20, heap >> 20);
        }
    }

    /** @return the bound port (the chosen one when the options asked for port 0) */
    public synchronized int port() {
        if (http == null) {
            throw new IllegalStateException("the server is not started");
        }
        return http.getAddress().getPort();
    }

    /** @return the base address, e.g. {@code http://127.0.0.1:8080/} */
    public synchronized URI uri() {
        try {
            return new URI("http", null, http.getAddress().getAddress().getHostAddress(), port(),
                    "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the settings */
    public ServerOptions options() {
        return options;
    }

    /** @return images waiting for inference now */
    public int queueDepth() {
        return batcher.depth();
    }

    /**
     * Stops gracefully: new requests are refused (503, connection closed), requests being handled
     * are answered (waiting at most the request timeout), then the listener, the connections and
     * the threads are closed. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        accepting = false;
        if (http == null) {
            return;
        }
        long grace = options.requestTimeout().toNanos() + CLOSE_MARGIN_NANOS;
        try {
            if (!inFlight.awaitIdle(grace)) {
                LOG.warn("closing with {} requests still unanswered", inFlight.count());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
        batcher.close(options.requestTimeout());
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace, TimeUnit.NANOSECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("server on port {} stopped", http.getAddress().getPort());
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}
