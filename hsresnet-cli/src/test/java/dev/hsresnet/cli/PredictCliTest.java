package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.testing.HostilePngs;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hsresnet predict} on real image files, folders and unreadable files. */
class PredictCliTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path images;

    @BeforeAll
    static void setUp() throws IOException {
        model = tmp.resolve("model");
        Path labels = Files.writeString(tmp.resolve("labels.txt"),
                "cat\ndog\nbird\ncar\nship\nfrog\nplane\ntruck\nhorse\ndeer\n");
        CliRun init = CliRun.of("init", "hs_resnet29_cifar", "--out", model.toString(),
                "--labels", labels.toString(), "--seed", "4");
        assertEquals(0, init.exitCode(), init.err());
        images = Files.createDirectories(tmp.resolve("images/sub"));
        write(images.resolve("a.png"), 1);
        write(images.getParent().resolve("b.png"), 2);
        Files.writeString(images.resolve("broken.png"), "this is not a png");
    }

    private static void write(Path file, long seed) throws IOException {
        write(file, 40, 32, seed);
    }

    private static void write(Path file, int w, int h, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rng.nextInt(1 << 24));
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void jsonListsEveryImageOfTheFolderAndReportsTheBrokenOne() throws IOException {
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--format", "json",
                "--top-k", "3", "--batch", "2", tmp.resolve("images").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("skipped " + images.resolve("broken.png")), r.err());
        JsonNode all = new ObjectMapper().readTree(r.out());
        assertEquals(3, all.size());
        int classified = 0;
        for (JsonNode row : all) {
            if (row.has("error")) {
                assertTrue(row.get("file").asText().endsWith("broken.png"));
                continue;
            }
            classified++;
            JsonNode preds = row.get("predictions");
            assertEquals(3, preds.size());
            assertTrue(preds.get(0).get("probability").asDouble()
                    >= preds.get(1).get("probability").asDouble());
        }
        assertEquals(2, classified);
    }

    @Test
    void tableCsvAndOnnxAgree() {
        String a = images.resolve("a.png").toString();
        CliRun csv = CliRun.of("predict", "--model", model.toString(), "--format", "csv",
                "--top-k", "1", "--backend", "djl", a);
        assertEquals(0, csv.exitCode(), csv.err());
        String[] lines = csv.out().strip().split("\n");
        assertEquals("file,rank,index,label,probability", lines[0]);
        assertEquals(2, lines.length);
        String[] djl = lines[1].split(",");
        CliRun onnx = CliRun.of("predict", "--model", model.toString(), "--format", "csv",
                "--top-k", "1", "--backend", "onnx", a);
        assertEquals(0, onnx.exitCode(), onnx.err());
        String[] ort = onnx.out().strip().split("\n")[1].split(",");
        assertEquals(djl[3], ort[3]);
        assertEquals(Double.parseDouble(djl[4]), Double.parseDouble(ort[4]), 1e-4);
        CliRun table = CliRun.of("predict", "--model", model.toString(), a);
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().contains(a) && table.out().contains(djl[3]), table.out());
        // the default is auto: one line on stderr names the backend it measured or cached
        assertTrue(table.err().matches("(?s)hsresnet predict: backend (djl|onnx) \\((measured"
                + "|forced).*"), table.err());
    }

    @Test
    void stripsAreSkippedWithTheirReasonAndTheImagesBesideThemClassified() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("hostile"));
        write(dir.resolve("a-good.png"), 3);
        write(dir.resolve("b-panorama.png"), 1000, 50, 4);
        Path tall = HostilePngs.black(dir.resolve("tall.png"), 1, 20_000_000);
        Path wide = HostilePngs.black(dir.resolve("wide.png"), 20_000_000, 1);
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--format", "csv",
                "--top-k", "1", "--batch", "4", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        for (Path p : new Path[] {tall, wide}) {
            assertTrue(r.err().contains("skipped " + p + ": image file " + p + " declares "),
                    r.err());
        }
        assertTrue(r.err().contains("an aspect ratio of 20000000:1, more than the limit of "
                + "100:1"), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[1].startsWith(dir.resolve("a-good.png") + ","), lines[1]);
        assertTrue(lines[2].startsWith(dir.resolve("b-panorama.png") + ","), lines[2]);
    }

    @Test
    void aFolderWithoutImagesSaysSo() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty/sub")).getParent();
        Files.writeString(empty.resolve("notes.txt"), "no image here");
        CliRun r = CliRun.of("predict", "--model", model.toString(), empty.toString());
        assertEquals(ErrorHandler.FAILED, r.exitCode());
        assertTrue(r.err().contains("skipped " + empty + ": no image found in this folder "
                + "(looked for .jpg, .jpeg and .png files, recursively)"), r.err());
        assertTrue(r.err().contains("no image could be classified"), r.err());
        CliRun withGood = CliRun.of("predict", "--model", model.toString(), empty.toString(),
                images.resolve("a.png").toString());
        assertEquals(0, withGood.exitCode(), withGood.err());
        assertTrue(withGood.err().contains("no image found in this folder"), withGood.err());
    }

    @Test
    void aModelWhoseCropPctWouldBlowUpTheResizeIsRefusedNamingTheField() throws IOException {
        Path bad = Files.createDirectories(tmp.resolve("bad-crop"));
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, bad.resolve(f.getFileName()));
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(bad.resolve("model.json").toFile());
        ((ObjectNode) json.get("preprocessing")).put("cropPct", 1e-6);
        mapper.writeValue(bad.resolve("model.json").toFile(), json);
        CliRun r = CliRun.of("predict", "--model", bad.toString(),
                images.resolve("a.png").toString());
        assertEquals(ErrorHandler.FAILED, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("preprocessing.cropPct: must be in 0.5..1, got 1.0E-6"),
                r.err());
    }

    @Test
    void nothingClassifiableOrBadOptionsFail() {
        CliRun none = CliRun.of("predict", "--model", model.toString(),
                images.resolve("broken.png").toString(), tmp.resolve("missing.jpg").toString());
        assertEquals(ErrorHandler.FAILED, none.exitCode());
        assertTrue(none.err().contains("missing.jpg: no such file or folder"), none.err());
        CliRun backend = CliRun.of("predict", "--model", model.toString(), "--backend", "tpu",
                images.resolve("a.png").toString());
        assertEquals(ErrorHandler.USAGE, backend.exitCode());
        assertTrue(backend.err().contains("option '--backend': unknown backend 'tpu'"),
                backend.err());
        CliRun topK = CliRun.of("predict", "--model", model.toString(), "--top-k", "0",
                images.resolve("a.png").toString());
        assertEquals(ErrorHandler.USAGE, topK.exitCode());
        assertTrue(topK.err().contains("option '--top-k': must be >= 1, got 0"), topK.err());
    }
}
