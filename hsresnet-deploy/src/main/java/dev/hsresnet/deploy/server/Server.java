package dev.hsresnet.deploy.server;

import dev.hsresnet.core.text.TextFiles;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.deploy.instance.InstanceSegmenter;
import dev.hsresnet.deploy.segmentation.Segmenter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP inference server for a {@link Classifier}, a {@link Segmenter}, a {@link Detector} or
 * an {@link InstanceSegmenter}, on Netty (non-blocking I/O), speaking HTTP/1.1 or, with a certificate and key,
 * HTTPS. For a classifier:
 *
 * <ul>
 *   <li>{@code POST /v1/predict[?top_k=K]}: raw image bytes ({@code image/*} or {@code
 *       application/octet-stream}) or a {@code multipart/form-data} upload with one file part;
 *       answers {@code {"model", "backend", "predictions": [{"index", "label", "probability"}],
 *       "timeMs"}}. Several images (a form with several file parts, or JSON {@code
 *       {"instances": [{"b64": ...}, ...]}}) are answered {@code {"model", "backend", "results":
 *       [{"predictions": [...]} or {"error", "status"}, ...], "timeMs"}}, in order.
 *   <li>the Open Inference Protocol (KServe v2) beside it: see {@link V2Endpoints}.
 *   <li>{@code GET /health}: {@code {"status": "ok"}}.
 *   <li>{@code GET /v1/model}: name, classes and labels, input size, channels, preprocessing,
 *       parameter count, backend and the server's limits.
 *   <li>{@code GET /metrics}: Prometheus text format.
 * </ul>
 *
 * <p>For a semantic-segmentation model ({@link #Server(Segmenter, ServerOptions)}), {@code POST
 * /v1/predict[?format=json|png]} takes the same uploads and answers each image's class areas as
 * JSON, or its mask as an index PNG ({@link SegmentEndpoint}); {@code GET /v1/model} reports the
 * task and classes; {@code /health} and {@code /metrics} are as above; there is no {@code /v2}.
 *
 * <p>For an object detector ({@link #Server(Detector, ServerOptions)}), {@code POST
 * /v1/predict[?threshold=T]} takes the same uploads and answers each image's boxes as JSON
 * ({@link DetectEndpoint}); {@code GET /v1/model} reports the task, classes and inference
 * settings; there is no {@code /v2}. An instance segmenter ({@link #Server(InstanceSegmenter,
 * ServerOptions)}) is served as a detector, each instance's answer with its mask as COCO RLE.
 *
 * <p>Errors are JSON {@code {"error": message}}: 400 for bad input or framing (the decoder's
 * message), 401 without the bearer token (when {@link ServerOptions#authTokenFile()} is set), 404,
 * 405, 408 for headers or a body that arrive too slowly (then the connection is closed), 413 for a body over {@link
 * ServerOptions#maxBodyBytes()} or an image whose header declares more than {@link
 * ServerOptions#maxImagePixels()} (refused before decoding), 415, 503 with {@code Retry-After}
 * when the inference queue is full (or large images being decoded already hold half the heap
 * until the deadline), 504 when inference misses the request deadline.
 *
 * <p>A few event-loop threads do all network I/O and enforce the header, body and idle timeouts
 * and the connection cap ({@link HttpConnection}); worker threads ({@link ServerOptions#workers()})
 * decode and preprocess; inference
 * threads run micro-batches of up to {@link ServerOptions#maxBatch()} images gathered within
 * {@link ServerOptions#batchWindow()}. The server sets the model's pixel limit and does not
 * close the model.
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

    /** Largest request line and header block accepted (414 and 431 above them). */
    static final int MAX_LINE_BYTES = 8192;

    /** The largest auth token file read. */
    private static final int MAX_TOKEN_BYTES = 4096;
    static final int MAX_HEADER_BYTES = 16384;

    private final ServedModel served;
    private final ServerOptions options;
    private final InFlight inFlight = new InFlight();
    private final AtomicInteger connections = new AtomicInteger();
    private final Batcher<?, ?> batcher;
    private final DecodeBudget decodeBudget;
    private final Metrics metrics;
    private volatile boolean accepting;
    private EventLoopGroup acceptor;
    private EventLoopGroup io;
    private Channel listener;
    private InetSocketAddress address;
    private ThreadPoolExecutor workers;
    private boolean closed;

    /**
     * @param classifier the model to serve; the caller keeps ownership and closes it after the
     *     server
     * @param options the settings
     */
    public Server(Classifier classifier, ServerOptions options) {
        this(observer -> new ServedClassifier(classifier, options, observer), options);
    }

    /**
     * Serves a semantic-segmentation model: {@code POST /v1/predict} answers the JSON summary of
     * {@link dev.hsresnet.deploy.segmentation.SegmentationJson} or, with {@code ?format=png} or
     * {@code Accept: image/png}, the mask as an index PNG; {@code GET /v1/model} reports the task
     * and classes. There is no {@code /v2} protocol for segmentation. The server sets the
     * segmenter's pixel limit to {@link ServerOptions#maxImagePixels()}; mind that images are not
     * resized, so that limit also bounds the network's input and its {@code classes x pixels}
     * logits.
     *
     * @param segmenter the model to serve; the caller keeps ownership and closes it after the
     *     server
     * @param options the settings
     */
    public Server(Segmenter segmenter, ServerOptions options) {
        this(observer -> new ServedSegmenter(segmenter, options, observer), options);
    }

    /**
     * Serves an object detector: {@code POST /v1/predict[?threshold=T]} answers each image's
     * detections in {@link dev.hsresnet.deploy.detection.DetectionJson}'s form, in the uploaded
     * image's pixels ({@link DetectEndpoint}); {@code GET /v1/model} reports the task, classes,
     * inference size and settings. There is no {@code /v2} protocol for detection. The server
     * sets the detector's pixel limit to {@link ServerOptions#maxImagePixels()}; images are
     * resized to the model's inference size before they wait for the network.
     *
     * @param detector the model to serve; the caller keeps ownership and closes it after the
     *     server
     * @param options the settings
     */
    public Server(Detector detector, ServerOptions options) {
        this(observer -> ServedFcosModel.of(detector, options, observer), options);
    }

    /**
     * Serves an instance segmenter: {@code POST /v1/predict[?threshold=T]} answers each image's
     * instances in {@link dev.hsresnet.deploy.instance.InstanceJson}'s form (the detector's
     * fields and each mask as COCO compressed RLE, in the uploaded image's pixels; {@link
     * DetectEndpoint}), with the detector's uploads, limits and errors; {@code GET /v1/model}
     * reports the task, classes, prototypes, inference size and settings. There is no {@code /v2}
     * protocol. The server sets the segmenter's pixel limit to {@link
     * ServerOptions#maxImagePixels()}; images are resized to the model's inference size before
     * they wait for the network.
     *
     * @param segmenter the model to serve; the caller keeps ownership and closes it after the
     *     server
     * @param options the settings
     */
    public Server(InstanceSegmenter segmenter, ServerOptions options) {
        this(observer -> ServedFcosModel.of(segmenter, options, observer), options);
    }

    private Server(Function<Batcher.Observer, ServedModel> model,
            ServerOptions options) {
        this.options = options;
        this.served = model.apply(this::observeBatch);
        this.batcher = served.batcher();
        this.decodeBudget = new DecodeBudget(DecodeBudget.forHeap(
                Runtime.getRuntime().maxMemory(), options.maxImagePixels()));
        this.metrics = new Metrics(batcher::depth, options.queueCapacity(), inFlight::count,
                connections::get);
    }

    private void observeBatch(int size, double seconds, boolean failed) {
        metrics.batch(size, seconds, failed);
    }

    /**
     * Reads the token and TLS files, binds the address and starts serving.
     *
     * @return this server
     * @throws IOException when a token, certificate or key file cannot be read (naming it) or
     *     the address cannot be bound (port in use, unknown host)
     * @throws IllegalStateException when already started or closed
     */
    public synchronized Server start() throws IOException {
        if (listener != null || closed) {
            throw new IllegalStateException("the server was already started or closed");
        }
        byte[] token = options.authTokenFile() == null ? null : readToken(options.authTokenFile());
        SslContext tls = options.tls() ? tlsContext(options.tlsCert(), options.tlsKey()) : null;
        served.limitPixels(options.maxImagePixels());
        warnWhenTheLargestImageMayNotFit();
        workers = new ThreadPoolExecutor(options.workers(), options.workers(), 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(
                        Math.max(64, 2 * options.queueCapacity())), daemon("hsresnet-worker-"));
        Router router = new Router(routes(), served.v2(() -> accepting), served.endpoints(),
                options, metrics, inFlight, () -> accepting, workers, token);
        acceptor = new MultiThreadIoEventLoopGroup(1, daemon("hsresnet-accept-"),
                NioIoHandler.newFactory());
        io = new MultiThreadIoEventLoopGroup(Math.min(4,
                Math.max(1, Runtime.getRuntime().availableProcessors())),
                daemon("hsresnet-io-"), NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(acceptor, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connection(ch, router, tls);
                    }
                });
        try {
            listener = bootstrap.bind(new InetSocketAddress(
                    InetAddress.getByName(options.host()), options.port())).sync().channel();
        } catch (Exception e) {
            shutdownThreads();
            throw new IOException("cannot listen on " + options.host() + ":" + options.port()
                    + ": " + e.getMessage(), e);
        }
        address = (InetSocketAddress) listener.localAddress();
        batcher.start();
        accepting = true;
        LOG.info("serving {} ({}, {}) on {}", served.name(), served.task(),
                served.backendKind().id(), uri());
        return this;
    }

    /** Sets up one accepted connection, or refuses it (503) past the connection cap. */
    private void connection(SocketChannel ch, Router router, SslContext tls) {
        ChannelPipeline p = ch.pipeline();
        int open = connections.incrementAndGet();
        ch.closeFuture().addListener(f -> connections.decrementAndGet());
        if (tls != null) {
            p.addLast(tls.newHandler(ch.alloc()));
        }
        if (open > options.maxConnections()) {
            p.addLast(new HttpServerCodec());
            metrics.request("other", 503, 0);
            FullHttpResponse r = Call.errorResponse(503, "too many open connections (limit "
                    + options.maxConnections() + ")");
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ch.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        HttpConnection connection = new HttpConnection(options, metrics, router::dispatch);
        p.addLast(connection.firstByteWatcher());
        p.addLast(new HttpServerCodec(MAX_LINE_BYTES, MAX_HEADER_BYTES, 64 * 1024));
        p.addLast(connection);
    }

    private static byte[] readToken(Path file) throws IOException {
        String token;
        try {
            token = TextFiles.readUtf8(file, MAX_TOKEN_BYTES).strip();
        } catch (IOException e) {
            throw new IOException("cannot read the auth token file " + file + ": " + e, e);
        }
        if (token.isEmpty()) {
            throw new IOException("the auth token file " + file + " is empty");
        }
        if (token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IOException("the auth token in " + file + " has a space, control or "
                    + "non-ASCII character; bearer tokens are printable ASCII");
        }
        return token.getBytes(StandardCharsets.UTF_8);
    }

    private static SslContext tlsContext(Path cert, Path key) throws IOException {
        for (Path f : new Path[] {cert, key}) {
            if (!Files.isReadable(f)) {
                throw new IOException("cannot read the TLS file " + f);
            }
        }
        try {
            return SslContextBuilder.forServer(cert.toFile(), key.toFile())
                    .sslProvider(SslProvider.JDK).build();
        } catch (Exception e) {
            throw new IOException("cannot use the TLS certificate " + cert + " and key " + key
                    + " (PEM, the key in PKCS#8): " + e.getMessage(), e);
        }
    }

    private Map<String, Router.Route> routes() {
        String ok = Json.write(Map.of("status", "ok"));
        Map<String, Router.Route> routes = new HashMap<>(served.routes(decodeBudget));
        routes.put("/health", new Router.Route("GET", call -> call.json(200, ok), false));
        routes.put("/metrics", new Router.Route("GET", call -> call.send(200,
                "text/plain; version=0.0.4; charset=utf-8",
                metrics.render().getBytes(StandardCharsets.UTF_8)), false));
        return routes;
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
        if (address == null) {
            throw new IllegalStateException("the server is not started");
        }
        return address.getPort();
    }

    /** @return the base address, e.g. {@code http://127.0.0.1:8080/} ({@code https} with TLS) */
    public synchronized URI uri() {
        try {
            return new URI(options.tls() ? "https" : "http", null,
                    address.getAddress().getHostAddress(), port(), "/", null, null);
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

    /** @return connections open now */
    public int openConnections() {
        return connections.get();
    }

    /**
     * Stops gracefully: the listener is closed, new requests on open connections are refused
     * (503, connection closed), requests being handled are answered (waiting at most the request
     * timeout), then the connections and the threads are closed. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        accepting = false;
        if (listener == null) {
            return;
        }
        listener.close().awaitUninterruptibly();
        long grace = options.requestTimeout().toNanos() + CLOSE_MARGIN_NANOS;
        try {
            if (!inFlight.awaitIdle(grace)) {
                LOG.warn("closing with {} requests still unanswered", inFlight.count());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batcher.close(options.requestTimeout());
        shutdownThreads();
        LOG.info("server on port {} stopped", address.getPort());
    }

    private void shutdownThreads() {
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(options.requestTimeout().toNanos()
                    + CLOSE_MARGIN_NANOS, TimeUnit.NANOSECONDS)) {
                workers.shutdownNow();
            }
            if (acceptor != null) {
                acceptor.terminationFuture().await(5, TimeUnit.SECONDS);
                io.terminationFuture().await(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
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
