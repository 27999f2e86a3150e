package dev.hsresnet.cli;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.server.Server;
import dev.hsresnet.deploy.server.ServerOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsresnet serve}: the HTTP inference server, until SIGINT or SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a model over HTTP: POST /v1/predict (image bytes or a multipart "
                + "upload, ?top_k=K), GET /v1/model, GET /health, GET /metrics (Prometheus). "
                + "Runs until interrupted (Ctrl-C, SIGTERM), then finishes the requests in flight.")
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

    @Option(names = "--backend", paramLabel = "B", defaultValue = "djl",
            converter = OptionTypes.Backend.class,
            description = "djl or onnx (default: ${DEFAULT-VALUE}).")
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
            description = "Threads that read, decode and preprocess requests (default: the "
                    + "number of cores, at least 2).")
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
            description = "Request deadline in seconds: receiving it and its inference "
                    + "(default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    @Option(names = "--max-body-mb", paramLabel = "MB", defaultValue = "10",
            converter = OptionTypes.PositiveLong.class,
            description = "Largest request body in MiB (default: ${DEFAULT-VALUE}).")
    private long maxBodyMb;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "50000000",
            converter = OptionTypes.PositiveLong.class,
            description = "Largest image, width x height, read from its header before decoding "
                    + "(default: ${DEFAULT-VALUE}).")
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

    @Override
    public Integer call() throws IOException, InterruptedException {
        ServerOptions.Builder b = ServerOptions.builder().host(host).port(port).maxBatch(maxBatch)
                .batchWindow(Duration.ofMillis(batchWindowMs)).inferenceThreads(inferenceThreads)
                .queueCapacity(queue).requestTimeout(Duration.ofSeconds(timeoutSeconds))
                .maxBodyBytes(Math.multiplyExact(maxBodyMb, 1L << 20)).maxImagePixels(maxPixels)
                .defaultTopK(topK).maxTopK(maxTopK);
        if (workers != null) {
            b.workers(workers);
        }
        ServerOptions options = OptionTypes.usageChecked(spec, "options", b::build);
        Classifier classifier = Classifier.open(modelDir.dir, backend);
        Server server;
        try {
            server = new Server(classifier, options).start();
        } catch (IOException | RuntimeException e) {
            classifier.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            classifier.close();
            stopped.countDown();
        }, "hsresnet-serve-shutdown"));
        var out = spec.commandLine().getOut();
        out.println("serving " + classifier.config().name() + " (" + backend.id() + ") on "
                + server.uri() + " - POST /v1/predict, GET /v1/model /health /metrics; "
                + "Ctrl-C stops");
        out.flush();
        stopped.await();
        return 0;
    }
}
