package dev.hsresnet.deploy.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.output.CategoryMask;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageTooLargeException;
import dev.hsresnet.data.segmentation.LabelMask;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.TestModels;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.vision.segmentation.SegmentationModel;
import dev.hsresnet.vision.segmentation.SegmentationTask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Segmenter} on a freshly initialized fpn_hs_resnet26_nano (3 classes) saved to disk. */
class SegmenterTest {

    private static final int K = TestModels.SEGMENTATION_CLASSES.size();

    @TempDir
    static Path tmp;

    static Path dir;

    @BeforeAll
    static void save() throws IOException {
        dir = TestModels.segmentationModel(tmp.resolve("seg"), 11);
    }

    private static SegmentationModel load() throws IOException {
        return (SegmentationModel) ModelDir.loadAny(dir, LoadOptions.DEFAULT);
    }

    /**
     * Pixels where {@code labels} differs from the argmax of {@code reference}; each must be a
     * near tie there (top two logits within 1e-4).
     */
    private static int nearTieDifferences(float[] reference, int[] labels) {
        int[] expected = Reference.argmax(reference, K);
        int differ = 0;
        for (int p = 0; p < expected.length; p++) {
            if (expected[p] != labels[p]) {
                float margin = Reference.margin(reference, K, p);
                assertTrue(margin < 1e-4f, "pixel " + p + ": class " + labels[p] + " instead of "
                        + expected[p] + " with a margin of " + margin);
                differ++;
            }
        }
        return differ;
    }

    @Test
    void theMaskIsTheArgmaxOfTheNetworkOnTheNormalizedImage() throws IOException {
        BufferedImage img = TestModels.image(96, 64, 3);
        SegmentationModel model = load();
        float[] x = Reference.normalized(img, model.config());
        float[] unfolded = Reference.logits(model, x, 64, 96);
        SegmentationResult r;
        try (Segmenter s = Segmenter.of(model)) { // folds the model's BatchNorms
            r = s.segment(img);
            assertEquals(64, r.height());
            assertEquals(96, r.width());
            assertEquals("fpn_hs_resnet26_nano", r.model());
            // the same (folded) network on the same input: exactly its argmax
            float[] folded = Reference.logits(model, x, 64, 96);
            assertArrayEquals(Reference.argmax(folded, K), r.mask().labels());
        }
        // the network as saved: the same classes up to near ties
        int differ = nearTieDifferences(unfolded, r.mask().labels());
        assertTrue(differ <= 6, differ + " of 6144 pixels differ from the unfolded network");
        long present = Arrays.stream(r.mask().labels()).distinct().count();
        assertTrue(present >= 2, "a random network still splits the image: " + r.classes());
        try (Segmenter fromDir = Segmenter.open(dir)) {
            assertEquals(BackendKind.DJL, fromDir.backendKind());
            assertEquals(TestModels.SEGMENTATION_CLASSES, fromDir.classes());
            assertEquals(r.mask(), fromDir.segment(img).mask());
        }
    }

    @Test
    void onnxRuntimeGivesTheSameMaskAsDjlAtAnySize() throws IOException {
        try (SegmentationModel reference = load();
                Segmenter djl = Segmenter.open(dir, BackendKind.DJL);
                Segmenter ort = Segmenter.open(dir, BackendKind.ONNX)) {
            assertEquals(BackendKind.ONNX, ort.backendKind());
            int differ = 0;
            int pixels = 0;
            // a multiple of 32, not one, and smaller than the backbone's stride
            for (int[] size : new int[][] {{96, 64}, {61, 45}, {7, 5}}) {
                BufferedImage img = TestModels.image(size[0], size[1], size[0]);
                float[] logits = Reference.logits(reference,
                        Reference.normalized(img, reference.config()), size[1], size[0]);
                LabelMask a = djl.segment(img).mask();
                LabelMask b = ort.segment(img).mask();
                assertEquals(size[1], b.height());
                assertEquals(size[0], b.width());
                differ += nearTieDifferences(logits, a.labels());
                differ += nearTieDifferences(logits, b.labels());
                pixels += a.size();
            }
            System.out.println("SegmenterTest: " + differ + " near-tie pixels differ from the "
                    + "unfolded DJL network, of " + pixels + " (DJL folded and ONNX Runtime)");
            assertTrue(differ <= pixels / 1000, differ + " of " + pixels + " pixels differ");
        }
    }

    @Test
    void anExportedOnnxFileRunsOnOnnxRuntimeWithItsMetadata() throws IOException {
        Path file = tmp.resolve("seg.onnx");
        var config = ModelDir.readConfig(dir);
        OnnxExporter.exportSegmentation(SegmentationTask.spec(config),
                ModelDir.readWeights(dir, config).tensors(), config.name(),
                config.preprocessing(), OnnxOptions.defaults(), file);
        assertTrue(Segmenter.isSegmentationModel(file));
        byte[] png = TestModels.pngBytes(TestModels.image(40, 32, 5));
        try (Segmenter fromFile = Segmenter.open(file, BackendKind.AUTO);
                Segmenter exported = Segmenter.open(dir, BackendKind.ONNX)) {
            assertEquals(BackendKind.ONNX, fromFile.backendKind());
            assertEquals(List.of("class_0", "class_1", "class_2"), fromFile.classes());
            assertEquals(config.preprocessing().mean(),
                    fromFile.config().preprocessing().mean());
            assertEquals(exported.segment(png).mask(), fromFile.segment(png).mask());
        }
        IOException djl = assertThrows(IOException.class,
                () -> Segmenter.open(file, BackendKind.DJL));
        assertTrue(djl.getMessage().contains("--backend onnx"), djl.getMessage());
    }

    @Test
    void theResultCountsEveryClassAndConvertsToDjlsCategoryMask() throws IOException {
        try (Segmenter s = Segmenter.open(dir)) {
            SegmentationResult r = s.segment(TestModels.pngBytes(TestModels.image(50, 30, 8)));
            assertEquals(K, r.classes().size());
            assertEquals(30L * 50, r.classes().stream()
                    .mapToLong(SegmentationResult.ClassArea::pixels).sum());
            assertEquals(1.0, r.classes().stream()
                    .mapToDouble(SegmentationResult.ClassArea::fraction).sum(), 1e-12);
            for (SegmentationResult.ClassArea c : r.classes()) {
                long counted = Arrays.stream(r.mask().labels()).filter(v -> v == c.index())
                        .count();
                assertEquals(counted, c.pixels(), c.name());
                assertEquals(TestModels.SEGMENTATION_CLASSES.get(c.index()), c.name());
            }
            List<SegmentationResult.ClassArea> largest = r.largest(K);
            for (int i = 1; i < largest.size(); i++) {
                assertTrue(largest.get(i - 1).pixels() >= largest.get(i).pixels());
            }
            assertTrue(largest.stream().allMatch(c -> c.pixels() > 0));

            CategoryMask cm = r.toCategoryMask();
            assertEquals(TestModels.SEGMENTATION_CLASSES, cm.getClasses());
            assertEquals(30, cm.getMask().length);
            for (int y = 0; y < 30; y++) {
                assertEquals(50, cm.getMask()[y].length);
                for (int x = 0; x < 50; x++) {
                    assertEquals(r.mask().get(y, x), cm.getMask()[y][x]);
                }
            }
        }
    }

    @Test
    void imagesOverTheLimitAreRefusedBeforeTheNetworkRuns() throws IOException {
        try (Segmenter s = Segmenter.open(dir)) {
            assertEquals(Segmenter.DEFAULT_MAX_PIXELS, s.maxPixels());
            s.setMaxPixels(1000);
            BufferedImage img = TestModels.image(40, 30, 1);
            ImageTooLargeException encoded = assertThrows(ImageTooLargeException.class,
                    () -> s.segment(TestModels.pngBytes(img), "upload a.png"));
            assertTrue(encoded.getMessage().contains("upload a.png declares 40x30 = 1200 pixels, "
                    + "more than the limit of 1000"), encoded.getMessage());
            ImageBudgetException decoded = assertThrows(ImageBudgetException.class,
                    () -> s.segment(img));
            assertTrue(decoded.getMessage().contains("1000"), decoded.getMessage());
            Path file = TestModels.png(img, tmp.resolve("big.png"));
            IOException fromFile = assertThrows(IOException.class, () -> s.segment(file));
            assertTrue(fromFile.getMessage().contains(file.toString()), fromFile.getMessage());
            IOException notAnImage = assertThrows(IOException.class,
                    () -> s.segment(new byte[] {1, 2, 3}, "upload b.png"));
            assertTrue(notAnImage.getMessage().contains("upload b.png"), notAnImage.getMessage());
        }
    }

    @Test
    void aClassifierIsNotASegmentationModel() throws IOException {
        Path classifier = TestModels.cifarModel(tmp.resolve("cifar"), 1);
        assertFalse(Segmenter.isSegmentationModel(classifier));
        assertTrue(Segmenter.isSegmentationModel(dir));
        IOException e = assertThrows(IOException.class, () -> Segmenter.open(classifier));
        assertTrue(e.getMessage().contains("'classification' model, not a segmentation model"),
                e.getMessage());
        assertTrue(Files.isDirectory(classifier));
    }
}
