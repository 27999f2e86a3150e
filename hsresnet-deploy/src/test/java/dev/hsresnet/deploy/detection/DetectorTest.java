package dev.hsresnet.deploy.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Rectangle;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageTooLargeException;
import dev.hsresnet.data.detection.DetectionBatch;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.data.detection.DetectionSets;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.TestModels;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.FcosPoints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Detector} on a freshly initialized fcos_resnet26_nano (3 classes, 64 / 96 px) saved to
 * disk, and on {@link StubDetectionBackend}, whose detections are known.
 */
class DetectorTest {

    @TempDir
    static Path tmp;

    static Path dir;
    static Path data;

    @BeforeAll
    static void save() throws IOException {
        dir = DetectionTestModels.save(tmp.resolve("fcos"), 7);
        data = DetectionTestModels.data(tmp.resolve("data"));
    }

    private static Detector stub() {
        return new Detector(DetectionTestModels.config(),
                new StubDetectionBackend(DetectionTestModels.spec()));
    }

    @Test
    void detectionsAreThoseOfTheEvaluationPathInTheImagesPixels() throws IOException {
        DetectionDataset set = DetectionSets.open("csv", data, "all");
        try (DetectionModel reference = (DetectionModel) ModelDir.loadAny(dir,
                LoadOptions.DEFAULT); Detector detector = Detector.open(dir)) {
            reference.block().prepareForInference();
            assertEquals(BackendKind.DJL, detector.backendKind());
            assertEquals(DetectionTestModels.CLASSES, detector.classes());
            DetectionLoader loader = DetectionTestModels.evalLoader(set,
                    reference.config().preprocessing());
            BatchDetector evaluation = new BatchDetector(reference,
                    BatchDetector.decoder(reference.spec(), detector.scoreThreshold()));
            int boxes = 0;
            try (var epoch = loader.epoch(0, 0)) {
                while (epoch.hasNext()) {
                    DetectionBatch b = epoch.next();
                    assertEquals(64, b.h()); // 50x70 -> 64x90, padded to 64x96
                    assertEquals(96, b.w());
                    List<DetectedBox> expected = evaluation.detect(b).get(0);
                    DetectionResult r = detector.detect(set.image(b.indices()[0]));
                    assertEquals(70, r.width());
                    assertEquals(50, r.height());
                    assertEquals(expected.size(), r.count());
                    for (int i = 0; i < expected.size(); i++) {
                        assertSameBox(expected.get(i), r.boxes().get(i));
                    }
                    boxes += r.count();
                }
            }
            // a random head scores about sqrt(0.01 * 0.5) = 0.07, above the spec's 0.05
            assertTrue(boxes > 0, "a fresh detector finds candidates above 0.05");
        }
    }

    /** ONNX Runtime (in-memory export, and the exported file) finds what DJL finds. */
    @Test
    void onnxRuntimeFindsWhatDjlFinds() throws IOException {
        DetectionDataset set = DetectionSets.open("csv", data, "all");
        Path file = tmp.resolve("fcos.onnx");
        try (DetectionModel m = (DetectionModel) ModelDir.loadAny(dir, LoadOptions.DEFAULT)) {
            dev.hsresnet.deploy.onnx.OnnxExporter.exportDetection(m,
                    dev.hsresnet.deploy.onnx.OnnxOptions.defaults(), file);
        }
        try (Detector djl = Detector.open(dir, BackendKind.DJL);
                Detector ort = Detector.open(dir, BackendKind.ONNX);
                Detector onnxFile = Detector.open(file, BackendKind.AUTO)) {
            assertEquals(BackendKind.ONNX, ort.backendKind());
            assertEquals(BackendKind.ONNX, onnxFile.backendKind());
            assertEquals(DetectionTestModels.CLASSES, onnxFile.classes());
            for (int i = 0; i < set.size(); i++) {
                DetectionResult expected = djl.detect(set.image(i));
                for (Detector other : List.of(ort, onnxFile)) {
                    DetectionResult r = other.detect(set.image(i));
                    assertEquals(expected.count(), r.count(), "image " + i);
                    for (int k = 0; k < r.count(); k++) {
                        DetectedBox e = expected.boxes().get(k);
                        DetectedBox a = r.boxes().get(k);
                        assertEquals(e.classIndex(), a.classIndex());
                        assertEquals(e.score(), a.score(), 1e-4);
                        assertEquals(e.x1(), a.x1(), 1e-2);
                        assertEquals(e.y2(), a.y2(), 1e-2);
                    }
                }
            }
        }
    }

    private static void assertSameBox(DetectedBox expected, DetectedBox actual) {
        assertEquals(expected.classIndex(), actual.classIndex());
        assertEquals(expected.score(), actual.score());
        float[] e = {expected.x1(), expected.y1(), expected.x2(), expected.y2()};
        float[] a = {actual.x1(), actual.y1(), actual.x2(), actual.y2()};
        for (int c = 0; c < 4; c++) {
            assertEquals(e[c], a[c], 1e-4, "corner " + c + " of " + actual);
        }
    }

    @Test
    void boxesComeBackInTheImagesPixelsAndAsDjlDetectedObjects() {
        try (Detector d = stub()) {
            // 50 x 70 (h x w) resizes by 64 / 50 to 64 x 90 and pads to 64 x 96
            Image image = Image.zeros(3, 50, 70);
            DetectionInput in = d.prepare(image);
            assertEquals(64, in.height());
            assertEquals(96, in.width());
            assertEquals(64, in.validHeight());
            assertEquals(90, in.validWidth());
            assertEquals(90 / 70.0, in.scaleX(), 1e-12);
            assertEquals(64 / 50.0, in.scaleY(), 1e-12);
            DetectionResult r = d.detect(image);
            assertEquals(2, r.count(), r.toString());
            FcosPoints points = new StubDetectionBackend(d.spec()).points(64, 96);
            float first = in.pixels()[0]; // black, normalized
            float[] a = StubDetectionBackend.distancesA(first);
            DetectedBox boxA = r.boxes().stream().filter(b -> b.classIndex() == 0).findFirst()
                    .orElseThrow();
            float px = points.x(StubDetectionBackend.POINT_A);
            float py = points.y(StubDetectionBackend.POINT_A);
            assertEquals((px - a[0]) / (90 / 70.0), boxA.x1(), 1e-4);
            assertEquals(0, boxA.y1(), "clipped to the image's top");
            assertEquals((px + a[2]) / (90 / 70.0), boxA.x2(), 1e-4);
            assertEquals((py + a[3]) / (64 / 50.0), boxA.y2(), 1e-4);
            assertEquals("blue", r.label(r.boxes().stream().filter(b -> b.classIndex() == 2)
                    .findFirst().orElseThrow()));

            DetectedObjects djl = r.toDetectedObjects();
            assertEquals(2, djl.getNumberOfObjects());
            for (int i = 0; i < r.count(); i++) {
                DetectedBox b = r.boxes().get(i);
                DetectedObjects.DetectedObject o = djl.item(i);
                assertEquals(r.label(b), o.getClassName());
                assertEquals(b.score(), o.getProbability(), 1e-7);
                Rectangle rect = o.getBoundingBox().getBounds();
                assertEquals(b.x1() / 70.0, rect.getX(), 1e-6);
                assertEquals(b.y1() / 50.0, rect.getY(), 1e-6);
                assertEquals(b.width() / 70.0, rect.getWidth(), 1e-6);
                assertEquals(b.height() / 50.0, rect.getHeight(), 1e-6);
                assertTrue(rect.getX() >= 0 && rect.getX() + rect.getWidth() <= 1 + 1e-9);
            }
        }
    }

    @Test
    void aBatchGivesWhatEachImageGivesAlone() {
        StubDetectionBackend backend = new StubDetectionBackend(DetectionTestModels.spec());
        try (Detector d = new Detector(DetectionTestModels.config(), backend)) {
            // 50 x 70 and 52 x 68 both pad to 64 x 96; their first pixels differ
            Image a = filled(50, 70, 0.1f);
            Image b = filled(52, 68, 0.9f);
            DetectionInput pa = d.prepare(a);
            DetectionInput pb = d.prepare(b);
            assertTrue(pa.sameShape(pb));
            List<DetectionResult> both = d.predict(List.of(pa, pb));
            assertEquals(List.of(d.detect(a), d.detect(b)), both);
            assertTrue(!both.get(0).boxes().equals(both.get(1).boxes()));
            assertEquals(2, backend.calls().get(0)[0], "one call for both");

            DetectionInput other = d.prepare(filled(40, 200, 0.5f)); // 19 x 96, padded 32 x 96
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> d.predict(List.of(pa, other)));
            assertTrue(e.getMessage().contains("a batch needs inputs of one padded size"),
                    e.getMessage());
        }
    }

    private static Image filled(int h, int w, float v) {
        Image im = Image.zeros(3, h, w);
        java.util.Arrays.fill(im.pixels(), v);
        return im;
    }

    @Test
    void aHigherThresholdKeepsTheBestOfTheLowerOnes() throws IOException {
        try (Detector d = Detector.open(dir, BackendKind.AUTO)) {
            Image image = d.decode(data.resolve("images/img000.png"));
            DetectionResult all = d.detect(image);
            assertTrue(all.count() >= 2, all.toString());
            float t = all.boxes().get(all.count() / 2).score();
            DetectionResult fewer = d.detect(image, t);
            // greedy NMS by score: boxes above t are suppressed only by boxes above t
            assertEquals(all.boxes().stream().filter(b -> b.score() > t).toList(),
                    fewer.boxes());
            assertEquals(fewer.boxes(), all.above(Math.nextUp(t)).boxes());
            assertEquals(0, d.detect(image, 0.99).count());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> d.detect(image, 1.0));
            assertTrue(e.getMessage().contains("score threshold must be in [0, 1), got 1.0"));
        }
    }

    @Test
    void limitsAndWrongInputsAreRefusedWithClearErrors() throws IOException {
        try (Detector d = stub()) {
            d.setMaxPixels(1000);
            byte[] png = TestModels.pngBytes(TestModels.image(70, 50, 1));
            ImageTooLargeException large = assertThrows(ImageTooLargeException.class,
                    () -> d.detect(png));
            assertTrue(large.getMessage().contains("3500 pixels, more than the limit of 1000"),
                    large.getMessage());
            assertThrows(ImageBudgetException.class,
                    () -> d.detect(new BufferedImage(70, 50, BufferedImage.TYPE_INT_RGB)));
            IllegalArgumentException gray = assertThrows(IllegalArgumentException.class,
                    () -> d.prepare(Image.zeros(1, 20, 20)));
            assertTrue(gray.getMessage().contains("image has 1 channels, the model takes 3"));
        }
    }

    @Test
    void onlyDetectionModelsOpen() throws IOException {
        Path classifier = TestModels.cifarModel(tmp.resolve("cifar"), 1);
        assertTrue(Detector.isDetectionModel(dir));
        assertFalse(Detector.isDetectionModel(classifier));
        IOException e = assertThrows(IOException.class, () -> Detector.open(classifier));
        assertTrue(e.getMessage().contains("holds a 'classification' model, not a detection "
                + "model"), e.getMessage());
        IOException file = assertThrows(IOException.class, () -> Detector.open(
                dir.resolve("model.json"), BackendKind.DJL));
        assertTrue(file.getMessage().contains("is a file; the djl backend needs a model "
                + "directory"), file.getMessage());
    }
}
