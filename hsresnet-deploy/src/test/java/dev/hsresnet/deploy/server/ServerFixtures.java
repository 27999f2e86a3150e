package dev.hsresnet.deploy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.deploy.Backend;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Classifier;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Shared pieces of the server tests: models, images, a fake backend and an HTTP client. */
final class ServerFixtures {

    static final List<String> LABELS = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    static final ObjectMapper JSON = new ObjectMapper();

    /** Generous bound on any wait in the tests: nothing here should take long. */
    static final long WAIT_SECONDS = 120;

    private ServerFixtures() {}

    /** @return the configuration of a 10-class CIFAR HS-ResNet-29 with labels */
    static ModelConfig config() {
        return ModelConfig.of("hs_resnet29_cifar", 10, 3).withLabels(LABELS);
    }

    /** Writes a freshly initialized model directory. */
    static Path modelDir(Path parent) throws IOException {
        Path dir = parent.resolve("model");
        try (ResNetModel model = ResNetModel.create(config(), 7)) {
            ModelDir.save(model, dir);
        }
        return dir;
    }

    /** @return options for tests: ephemeral loopback port, small limits, short slow-client cuts */
    static ServerOptions.Builder options() {
        return ServerOptions.builder().port(0).workers(4).maxBodyBytes(256 * 1024)
                .requestTimeout(Duration.ofSeconds(60)).batchWindow(Duration.ZERO)
                .headerTimeout(Duration.ofSeconds(2)).bodyTimeout(Duration.ofSeconds(2));
    }

    /** @return a picture of {@code w x h} with random coloured rectangles */
    static BufferedImage picture(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            g.fillRect(r.nextInt(w), r.nextInt(h), 1 + r.nextInt(w), 1 + r.nextInt(h));
        }
        g.dispose();
        return img;
    }

    static byte[] png(int w, int h, long seed) {
        return encode(picture(w, h, seed), "png");
    }

    static byte[] jpeg(int w, int h, long seed) {
        return encode(picture(w, h, seed), "jpg");
    }

    private static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * @return a PNG signature and an IHDR chunk (valid CRC) declaring {@code width x height}
     *     8-bit RGB, then an empty IDAT and IEND: a well-formed header with no real pixel data
     */
    static byte[] pngClaiming(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(b, "IHDR", ihdr.array());
        chunk(b, "IDAT", new byte[0]);
        chunk(b, "IEND", new byte[0]);
        return b.array();
    }

    private static void chunk(ByteBuffer out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.putInt(data.length).put(t).put(data).putInt((int) crc.getValue());
    }

    /** @return a baseline JPEG whose SOF0 header is patched to declare {@code w x h} */
    static byte[] jpegClaiming(int width, int height) {
        byte[] jpg = jpeg(32, 32, 1);
        for (int i = 0; i + 8 < jpg.length; i++) {
            if ((jpg[i] & 0xff) == 0xff && (jpg[i + 1] & 0xff) == 0xc0) {
                jpg[i + 5] = (byte) (height >> 8);
                jpg[i + 6] = (byte) height;
                jpg[i + 7] = (byte) (width >> 8);
                jpg[i + 8] = (byte) width;
                return jpg;
            }
        }
        throw new IllegalStateException("no SOF0 marker in ImageIO's JPEG");
    }

    /** @return a multipart/form-data body: a text field, then the file part */
    static byte[] multipart(String boundary, String filename, String type, byte[] file) {
        return multipart(boundary, type, List.of(filename), List.of(file));
    }

    /** @return a multipart/form-data body: a text field, then one file part per file, in order */
    static byte[] multipart(String boundary, String type, List<String> names, List<byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
                + "hello\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < files.size(); i++) {
            out.writeBytes(("--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"image" + i + "\"; filename=\""
                    + names.get(i) + "\"\r\n"
                    + "Content-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(files.get(i));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * Sends raw bytes on a new connection and reads until the server closes it.
     *
     * @return everything the server sent
     */
    static String raw(URI base, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(),
                    StandardCharsets.ISO_8859_1);
        }
    }

    /** @return the JSON body of a raw HTTP answer */
    static JsonNode rawJson(String answer) {
        int at = answer.indexOf("\r\n\r\n");
        try {
            return JSON.readTree(answer.substring(at + 4));
        } catch (IOException e) {
            throw new AssertionError("not a JSON answer: " + answer, e);
        }
    }

    /** An HTTP/1.1 client (the server speaks nothing else). */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(WAIT_SECONDS)).build();
    }

    static HttpRequest post(URI base, String pathAndQuery, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(WAIT_SECONDS))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return b.build();
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static CompletableFuture<HttpResponse<String>> sendAsync(HttpClient client,
            HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(HttpClient client, URI base, String path) {
        return send(client, HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(WAIT_SECONDS)).GET().build());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Checks that the server still answers {@code GET /health}. */
    static void assertHealthy(HttpClient client, URI base) {
        HttpResponse<String> r = get(client, base, "/health");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("ok", json(r).get("status").asText());
    }

    /** @return a classifier around {@code backend} with the 10-class test configuration */
    static Classifier fakeClassifier(FakeBackend backend) {
        return new Classifier(config(), backend);
    }

    /**
     * A network stand-in: logits computed from each image's values (so rows cannot be mixed up
     * unnoticed), the batch sizes it was called with, and an optional gate that holds every
     * call until opened.
     */
    static final class FakeBackend implements Backend {

        final ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch gate;

        /** @param gated whether calls wait for {@link #open()} */
        FakeBackend(boolean gated) {
            this.gate = new CountDownLatch(gated ? 1 : 0);
        }

        /** Lets every waiting and future call through. */
        void open() {
            gate.countDown();
        }

        @Override
        public float[][] logits(float[] input, int n) {
            batchSizes.add(n);
            entered.countDown();
            try {
                if (!gate.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("fake backend gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            int length = input.length / n;
            float[][] out = new float[n][LABELS.size()];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < LABELS.size(); j++) {
                    out[i][j] = 4 * input[i * length + (j * 97) % length];
                }
            }
            return out;
        }

        @Override
        public BackendKind kind() {
            return BackendKind.DJL;
        }

        @Override
        public void close() {}
    }
}
