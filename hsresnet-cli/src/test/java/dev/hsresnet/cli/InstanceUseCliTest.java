package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.data.SyntheticDetection;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.instance.InstanceJson;
import dev.hsresnet.deploy.instance.InstanceResult;
import dev.hsresnet.deploy.instance.InstanceSegmenter;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.deploy.onnx.OrtDetector;
import dev.hsresnet.deploy.server.ServerOptions;
import dev.hsresnet.vision.instance.InstanceModel;
import dev.hsresnet.vision.instance.InstanceModels;
import dev.hsresnet.vision.instance.InstanceSpec;
import dev.hsresnet.vision.instance.InstanceTask;
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
 * {@code predict}, {@code serve} and {@code export} on an instance segmentation model directory:
 * a freshly initialized yolact_resnet26_nano (3 classes, 64 / 96 px inference size) on {@link
 * SyntheticDetection} images.
 */
class InstanceUseCliTest {

    private static final List<String> CLASSES = List.of(SyntheticDetection.CLASSES);

    @TempDir
    static Path tmp;

    static Path model;
    static Path a;
    static Path b;
    static Path broken;

    @BeforeAll
    static void setUp() throws IOException {
        model = tmp.resolve("yolact");
        InstanceSpec s = InstanceModels.spec("yolact_resnet26_nano", CLASSES.size());
        InstanceSpec spec = new InstanceSpec(s.detection().withInputSize(64, 96), s.prototypes());
        try (InstanceModel m = InstanceModel.create(
                InstanceModels.config("yolact_resnet26_nano", spec, CLASSES), 5)) {
            ModelDir.save(m, model);
        }
        Path data = SyntheticDetection.write(tmp.resolve("data"), SyntheticDetection.Format.CSV,
                3, 50, 70, 11);
        a = data.resolve("images/img000.png");
        b = data.resolve("images/img001.png");
        broken = Files.writeString(tmp.resolve("broken.png"), "this is not a png");
    }

    private static InstanceResult read(Path json) throws IOException {
        return InstanceJson.parse(Files.readString(json), CLASSES, json.toString());
    }

    @Test
    void eachImageGetsItsJsonWithRleMasksAndItsOverlay() throws IOException {
        Path out = tmp.resolve("out-table");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                a.toString(), b.toString(), broken.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("backend djl (instance models are not measured"), r.err());
        assertTrue(r.err().contains("skipped " + broken + ": "), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].startsWith(a + " 70x50 -> " + out.resolve("img000-instances.png")
                + ": "), lines[0]);
        assertTrue(lines[0].matches(".* \\d+ instances?(: (red|green|blue) 0\\.\\d\\d.*)?"),
                lines[0]);
        try (InstanceSegmenter s = InstanceSegmenter.open(model)) {
            for (Path image : List.of(a, b)) {
                String stem = PerImagePredict.stem(image);
                InstanceResult written = read(out.resolve(stem + ".json"));
                assertEquals(s.segment(image), written, image.toString());
                assertTrue(written.count() > 0, "a fresh head scores above 0.05");
                assertTrue(Files.readString(out.resolve(stem + ".json")).contains("\"counts\""));
                BufferedImage drawn = ImageIO.read(out.resolve(stem + "-instances.png")
                        .toFile());
                assertEquals(70, drawn.getWidth());
                assertEquals(50, drawn.getHeight());
                BufferedImage photo = ImageIO.read(image.toFile());
                int changed = 0;
                for (int y = 0; y < 50; y++) {
                    for (int x = 0; x < 70; x++) {
                        changed += drawn.getRGB(x, y) != photo.getRGB(x, y) ? 1 : 0;
                    }
                }
                assertTrue(changed > 0, "masks and boxes are drawn over the photo");
            }
        }
    }

    @Test
    void jsonAndCsvOutputAndTheThreshold() throws IOException {
        Path out = tmp.resolve("out-json");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                "--format", "json", a.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode row = new ObjectMapper().readTree(r.out()).get(0);
        assertEquals(out.resolve("img000-instances.png").toString(),
                row.get("overlay").asText());
        assertEquals(out.resolve("img000.json").toString(), row.get("json").asText());
        InstanceResult fromFile = read(out.resolve("img000.json"));
        assertEquals(fromFile, InstanceJson.parse(row.toString(), CLASSES, "row"));

        CliRun csv = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                "--format", "csv", a.toString());
        assertEquals(0, csv.exitCode(), csv.err());
        String[] lines = csv.out().strip().split("\n");
        assertEquals("file,overlay,rank,index,label,score,x1,y1,x2,y2", lines[0]);
        assertEquals(1 + fromFile.count(), lines.length, csv.out());

        CliRun high = CliRun.of("predict", "--model", model.toString(), "--out",
                out.toString(), "--threshold", "0.99", a.toString());
        assertEquals(0, high.exitCode(), high.err());
        assertTrue(high.out().strip().endsWith(": 0 instances"), high.out());
        assertEquals(0, read(out.resolve("img000.json")).count());
    }

    @Test
    void serveAnswersWithTheJsonPredictWrites() throws Exception {
        Path out = tmp.resolve("out-serve");
        CliRun p = CliRun.of("predict", "--model", model.toString(), "--out", out.toString(),
                b.toString());
        assertEquals(0, p.exitCode(), p.err());
        List<String> log = new ArrayList<>();
        ServerOptions options = ServerOptions.builder().host("127.0.0.1").port(0).workers(2)
                .build();
        assertEquals(ServeCommand.Task.INSTANCE, ServeCommand.Task.of(model));
        try (ServeCommand.Running running = ServeCommand.start(model,
                ServeCommand.Task.of(model), BackendKind.AUTO, 8, options, log::add)) {
            assertTrue(running.banner().contains("(instance, djl)"), running.banner());
            URI base = running.server().uri();
            assertEquals("127.0.0.1", base.getHost());
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .build();
            HttpResponse<String> info = client.send(HttpRequest.newBuilder(
                    base.resolve("/v1/model")).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, info.statusCode(), info.body());
            assertEquals("instance", new ObjectMapper().readTree(info.body()).get("task")
                    .asText());
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                    base.resolve("/v1/predict")).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofFile(b)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(read(out.resolve("img001.json")),
                    InstanceJson.parse(answer.body(), CLASSES, "answer"));
        }
        assertTrue(log.get(0).startsWith("backend djl"), log.toString());
    }

    @Test
    void exportWritesTheFiveRawOutputsAndOnnxRuntimeRunsTheFile() throws Exception {
        Path onnx = tmp.resolve("out/yolact.onnx");
        CliRun export = CliRun.of("export", "--model", model.toString(), "--format", "onnx",
                "--out", onnx.toString());
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(export.out().startsWith("wrote " + onnx + " (onnx, "), export.out());
        OnnxMetadata meta = OnnxMetadata.read(onnx);
        assertEquals("instance", meta.task());
        ModelConfig back = meta.instanceConfig(onnx.toString());
        assertEquals(InstanceTask.spec(ModelDir.readConfig(model)), InstanceTask.spec(back));
        assertEquals(CLASSES, back.labels());
        try (OrtDetector ort = OrtDetector.open(onnx, 1)) {
            assertNotNull(ort.instanceSpec());
        }

        Path out = tmp.resolve("out-onnx");
        CliRun p = CliRun.of("predict", "--model", onnx.toString(), "--backend", "onnx",
                "--out", out.toString(), a.toString());
        assertEquals(0, p.exitCode(), p.err());
        try (InstanceSegmenter djl = InstanceSegmenter.open(model)) {
            InstanceResult expected = djl.segment(a);
            InstanceResult ort = read(out.resolve("img000.json"));
            assertEquals(expected.count(), ort.count());
            for (int i = 0; i < ort.count(); i++) {
                assertEquals(expected.instances().get(i).box().score(),
                        ort.instances().get(i).box().score(), 1e-4);
            }
        }

        CliRun int8 = CliRun.of("export", "--model", model.toString(), "--format", "onnx",
                "--out", tmp.resolve("q.onnx").toString(), "--quantize", "int8",
                "--calibration", tmp.toString());
        assertTrue(int8.exitCode() != 0, int8.out());
        assertTrue(int8.err().contains("--quantize int8 is built for classifiers only; export "
                + "an instance model as float32"), int8.err());
        assertTrue(!Files.exists(tmp.resolve("q.onnx")));
    }
}
