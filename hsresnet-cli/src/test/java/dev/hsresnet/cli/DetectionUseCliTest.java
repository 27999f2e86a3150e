package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.data.SyntheticDetection;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.detection.DetectionJson;
import dev.hsresnet.deploy.detection.DetectionResult;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.deploy.server.ServerOptions;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionModels;
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
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict}, {@code serve} and {@code eval} on a detection model directory: a freshly
 * initialized fcos_resnet26_nano (3 classes, 64 / 96 px inference size) on {@link
 * SyntheticDetection} images.
 */
class DetectionUseCliTest {

    private static final List<String> CLASSES = List.of(SyntheticDetection.CLASSES);

    @TempDir
    static Path tmp;

    static Path model;
    static Path data;
    static Path a;
    static Path b;
    static Path broken;

    @BeforeAll
    static void setUp() throws IOException {
        model = save(tmp.resolve("fcos"), CLASSES);
        data = SyntheticDetection.write(tmp.resolve("data"), SyntheticDetection.Format.CSV, 8,
                50, 70, 11);
        a = data.resolve("images/img000.png");
        b = data.resolve("images/img001.png");
        broken = Files.writeString(tmp.resolve("broken.png"), "this is not a png");
    }

    private static Path save(Path dir, List<String> classes) throws IOException {
        var spec = DetectionModels.spec("fcos_resnet26_nano", classes.size())
                .withInputSize(64, 96);
        try (DetectionModel m = DetectionModel.create(
                DetectionModels.config("fcos_resnet26_nano", spec, classes), 5)) {
            ModelDir.save(m, dir);
        }
        return dir;
    }

    private static DetectionResult read(Path json) throws IOException {
        return DetectionJson.parse(Files.readString(json), CLASSES, json.toString());
    }

    @Test
    void eachImageGetsItsJsonAndItsDrawnBoxes() throws IOException {
        Path out = tmp.resolve("out-table");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                a.toString(), b.toString(), broken.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("backend djl (detection models are not measured"), r.err());
        assertTrue(r.err().contains("skipped " + broken + ": "), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].startsWith(a + " 70x50 -> " + out.resolve("img000-boxes.png")
                + ": "), lines[0]);
        assertTrue(lines[0].matches(".* \\d+ objects?(: (red|green|blue) 0\\.\\d\\d.*)?"),
                lines[0]);
        try (Detector d = Detector.open(model)) {
            for (Path image : List.of(a, b)) {
                String stem = PerImagePredict.stem(image);
                DetectionResult written = read(out.resolve(stem + ".json"));
                assertEquals(d.detect(image), written, image.toString());
                assertTrue(written.count() > 0, "a fresh head scores about 0.07 > 0.05");
                BufferedImage drawn = ImageIO.read(out.resolve(stem + "-boxes.png").toFile());
                assertEquals(70, drawn.getWidth());
                assertEquals(50, drawn.getHeight());
                BufferedImage photo = ImageIO.read(image.toFile());
                int changed = 0;
                for (int y = 0; y < 50; y++) {
                    for (int x = 0; x < 70; x++) {
                        changed += drawn.getRGB(x, y) != photo.getRGB(x, y) ? 1 : 0;
                    }
                }
                assertTrue(changed > 0, "the boxes are drawn over the photo");
            }
        }
    }

    @Test
    void jsonAndCsvOutputAndTheThreshold() throws IOException {
        Path out = tmp.resolve("out-json");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                "--format", "json", a.toString(), broken.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode all = new ObjectMapper().readTree(r.out());
        assertEquals(2, all.size(), r.out());
        JsonNode row = all.get(0);
        assertEquals(a.toString(), row.get("file").asText());
        assertEquals(out.resolve("img000-boxes.png").toString(), row.get("boxes").asText());
        assertEquals(out.resolve("img000.json").toString(), row.get("json").asText());
        DetectionResult fromFile = read(out.resolve("img000.json"));
        assertEquals(fromFile, DetectionJson.parse(row.toString(), CLASSES, "row"));
        assertEquals(broken.toString(), all.get(1).get("file").asText());
        assertTrue(all.get(1).has("error"));

        CliRun csv = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                "--format", "csv", a.toString());
        assertEquals(0, csv.exitCode(), csv.err());
        String[] lines = csv.out().strip().split("\n");
        assertEquals("file,boxes,rank,index,label,score,x1,y1,x2,y2", lines[0]);
        assertEquals(1 + fromFile.count(), lines.length, csv.out());

        CliRun high = CliRun.of("predict", "--model", model.toString(), "--out",
                out.toString(), "--threshold", "0.99", a.toString());
        assertEquals(0, high.exitCode(), high.err());
        assertTrue(high.out().strip().endsWith(": 0 objects"), high.out());
        assertEquals(0, read(out.resolve("img000.json")).count());

        CliRun bad = CliRun.of("predict", "--model", model.toString(), "--threshold", "1.5",
                a.toString());
        assertEquals(ErrorHandler.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("must be a number in [0, 1), got 1.5"), bad.err());
    }

    @Test
    void repeatedStemsAreSkippedAndNoImageFails() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Path twin = Files.copy(b, other.resolve("img000.png"));
        Path out = tmp.resolve("out-skip");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                a.toString(), twin.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("skipped " + twin + ": its outputs img000.json and "
                + "img000-boxes.png would replace those of " + a), r.err());
        assertEquals(1, r.out().strip().split("\n").length, r.out());

        CliRun none = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                broken.toString());
        assertEquals(ErrorHandler.FAILED, none.exitCode());
        assertTrue(none.err().contains("no image could be searched for objects"), none.err());
    }

    @Test
    void thresholdAndOutAreRefusedForAClassifier() {
        Path classifier = tmp.resolve("cifar");
        CliRun init = CliRun.of("init", "hs_resnet29_cifar", "--out", classifier.toString(),
                "--seed", "1");
        assertEquals(0, init.exitCode(), init.err());
        CliRun r = CliRun.of("predict", "--model", classifier.toString(), "--threshold", "0.3",
                a.toString());
        assertEquals(ErrorHandler.USAGE, r.exitCode());
        assertTrue(r.err().contains("--threshold is for detection models"), r.err());
        CliRun o = CliRun.of("predict", "--model", classifier.toString(), "--out",
                tmp.resolve("x").toString(), a.toString());
        assertEquals(ErrorHandler.USAGE, o.exitCode());
        assertTrue(o.err().contains("--out is for segmentation models and detectors"), o.err());
    }

    @Test
    void serveAnswersWithTheJsonPredictWrites() throws Exception {
        Path out = tmp.resolve("out-serve");
        CliRun p = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                b.toString());
        assertEquals(0, p.exitCode(), p.err());
        List<String> log = new ArrayList<>();
        ServerOptions options = ServerOptions.builder().port(0).workers(2).build();
        try (ServeCommand.Running running = ServeCommand.start(model,
                ServeCommand.Task.of(model), BackendKind.AUTO, 8, options, log::add)) {
            assertTrue(running.banner().contains("(detection, djl)"), running.banner());
            URI base = running.server().uri();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .build();
            HttpResponse<String> info = client.send(HttpRequest.newBuilder(
                    base.resolve("/v1/model")).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, info.statusCode(), info.body());
            assertEquals("detection", new ObjectMapper().readTree(info.body()).get("task")
                    .asText());
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                    base.resolve("/v1/predict")).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofFile(b)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(read(out.resolve("img001.json")),
                    DetectionJson.parse(answer.body(), CLASSES, "answer"));
        }
        assertTrue(log.get(0).startsWith("backend djl"), log.toString());
    }

    @Test
    void evalPrintsCocoMetricsAndWritesMetricsCurvesAndPictures() throws IOException {
        Path out = tmp.resolve("eval");
        CliRun r = CliRun.of("eval", "--model", model.toString(), "--data", data.toString(),
                "--kind", "csv", "--split", "test", "--workers", "1", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("fcos_resnet26_nano on " + data + " (csv, test): AP "),
                r.out());
        assertTrue(r.out().contains("(2 images, "), r.out());
        assertTrue(r.out().contains(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all "
                + "| maxDets=100 ] = "), r.out());
        assertTrue(r.out().contains(" Average Recall     (AR) @[ IoU=0.50:0.95 | area= large "
                + "| maxDets=100 ] = "), r.out());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("test", metrics.get("split").asText());
        assertEquals(2, metrics.get("images").asInt());
        double ap = metrics.get("summary").get("ap").asDouble();
        assertTrue(ap >= 0 && ap <= 1, metrics.toString());
        assertEquals(12, metrics.get("summary").size());
        JsonNode perClass = metrics.get("perClass");
        assertEquals(3, perClass.size());
        assertEquals("red", perClass.get(0).get("name").asText());
        assertTrue(Files.isRegularFile(out.resolve("test-pr.png")), r.out());
        try (var pictures = Files.list(out.resolve("predictions"))) {
            assertEquals(2, pictures.count(), "both test images drawn");
        }

        CliRun wrongKind = CliRun.of("eval", "--model", model.toString(), "--data",
                data.toString(), "--kind", "camvid");
        assertTrue(wrongKind.exitCode() != 0);
        assertTrue(wrongKind.err().contains("--kind for a detection model must be one of "
                + "raccoon, pennfudan, pennfudan-instances, voc, coco, coco-instances, csv, got 'camvid'"),
                wrongKind.err());

        Path other = save(tmp.resolve("fcos-abc"), List.of("a", "b", "c"));
        CliRun mismatch = CliRun.of("eval", "--model", other.toString(), "--data",
                data.toString(), "--kind", "csv");
        assertTrue(mismatch.exitCode() != 0);
        assertTrue(mismatch.err().contains("the data's classes [red, green, blue] do not match "
                + "the model's [a, b, c]"), mismatch.err());
    }
}
