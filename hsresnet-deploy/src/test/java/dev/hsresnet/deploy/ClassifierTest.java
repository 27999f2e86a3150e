package dev.hsresnet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.testing.HostilePngs;
import dev.hsresnet.data.ImageAspectRatioException;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.ImageTooLargeException;
import dev.hsresnet.data.PreprocessingTransforms;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {

    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void saveModel() throws IOException {
        model = TestModels.cifarModel(tmp.resolve("model"), 3);
    }

    @Test
    void topKMatchesTheNetworkRunByHand() throws IOException {
        BufferedImage img = TestModels.image(40, 48, 1);
        Path file = TestModels.png(img, tmp.resolve("a.png"));
        double[] expected;
        try (ResNetModel m = ModelDir.load(model); NDManager sub = m.manager().newSubManager()) {
            var pixels = PreprocessingTransforms.eval(m.config().preprocessing())
                    .apply(ImageDecoder.decode(file, 3), new SplittableRandom(0)).pixels();
            NDArray x = sub.create(pixels, new Shape(1, 3, 32, 32));
            float[] p = m.forward(x, false).head().softmax(-1).toFloatArray();
            expected = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                expected[i] = p[i];
            }
        }
        try (Classifier c = Classifier.open(model)) {
            List<Prediction> top = c.classify(file, 10);
            assertEquals(10, top.size());
            double sum = 0;
            for (int k = 0; k < top.size(); k++) {
                Prediction p = top.get(k);
                assertEquals(expected[p.index()], p.probability(), 1e-5);
                assertEquals("label" + p.index(), p.label());
                if (k > 0) {
                    assertTrue(top.get(k - 1).probability() >= p.probability());
                }
                sum += p.probability();
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals(3, c.classify(file, 3).size());
        }
    }

    @Test
    void everyInputFormGivesTheSameAnswerAndBatchesMatchSingles() throws IOException {
        BufferedImage a = TestModels.image(32, 32, 5);
        BufferedImage b = TestModels.image(64, 50, 6);
        Path fa = TestModels.png(a, tmp.resolve("fa.png"));
        try (Classifier c = Classifier.open(model)) {
            List<Prediction> fromImage = c.classify(a, 5);
            assertEquals(fromImage, c.classify(fa, 5));
            assertEquals(fromImage, c.classify(Files.readAllBytes(fa), "upload", 5));
            assertEquals(fromImage, c.classify(ImageFactory.getInstance().fromImage(a), 5));
            List<List<Prediction>> both = c.classifyAll(List.of(a, b), 5);
            List<Prediction> single = c.classify(b, 5);
            for (int k = 0; k < 5; k++) {
                assertEquals(single.get(k).index(), both.get(1).get(k).index());
                assertEquals(single.get(k).probability(), both.get(1).get(k).probability(), 1e-5);
                assertEquals(fromImage.get(k).probability(), both.get(0).get(k).probability(), 1e-5);
            }
        }
    }

    @Test
    void badInputIsAClearErrorNamingIt() throws IOException {
        Path garbage = Files.writeString(tmp.resolve("notes.png"), "not an image");
        try (Classifier c = Classifier.open(model)) {
            IOException e = assertThrows(IOException.class, () -> c.classify(garbage, 5));
            assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
            c.setMaxPixels(32 * 32 - 1);
            Path big = TestModels.png(TestModels.image(32, 32, 1), tmp.resolve("big.png"));
            ImageTooLargeException tooLarge = assertThrows(ImageTooLargeException.class,
                    () -> c.classify(big, 5));
            assertEquals(32, tooLarge.width());
            assertTrue(tooLarge.getMessage().contains("32x32"), tooLarge.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> c.classify(TestModels.image(8, 8, 1), 0));
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> c.predict(new float[5], 1, 3));
            assertTrue(shape.getMessage().contains("3x32x32"), shape.getMessage());
        }
        IOException missing = assertThrows(IOException.class,
                () -> Classifier.open(tmp.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("nowhere"), missing.getMessage());
    }

    @Test
    void stripsAreRefusedOnEveryPathWithAClearErrorAndPanoramasPass() throws IOException {
        Path tall = HostilePngs.black(tmp.resolve("tall.png"), 1, 20_000_000);
        try (Classifier c = Classifier.open(model)) {
            ImageAspectRatioException e = assertThrows(ImageAspectRatioException.class,
                    () -> c.classify(tall, 5));
            assertTrue(e.getMessage().contains("image file " + tall + " declares 1x20000000"),
                    e.getMessage());
            BufferedImage strip = new BufferedImage(100_000, 1, BufferedImage.TYPE_BYTE_GRAY);
            ImageBudgetException decoded = assertThrows(ImageBudgetException.class,
                    () -> c.classify(strip, 5));
            assertTrue(decoded.getMessage().contains("100000x1 image to 3200000x32"),
                    decoded.getMessage());
            assertThrows(ImageBudgetException.class,
                    () -> c.classify(ImageFactory.getInstance().fromImage(strip), 5));
            Path panorama = TestModels.png(TestModels.image(1000, 50, 2), tmp.resolve("pano.png"));
            assertEquals(5, c.classify(panorama, 5).size());
        }
    }

    @Test
    void onnxBackendAgreesWithDjlFromTheDirectoryAndFromAnExportedFile() throws IOException {
        BufferedImage img = TestModels.image(44, 36, 9);
        Path onnxFile = tmp.resolve("model.onnx");
        try (ResNetModel m = ModelDir.load(model)) {
            dev.hsresnet.deploy.onnx.OnnxExporter.export(m,
                    dev.hsresnet.deploy.onnx.OnnxOptions.defaults(), onnxFile);
        }
        try (Classifier djl = Classifier.open(model);
                Classifier fromDir = Classifier.open(model, BackendKind.ONNX);
                Classifier fromFile = Classifier.open(onnxFile, BackendKind.ONNX)) {
            assertEquals(BackendKind.ONNX, fromDir.backendKind());
            assertEquals(djl.config().labels(), fromFile.config().labels());
            List<Prediction> expected = djl.classify(img, 10);
            for (Classifier c : List.of(fromDir, fromFile)) {
                List<Prediction> got = c.classify(img, 10);
                for (int k = 0; k < 10; k++) {
                    assertEquals(expected.get(k).probability(), got.get(k).probability(), 1e-4);
                }
                assertEquals(expected.get(0).index(), got.get(0).index());
            }
        }
        IOException e = assertThrows(IOException.class, () -> Classifier.open(onnxFile));
        assertTrue(e.getMessage().contains("--backend onnx"), e.getMessage());
    }
}
