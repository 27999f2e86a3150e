package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.testing.HostilePngs;
import dev.hsresnet.data.segmentation.LabelMask;
import dev.hsresnet.data.segmentation.MaskDecoder;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.segmentation.Segmenter;
import dev.hsresnet.deploy.server.ServerOptions;
import dev.hsresnet.vision.segmentation.SegmentationModel;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hsresnet predict} and {@code serve} on a segmentation model directory. */
class PredictSegmentationCliTest {

    private static final List<String> CLASSES = List.of("sky", "road", "car");

    @TempDir
    static Path tmp;

    static Path model;
    static Path a;
    static Path b;

    @BeforeAll
    static void setUp() throws IOException {
        model = tmp.resolve("seg");
        try (SegmentationModel m = SegmentationModel.create(
                SegmentationModels.config("fpn_hs_resnet26_nano", CLASSES), 3)) {
            ModelDir.save(m, model);
        }
        Path images = Files.createDirectories(tmp.resolve("images"));
        a = write(images.resolve("a.png"), 48, 32, 1);
        b = write(images.resolve("b.photo.png"), 37, 53, 2);
        Files.writeString(images.resolve("broken.png"), "this is not a png");
    }

    private static Path write(Path file, int w, int h, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rng.nextInt(1 << 24));
            }
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** Asserts that the JSON summary matches the mask and covers every pixel. */
    private static void assertSummary(JsonNode o, LabelMask mask) {
        assertEquals("fpn_hs_resnet26_nano", o.get("model").asText());
        assertEquals(mask.width(), o.get("width").asInt());
        assertEquals(mask.height(), o.get("height").asInt());
        long sum = 0;
        for (JsonNode c : o.get("classes")) {
            int k = c.get("index").asInt();
            assertEquals(CLASSES.get(k), c.get("name").asText());
            long counted = java.util.Arrays.stream(mask.labels()).filter(v -> v == k).count();
            assertEquals(counted, c.get("pixels").asLong(), o.toString());
            sum += counted;
        }
        assertEquals(mask.size(), sum);
    }

    @Test
    void eachImageGetsAMaskPngAndAJsonSummary() throws IOException {
        Path out = tmp.resolve("out-table");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                a.toString(), b.toString(), a.resolveSibling("broken.png").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("backend djl (segmentation models are not measured"),
                r.err());
        assertTrue(r.err().contains("skipped " + a.resolveSibling("broken.png")), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].startsWith(a + " 48x32 -> " + out.resolve("a-mask.png") + ": "),
                lines[0]);
        assertTrue(lines[1].startsWith(b + " 37x53 -> " + out.resolve("b.photo-mask.png")),
                lines[1]);
        assertTrue(lines[0].matches(".*: (sky|road|car) \\d+\\.\\d%.*"), lines[0]);
        try (Segmenter s = Segmenter.open(model)) {
            for (Path image : List.of(a, b)) {
                String stem = SegmentPredict.stem(image);
                LabelMask mask = MaskDecoder.decode(out.resolve(stem + "-mask.png"));
                assertEquals(s.segment(image).mask(), mask, image.toString());
                assertSummary(new ObjectMapper().readTree(
                        out.resolve(stem + ".json").toFile()), mask);
            }
        }
    }

    @Test
    void jsonOutputOnOnnxRuntimeMatchesItsFiles() throws IOException {
        Path out = tmp.resolve("out-json");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                "--backend", "ort", "--format", "json", a.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode all = new ObjectMapper().readTree(r.out());
        assertEquals(1, all.size());
        JsonNode row = all.get(0);
        assertEquals(a.toString(), row.get("file").asText());
        assertEquals(out.resolve("a-mask.png").toString(), row.get("mask").asText());
        LabelMask mask = MaskDecoder.decode(out.resolve("a-mask.png"));
        assertSummary(row, mask);
        try (Segmenter ort = Segmenter.open(model, BackendKind.ONNX)) {
            assertEquals(ort.segment(a).mask(), mask);
        }
        CliRun csv = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                "--format", "csv", "--top-k", "1", a.toString());
        assertEquals(0, csv.exitCode(), csv.err());
        String[] lines = csv.out().strip().split("\n");
        assertEquals("file,mask,rank,index,name,pixels,fraction", lines[0]);
        assertEquals(2, lines.length, csv.out());
    }

    @Test
    void repeatedStemsAndOversizedImagesAreSkippedWithTheirReasons() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Path twin = write(other.resolve("a.png"), 20, 20, 5);
        Path huge = HostilePngs.black(other.resolve("huge.png"), 5000, 4000);
        Path out = tmp.resolve("out-skip");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                a.toString(), twin.toString(), huge.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("skipped " + twin + ": its outputs a-mask.png and a.json "
                + "would replace those of " + a), r.err());
        assertTrue(r.err().contains("skipped " + huge + ": image file " + huge
                + " declares 5000x4000 = 20000000 pixels, more than the limit of 16777216"),
                r.err());
        assertEquals(1, r.out().strip().split("\n").length, r.out());

        CliRun none = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                huge.toString());
        assertEquals(ErrorHandler.FAILED, none.exitCode());
        assertTrue(none.err().contains("no image could be segmented"), none.err());
    }

    @Test
    void outIsForSegmentationModelsOnly() throws IOException {
        Path classifier = tmp.resolve("cifar");
        CliRun init = CliRun.of("init", "hs_resnet29_cifar", "--out", classifier.toString(),
                "--seed", "1");
        assertEquals(0, init.exitCode(), init.err());
        CliRun r = CliRun.of("predict", "--model", classifier.toString(), "--out",
                tmp.resolve("x").toString(), a.toString());
        assertEquals(ErrorHandler.USAGE, r.exitCode());
        assertTrue(r.err().contains("--out is for segmentation models"), r.err());
    }

    @Test
    void serveAnswersWithTheSegmentationEndpoints() throws Exception {
        List<String> log = new ArrayList<>();
        ServerOptions options = ServerOptions.builder().port(0).workers(2).build();
        try (ServeCommand.Running running = ServeCommand.start(model,
                ServeCommand.Task.of(model), BackendKind.AUTO, 8, options, log::add)) {
            assertTrue(running.banner().contains("(segmentation, djl)"), running.banner());
            URI base = running.server().uri();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .build();
            HttpResponse<String> info = client.send(HttpRequest.newBuilder(
                    base.resolve("/v1/model")).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, info.statusCode(), info.body());
            JsonNode o = new ObjectMapper().readTree(info.body());
            assertEquals("segmentation", o.get("task").asText());
            HttpResponse<byte[]> mask = client.send(HttpRequest.newBuilder(
                    base.resolve("/v1/predict?format=png")).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofFile(a)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, mask.statusCode());
            assertEquals(MaskDecoder.decode(out(a)), MaskDecoder.decode(mask.body(), "answer",
                    dev.hsresnet.data.ImageGuard.DEFAULT));
        }
        assertTrue(log.get(0).startsWith("backend djl"), log.toString());
    }

    /** @return the mask {@code predict} writes for {@code image} */
    private static Path out(Path image) {
        Path dir = tmp.resolve("out-serve");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--out", dir.toString(),
                image.toString());
        assertEquals(0, r.exitCode(), r.err());
        return dir.resolve(SegmentPredict.stem(image) + SegmentPredict.MASK_SUFFIX);
    }
}
