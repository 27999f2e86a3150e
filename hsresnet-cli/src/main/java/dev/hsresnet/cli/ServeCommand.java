package dev.hsresnet.cli;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.TaskBackends;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.deploy.instance.InstanceSegmenter;
import dev.hsresnet.deploy.segmentation.Segmenter;
import dev.hsresnet.deploy.server.Server;
import dev.hsresnet.deploy.server.ServerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsresnet serve}: the HTTP inference server, until SIGINT or SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a model over HTTP(S): POST /v1/predict (image bytes, a multipart "
                + "upload of one or more files, or JSON base64 instances; ?top_k=K), "
                + "GET /v1/model, GET /health, GET /metrics (Prometheus), and the KServe v2 "
                + "protocol under /v2. A segmentation model (task 'segmentation') answers "
                + "POST /v1/predict with the area of every class as JSON, or with the class "
                + "mask as a PNG (?format=png or Accept: image/png), and has no /v2. A detection "
                + "model (task 'detection') answers POST /v1/predict[?threshold=T] with the "
                + "boxes of every image as JSON (label, classIndex, score, box in the image's "
                + "pixels), and has no /v2. An instance segmentation model (task 'instance') "
                + "answers as a detector, each instance with its mask as COCO RLE. Runs until "
                + "interrupted (Ctrl-C, SIGTERM), then finishes the requests in flight.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelDirOption modelDir;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; "
                    + "0.0.0.0 for every interface).")
    private String host;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080",
            converter = OptionTypes.Port.class,
            description = "TCP port, 0 for a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--backend", paramLabel = "B", defaultValue = "auto",
            converter = OptionTypes.Backend.class,
            description = "djl, onnx or auto (the faster for this model on this machine at "
                    + "--max-batch, measured once and cached; HSRESNET_BACKEND=djl|onnx forces "
                    + "one); default: ${DEFAULT-VALUE}.")
    private BackendKind backend;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "8",
            converter = OptionTypes.Positive.class,
            description = "Most images per call to the network (default: ${DEFAULT-VALUE}).")
    private int maxBatch;

    @Option(names = "--batch-window-ms", paramLabel = "MS", defaultValue = "2",
            converter = OptionTypes.NonNegativeLong.class,
            description = "How long a batch waits for more images (default: ${DEFAULT-VALUE}).")
    private long batchWindowMs;

    @Option(names = "--workers", converter = OptionTypes.Positive.class, paramLabel = "N",
            description = "Threads that decode and preprocess images (default: the number of "
                    + "cores, at least 2); network I/O runs on its own non-blocking threads.")
    private Integer workers;

    @Option(names = "--inference-threads", paramLabel = "N", defaultValue = "1",
            converter = OptionTypes.Positive.class,
            description = "Threads running batches (default: ${DEFAULT-VALUE}; libtorch already "
                    + "uses every core within a batch).")
    private int inferenceThreads;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "64",
            converter = OptionTypes.Positive.class,
            description = "Images that may wait for inference before requests get 503 "
                    + "(default: ${DEFAULT-VALUE}).")
    private int queue;

    @Option(names = "--timeout-s", paramLabel = "S", defaultValue = "30",
            converter = OptionTypes.PositiveLong.class,
            description = "Request deadline in seconds, from its headers to its answer "
                    + "(default: ${DEFAULT-VALUE}; 504 after).")
    private long timeoutSeconds;

    @Option(names = "--max-body-mb", paramLabel = "MB", defaultValue = "10",
            converter = OptionTypes.PositiveLong.class,
            description = "Largest request body in MiB (default: ${DEFAULT-VALUE}).")
    private long maxBodyMb;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "50000000",
            converter = OptionTypes.PositiveLong.class,
            description = "Largest image, width x height, read from its header before decoding "
                    + "(default: ${DEFAULT-VALUE}; for a segmentation model, which runs on the "
                    + "image at its own size, 16777216 = 4096 x 4096).")
    private long maxPixels;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "5",
            converter = OptionTypes.Positive.class,
            description = "Classes returned when a request gives no top_k "
                    + "(default: ${DEFAULT-VALUE}).")
    private int topK;

    @Option(names = "--max-top-k", paramLabel = "K", defaultValue = "100",
            converter = OptionTypes.Positive.class,
            description = "Largest top_k accepted (default: ${DEFAULT-VALUE}).")
    private int maxTopK;

    @Option(names = "--max-images", paramLabel = "N", converter = OptionTypes.Positive.class,
            defaultValue = "32",
            description = "Most images in one request (default: ${DEFAULT-VALUE}).")
    private int maxImages;

    @Option(names = "--max-connections", paramLabel = "N", converter = OptionTypes.Positive.class,
            defaultValue = "4096",
            description = "Open connections allowed at once; more are answered 503 "
                    + "(default: ${DEFAULT-VALUE}).")
    private int maxConnections;

    @Option(names = "--header-timeout-s", paramLabel = "S", defaultValue = "10",
            description = "Longest wait for a request's headers after its first byte "
                    + "(default: ${DEFAULT-VALUE}).")
    private long headerTimeoutSeconds;

    @Option(names = "--body-timeout-s", paramLabel = "S", defaultValue = "30",
            description = "Longest wait for a request's body after its headers; 408 after "
                    + "(default: ${DEFAULT-VALUE}).")
    private long bodyTimeoutSeconds;

    @Option(names = "--idle-timeout-s", paramLabel = "S", defaultValue = "60",
            description = "How long a keep-alive connection may wait for its next request "
                    + "(default: ${DEFAULT-VALUE}).")
    private long idleTimeoutSeconds;

    @Option(names = "--auth-token-file", paramLabel = "FILE",
            description = "Require 'Authorization: Bearer <token>' with the token in FILE on "
                    + "every endpoint except /health and /v2/health/*.")
    private Path authTokenFile;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "Serve HTTPS with this PEM certificate chain (with --tls-key).")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM",
            description = "The PEM PKCS#8 private key of --tls-cert.")
    private Path tlsKey;

    @Override
    public Integer call() throws IOException, InterruptedException {
        long maxMb = ServerOptions.MAX_BODY_BYTES_CAP >> 20;
        if (maxBodyMb < 1 || maxBodyMb > maxMb) {
            throw OptionTypes.usage(spec, "--max-body-mb must be 1 to " + maxMb + ", got "
                    + maxBodyMb);
        }
        ServerOptions.Builder b = ServerOptions.builder().host(host).port(port).maxBatch(maxBatch)
                .batchWindow(Duration.ofMillis(batchWindowMs)).inferenceThreads(inferenceThreads)
                .queueCapacity(queue).requestTimeout(seconds("--timeout-s", timeoutSeconds))
                .maxBodyBytes(maxBodyMb << 20).maxImagePixels(maxPixels)
                .defaultTopK(topK).maxTopK(maxTopK).maxImagesPerRequest(maxImages)
                .maxConnections(maxConnections)
                .headerTimeout(seconds("--header-timeout-s", headerTimeoutSeconds))
                .bodyTimeout(seconds("--body-timeout-s", bodyTimeoutSeconds))
                .idleTimeout(seconds("--idle-timeout-s", idleTimeoutSeconds))
                .authTokenFile(authTokenFile).tls(tlsCert, tlsKey);
        if (workers != null) {
            b.workers(workers);
        }
        ServerOptions options = OptionTypes.usageChecked(spec, "options", b::build);
        Task task = Task.of(modelDir.dir);
        boolean pixelsGiven = spec.commandLine().getParseResult().hasMatchedOption("--max-pixels");
        if (task == Task.SEGMENTATION && !pixelsGiven) { // nothing is resized down
            options = options.toBuilder().maxImagePixels(Math.min(maxPixels,
                    Segmenter.DEFAULT_MAX_PIXELS)).build();
        }
        var err = spec.commandLine().getErr();
        Running running = start(modelDir.dir, task, backend, maxBatch, options, line -> {
            err.println("hsresnet serve: " + line);
            err.flush();
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "hsresnet-serve-shutdown"));
        var out = spec.commandLine().getOut();
        out.println(running.banner());
        out.flush();
        stopped.await();
        return 0;
    }

    /** What a model directory or {@code .onnx} file holds, which decides how it is served. */
    enum Task {
        CLASSIFICATION, SEGMENTATION, DETECTION, INSTANCE;

        /**
         * @param model a model directory or an exported {@code .onnx} file
         * @return its task
         * @throws IOException naming the file when it is neither a model directory nor an ONNX
         *     file
         */
        static Task of(Path model) throws IOException {
            return Detector.isDetectionModel(model) ? DETECTION
                    : InstanceSegmenter.isInstanceModel(model) ? INSTANCE
                    : Segmenter.isSegmentationModel(model) ? SEGMENTATION : CLASSIFICATION;
        }
    }

    /**
     * A started server and the model it serves.
     *
     * @param server the server
     * @param model the classifier, segmenter, detector or instance segmenter, closed after the
     *     server
     * @param banner the line that says what is served where
     */
    record Running(Server server, AutoCloseable model, String banner) implements AutoCloseable {

        /** Stops the server (finishing the requests in flight), then frees the model. */
        @Override
        public void close() {
            server.close();
            try {
                model.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the model: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Opens the model as its task says and starts serving it.
     *
     * @param model a model directory or an exported {@code .onnx} file
     * @param task what it holds ({@link Task#of})
     * @param backend the backend
     * @param maxBatch the batch size {@code auto} measures a classifier at
     * @param options the server's settings
     * @param log receives the backend choice
     * @return the running server
     * @throws IOException when the model cannot be loaded or the address bound
     */
    static Running start(Path model, Task task, BackendKind backend, int maxBatch,
            ServerOptions options, Consumer<String> log) throws IOException {
        String fcos = "POST /v1/predict[?threshold=T] (JSON boxes";
        switch (task) {
            case DETECTION -> {
                Detector d = Detector.open(model, backend, log);
                return serve(d, d.config().name(), "detection, " + d.backendKind().id(),
                        () -> new Server(d, options), fcos + ")");
            }
            case INSTANCE -> {
                InstanceSegmenter s = InstanceSegmenter.open(model, backend, log);
                return serve(s, s.config().name(), "instance, " + s.backendKind().id(),
                        () -> new Server(s, options), fcos + " and RLE masks)");
            }
            case SEGMENTATION -> {
                Segmenter s = Segmenter.open(model, backend, log);
                return serve(s, s.config().name(), "segmentation, " + s.backendKind().id(),
                        () -> new Server(s, options),
                        "POST /v1/predict (JSON, or the mask with ?format=png)");
            }
            default -> {
                Classifier c = Classifier.open(model, backend, maxBatch, log);
                return serve(c, c.config().name(), c.backendKind().id(),
                        () -> new Server(c, options), "POST /v1/predict");
            }
        }
    }

    /**
     * Starts a server for an opened model; when that fails, closes the model.
     *
     * @param model what the server runs
     * @param name the model's name, for the banner
     * @param what its task and backend, for the banner
     * @param server builds the server
     * @param predict what {@code /v1/predict} does, for the banner
     * @return the running server
     */
    private static Running serve(AutoCloseable model, String name, String what,
            ServerStart server, String predict) throws IOException {
        Server started = TaskBackends.orClose(model, m -> server.get().start());
        return new Running(started, model, "serving " + name + " (" + what + ") on "
                + started.uri() + " - " + predict + ", GET /v1/model /health /metrics"
                + (model instanceof Classifier ? ", v2 under /v2" : "") + "; Ctrl-C stops");
    }

    @FunctionalInterface
    private interface ServerStart {
        Server get() throws IOException;
    }

    private Duration seconds(String option, long value) {
        long max = ServerOptions.MAX_DURATION.toSeconds();
        if (value < 1 || value > max) {
            throw OptionTypes.usage(spec, option + " must be 1 to " + max + " seconds, got "
                    + value);
        }
        return Duration.ofSeconds(value);
    }
}
