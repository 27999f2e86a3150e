package dev.hsresnet.deploy.server;

import dev.hsresnet.deploy.bench.SyntheticImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load for {@code POST /v1/predict}: a fixed number of requests sent by {@code concurrency}
 * clients, each sending its next request as soon as the previous one is answered (closed loop).
 * Reports throughput and latency percentiles; a warm-up round (JIT, libtorch) is not counted.
 *
 * <pre>
 * java -cp hsresnet-cli.jar dev.hsresnet.deploy.server.LoadGenerator --url http://127.0.0.1:8080/
 *     [--requests 2000] [--concurrency 8] [--warmup 100] [--image FILE]... [--synthetic 16]
 *     [--size 32] [--idle 0] [--stalled 0]
 * </pre>
 *
 * <p>Without {@code --image}, {@code --synthetic} JPEGs of {@code --size} pixels are drawn. With
 * {@code --idle K --stalled M}, K keep-alive connections (one answered {@code GET /health}, then
 * silence) and M stalled ones (one byte sent) are held open during the whole run ({@link
 * HeldConnections}); the report says how many the server still held at the end. The exit status
 * is 1 when any request failed or a held connection could not be opened.
 */
public final class LoadGenerator {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private LoadGenerator() {}

    /**
     * What to send.
     *
     * @param endpoint the predict URL
     * @param requests timed requests
     * @param concurrency clients sending at once
     * @param warmup requests sent (at the same concurrency) before timing
     * @param images encoded images, sent in turn
     */
    public record Options(URI endpoint, int requests, int concurrency, int warmup,
            List<byte[]> images) {

        /** Validates the counts, naming the bad one. */
        public Options {
            if (requests < 1 || concurrency < 1 || warmup < 0) {
                throw new IllegalArgumentException("need requests >= 1, concurrency >= 1 and "
                        + "warmup >= 0, got " + requests + ", " + concurrency + ", " + warmup);
            }
            if (images == null || images.isEmpty()) {
                throw new IllegalArgumentException("no images to send");
            }
            images = List.copyOf(images);
        }
    }

    /**
     * What happened.
     *
     * @param requests timed requests
     * @param ok answered 200
     * @param statuses answers by HTTP status; 0 counts connection failures
     * @param seconds wall time of the timed requests
     * @param p50Ms median latency, milliseconds (every request, failed ones included)
     * @param p90Ms 90th percentile latency
     * @param p99Ms 99th percentile latency
     * @param maxMs slowest request
     */
    public record Result(int requests, int ok, SortedMap<Integer, Integer> statuses,
            double seconds, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

        /** @return requests per second */
        public double throughput() {
            return requests / seconds;
        }

        /** @return requests not answered 200 */
        public int errors() {
            return requests - ok;
        }

        /** @return one line with the figures */
        public String summary() {
            return String.format(Locale.ROOT, "throughput %.1f req/s (%d requests in %.2f s); "
                    + "latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; %d ok, "
                    + "%d errors; statuses %s", throughput(), requests, seconds, p50Ms, p90Ms,
                    p99Ms, maxMs, ok, errors(), statuses);
        }
    }

    /**
     * Sends the warm-up, then the timed requests.
     *
     * @param options what to send
     * @return the figures of the timed requests
     */
    public static Result run(Options options) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT).build();
        if (options.warmup() > 0) {
            round(client, options, options.warmup(), new long[options.warmup()],
                    new int[options.warmup()]);
        }
        long[] nanos = new long[options.requests()];
        int[] status = new int[options.requests()];
        long start = System.nanoTime();
        round(client, options, options.requests(), nanos, status);
        double seconds = (System.nanoTime() - start) / 1e9;

        SortedMap<Integer, Integer> statuses = new TreeMap<>();
        for (int s : status) {
            statuses.merge(s, 1, Integer::sum);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Result(options.requests(), statuses.getOrDefault(200, 0), statuses, seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static void round(HttpClient client, Options options, int count, long[] nanos,
            int[] status) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < options.concurrency(); c++) {
            Thread t = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    byte[] image = options.images().get(i % options.images().size());
                    HttpRequest request = HttpRequest.newBuilder(options.endpoint())
                            .timeout(REQUEST_TIMEOUT).header("Content-Type", mediaType(image))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build();
                    long t0 = System.nanoTime();
                    try {
                        status[i] = client.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (IOException e) {
                        status[i] = 0;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    nanos[i] = System.nanoTime() - t0;
                }
            }, "load-client-" + c);
            clients.add(t);
            t.start();
        }
        for (Thread t : clients) {
            t.join();
        }
    }

    /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** @return {@code image/png}, {@code image/jpeg} or {@code application/octet-stream} */
    static String mediaType(byte[] image) {
        if (image.length > 3 && (image[0] & 0xff) == 0x89 && image[1] == 'P') {
            return "image/png";
        }
        if (image.length > 2 && (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8) {
            return "image/jpeg";
        }
        return "application/octet-stream";
    }

    /**
     * Runs the load and prints the figures (this is a command-line tool).
     *
     * @param args see the class description
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        URI url = null;
        int requests = 2000;
        int concurrency = 8;
        int warmup = 100;
        int synthetic = 16;
        int size = 32;
        int idle = 0;
        int stalled = 0;
        List<byte[]> images = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--url" -> url = URI.create(required(args[i], value));
                    case "--requests" -> requests = Integer.parseInt(required(args[i], value));
                    case "--concurrency" ->
                            concurrency = Integer.parseInt(required(args[i], value));
                    case "--warmup" -> warmup = Integer.parseInt(required(args[i], value));
                    case "--synthetic" -> synthetic = Integer.parseInt(required(args[i], value));
                    case "--size" -> size = Integer.parseInt(required(args[i], value));
                    case "--idle" -> idle = Integer.parseInt(required(args[i], value));
                    case "--stalled" -> stalled = Integer.parseInt(required(args[i], value));
                    case "--image" -> images.add(Files.readAllBytes(Path.of(required(args[i],
                            value))));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (url == null) {
                throw new IllegalArgumentException("--url is required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("LoadGenerator: " + e.getMessage());
            System.err.println("usage: LoadGenerator --url http://HOST:PORT/ [--requests N] "
                    + "[--concurrency C] [--warmup W] [--image FILE]... [--synthetic N] "
                    + "[--size S] [--idle K] [--stalled M]");
            System.exit(2);
            return;
        }
        String what = images.isEmpty() ? synthetic + " synthetic " + size + "x" + size + " JPEGs"
                : images.size() + " image files";
        if (images.isEmpty()) {
            images = SyntheticImages.jpegs(synthetic, size, 1);
        }
        URI endpoint = url.resolve("/v1/predict");
        System.out.printf(Locale.ROOT, "load: %d requests (+%d warm-up) at concurrency %d, %s "
                + "(%.1f kB on average) -> %s%n", requests, warmup, concurrency, what,
                images.stream().mapToInt(b -> b.length).average().orElse(0) / 1000, endpoint);
        Result result;
        try (HeldConnections held = HeldConnections.open(url, idle, stalled)) {
            if (idle + stalled > 0) {
                System.out.printf(Locale.ROOT, "held: %d idle and %d stalled connections%n",
                        idle, stalled);
            }
            result = run(new Options(endpoint, requests, concurrency, warmup, images));
            System.out.println(result.summary());
            if (idle + stalled > 0) {
                System.out.printf(Locale.ROOT, "held at the end: %d of %d idle, %d of %d stalled "
                        + "still open%n", held.idleOpen(), idle, held.stalledOpen(), stalled);
            }
        } catch (IOException e) {
            System.err.println("LoadGenerator: cannot hold the connections: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.exit(result.errors() == 0 ? 0 : 1);
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
