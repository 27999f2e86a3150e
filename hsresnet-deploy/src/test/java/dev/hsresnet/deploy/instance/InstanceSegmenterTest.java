package dev.hsresnet.deploy.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Mask;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageTooLargeException;
import dev.hsresnet.data.detection.DetectionBatch;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.data.detection.DetectionSets;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.TestModels;
import dev.hsresnet.deploy.detection.DetectionInput;
import dev.hsresnet.deploy.detection.DetectionTestModels;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.FcosPoints;
import dev.hsresnet.vision.instance.DetectedInstance;
import dev.hsresnet.vision.instance.InstanceDecoder;
import dev.hsresnet.vision.instance.InstanceModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InstanceSegmenter} on a freshly initialized yolact_resnet26_nano (3 classes, 64 / 96 px)
 * saved to disk, and on {@link StubInstanceBackend}, whose instances are known.
 */
class InstanceSegmenterTest {

    @TempDir
    static Path tmp;

    static Path dir;
    static Path data;

    @BeforeAll
    static void save() throws IOException {
        dir = InstanceTestModels.save(tmp.resolve("yolact"), 7);
        data = DetectionTestModels.data(tmp.resolve("data"));
    }

    private static InstanceSegmenter stub() {
        return new InstanceSegmenter(InstanceTestModels.config(),
                new StubInstanceBackend(InstanceTestModels.spec()));
    }

    /**
     * The evaluation's preprocessing (the loader's padded batch) through the same network, decoded
     * by {@link InstanceDecoder} in input pixels, gives the segmenter's instances once mapped to
     * the image: boxes divided by the resize's scales, masks resized to the image.
     */
    @Test
    void instancesAreThoseOfTheEvaluationPathInTheImagesPixels() throws IOException {
        DetectionDataset set = DetectionSets.open("csv", data, "all");
        try (InstanceModel reference = (InstanceModel) ModelDir.loadAny(dir,
                LoadOptions.DEFAULT); InstanceSegmenter segmenter = InstanceSegmenter.open(dir)) {
            reference.block().prepareForInference();
            assertEquals(BackendKind.DJL, segmenter.backendKind());
            assertEquals(InstanceTestModels.CLASSES, segmenter.classes());
            assertEquals(16, segmenter.spec().prototypes());
            DetectionLoader loader = DetectionTestModels.evalLoader(set,
                    reference.config().preprocessing());
            InstanceDecoder decoder = new InstanceDecoder(BatchDetector.decoder(
                    reference.spec().detection(), segmenter.scoreThreshold()), 16);
            int instances = 0;
            long pixels = 0;
            try (var epoch = loader.epoch(0, 0)) {
                while (epoch.hasNext()) {
                    DetectionBatch b = epoch.next();
                    assertEquals(64, b.h()); // 50x70 -> 64x90, padded to 64x96
                    assertEquals(96, b.w());
                    float[][] out = dev.hsresnet.deploy.DjlOutputs.run(reference, 3,
                            b.images(), 1, 64, 96);
                    FcosPoints points = new FcosPoints(reference.spec().detection().strides(),
                            reference.block().levelSizes(64, 96));
                    List<DetectedInstance> expected = decoder.decode(out[0], out[1], out[2],
                            out[3], out[4], 0, points, new InstanceDecoder.Frame(64, 90, 1f, 50,
                                    70));
                    InstanceResult r = segmenter.segment(set.image(b.indices()[0]));
                    assertEquals(70, r.width());
                    assertEquals(50, r.height());
                    assertEquals(expected.size(), r.count());
                    for (int i = 0; i < expected.size(); i++) {
                        DetectedBox e = expected.get(i).box();
                        DetectedBox a = r.instances().get(i).box();
                        assertEquals(e.classIndex(), a.classIndex());
                        assertEquals(e.score(), a.score());
                        assertEquals(e.x1() * 70 / 90, a.x1(), 1e-3);
                        assertEquals(e.y2() * 50 / 64, a.y2(), 1e-3);
                        assertEquals(expected.get(i).mask(), r.instances().get(i).mask());
                        pixels += r.instances().get(i).mask().area();
                    }
                    instances += r.count();
                }
            }
            assertTrue(instances > 0, "a fresh segmenter finds candidates above 0.05");
            assertTrue(pixels > 0, "and masks them");
        }
    }

    /** ONNX Runtime (in-memory export, and the exported file) finds what DJL finds. */
    @Test
    void onnxRuntimeFindsWhatDjlFinds() throws IOException {
        DetectionDataset set = DetectionSets.open("csv", data, "all");
        Path file = tmp.resolve("yolact.onnx");
        try (InstanceModel m = (InstanceModel) ModelDir.loadAny(dir, LoadOptions.DEFAULT)) {
            OnnxExporter.exportInstance(m, OnnxOptions.defaults(), file);
        }
        try (InstanceSegmenter djl = InstanceSegmenter.open(dir, BackendKind.DJL);
                InstanceSegmenter ort = InstanceSegmenter.open(dir, BackendKind.ONNX);
                InstanceSegmenter onnxFile = InstanceSegmenter.open(file, BackendKind.AUTO)) {
            assertEquals(BackendKind.ONNX, ort.backendKind());
            assertEquals(BackendKind.ONNX, onnxFile.backendKind());
            assertEquals(InstanceTestModels.CLASSES, onnxFile.classes());
            assertEquals(djl.spec(), onnxFile.spec());
            for (int i = 0; i < set.size(); i++) {
                InstanceResult expected = djl.segment(set.image(i));
                for (InstanceSegmenter other : List.of(ort, onnxFile)) {
                    InstanceResult r = other.segment(set.image(i));
                    assertEquals(expected.count(), r.count(), "image " + i);
                    for (int k = 0; k < r.count(); k++) {
                        DetectedInstance e = expected.instances().get(k);
                        DetectedInstance a = r.instances().get(k);
                        assertEquals(e.box().classIndex(), a.box().classIndex());
                        assertEquals(e.box().score(), a.box().score(), 1e-4);
                        assertEquals(e.box().x1(), a.box().x1(), 1e-2);
                        assertEquals(e.box().y2(), a.box().y2(), 1e-2);
                        double iou = InstanceTestModels.maskIou(e, a);
                        assertTrue(iou > 0.99, "image " + i + " instance " + k + ": IoU " + iou);
                    }
                }
            }
        }
    }

    @Test
    void boxesAndMasksComeBackInTheImagesPixelsAndAsDjlMasks() {
        try (InstanceSegmenter s = stub(); Detector d = new Detector(
                DetectionTestModels.config(), new dev.hsresnet.deploy.detection
                        .StubDetectionBackend(DetectionTestModels.spec()))) {
            // 50 x 70 (h x w) resizes by 64 / 50 to 64 x 90 and pads to 64 x 96
            Image image = Image.zeros(3, 50, 70);
            InstanceResult r = s.segment(image);
            assertEquals(2, r.count(), r.toString());
            assertEquals(d.detect(image).boxes(), r.detections().boxes(), "the detector's");
            for (DetectedInstance inst : r.instances()) {
                InstanceMask m = inst.mask();
                assertEquals(50, m.height());
                assertEquals(70, m.width());
                DetectedBox b = inst.box();
                int[] bounds = m.bounds();
                // the stride-4 cells whose centres lie in the box: within 2 input pixels of it
                double slackX = 2.5 * 70 / 90.0;
                double slackY = 2.5 * 50 / 64.0;
                assertTrue(bounds[0] >= b.x1() - slackX && bounds[2] <= b.x2() + slackX
                        && bounds[1] >= b.y1() - slackY && bounds[3] <= b.y2() + slackY,
                        java.util.Arrays.toString(bounds) + " vs " + b);
                double area = (b.x2() - b.x1()) * (b.y2() - b.y1());
                assertTrue(m.area() > 0.5 * area && m.area() < 1.6 * area, m.area() + " px for "
                        + "a box of " + area);
            }

            DetectedObjects djl = r.toDetectedObjects();
            assertEquals(2, djl.getNumberOfObjects());
            for (int i = 0; i < r.count(); i++) {
                DetectedInstance inst = r.instances().get(i);
                DetectedBox b = inst.box();
                DetectedObjects.DetectedObject o = djl.item(i);
                assertEquals(r.label(inst), o.getClassName());
                assertEquals(b.score(), o.getProbability(), 1e-7);
                Mask mask = assertInstanceOf(Mask.class, o.getBoundingBox());
                assertFalse(mask.isFullImageMask());
                assertEquals(b.x1() / 70.0, mask.getX(), 1e-6);
                assertEquals(b.y1() / 50.0, mask.getY(), 1e-6);
                assertEquals(b.width() / 70.0, mask.getWidth(), 1e-6);
                assertEquals(b.height() / 50.0, mask.getHeight(), 1e-6);
                assertTrue(mask.getX() >= 0 && mask.getX() + mask.getWidth() <= 1 + 1e-9);
                assertTrue(mask.getY() >= 0 && mask.getY() + mask.getHeight() <= 1 + 1e-9);
                float[][] dist = mask.getProbDist();
                int x0 = (int) Math.floor(b.x1());
                int y0 = (int) Math.floor(b.y1());
                assertEquals((int) Math.ceil(b.y2()) - y0, dist.length, "rows over the box");
                assertEquals((int) Math.ceil(b.x2()) - x0, dist[0].length, "columns");
                int set = 0;
                for (int y = 0; y < dist.length; y++) {
                    for (int x = 0; x < dist[y].length; x++) {
                        assertEquals(inst.mask().get(y0 + y, x0 + x) ? 1f : 0f, dist[y][x]);
                        set += (int) dist[y][x];
                    }
                }
                assertTrue(set > 0, "the mask lies in its box");
            }
        }
    }

    @Test
    void aBatchGivesWhatEachImageGivesAlone() {
        StubInstanceBackend backend = new StubInstanceBackend(InstanceTestModels.spec());
        try (InstanceSegmenter s = new InstanceSegmenter(InstanceTestModels.config(), backend)) {
            // 50 x 70 and 52 x 68 both pad to 64 x 96; their first pixels differ
            Image a = filled(50, 70, 0.1f);
            Image b = filled(52, 68, 0.9f);
            DetectionInput pa = s.prepare(a);
            DetectionInput pb = s.prepare(b);
            assertTrue(pa.sameShape(pb));
            List<InstanceResult> both = s.predict(List.of(pa, pb));
            assertEquals(List.of(s.segment(a), s.segment(b)), both);
            assertFalse(both.get(0).instances().equals(both.get(1).instances()));
            assertEquals(2, backend.calls().get(0)[0], "one call for both");
        }
    }

    private static Image filled(int h, int w, float v) {
        Image im = Image.zeros(3, h, w);
        java.util.Arrays.fill(im.pixels(), v);
        return im;
    }

    @Test
    void aHigherThresholdKeepsTheBestInstances() throws IOException {
        try (InstanceSegmenter s = InstanceSegmenter.open(dir, BackendKind.AUTO)) {
            Path file = data.resolve("images/img000.png");
            InstanceResult all = s.segment(file);
            assertTrue(all.count() >= 2, all.toString());
            float t = all.instances().get(all.count() / 2).box().score();
            InstanceResult fewer = s.segment(file, t);
            assertEquals(all.instances().stream().filter(d -> d.box().score() > t).toList(),
                    fewer.instances());
            assertEquals(fewer, all.above(Math.nextUp(t)));
            assertEquals(s.segment(java.nio.file.Files.readAllBytes(file), t), fewer);
            assertEquals(0, s.segment(s.decode(file), 0.99).count());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.segment(s.decode(file), 1.0));
            assertTrue(e.getMessage().contains("score threshold must be in [0, 1), got 1.0"));
        }
    }

    @Test
    void limitsAndWrongInputsAreRefusedAsByTheDetector() throws IOException {
        try (InstanceSegmenter s = stub()) {
            s.setMaxPixels(1000);
            byte[] png = TestModels.pngBytes(TestModels.image(70, 50, 1));
            ImageTooLargeException large = assertThrows(ImageTooLargeException.class,
                    () -> s.segment(png));
            assertTrue(large.getMessage().contains("3500 pixels, more than the limit of 1000"),
                    large.getMessage());
            assertThrows(ImageBudgetException.class,
                    () -> s.segment(new BufferedImage(70, 50, BufferedImage.TYPE_INT_RGB)));
            IOException notAnImage = assertThrows(IOException.class,
                    () -> s.segment("hello".getBytes()));
            assertTrue(notAnImage.getMessage().contains("encoded image"),
                    notAnImage.getMessage());
            IllegalArgumentException gray = assertThrows(IllegalArgumentException.class,
                    () -> s.prepare(Image.zeros(1, 20, 20)));
            assertTrue(gray.getMessage().contains("image has 1 channels, the model takes 3"));
        }
    }

    @Test
    void onlyInstanceModelsOpen() throws IOException {
        Path classifier = TestModels.cifarModel(tmp.resolve("cifar"), 1);
        Path detector = DetectionTestModels.save(tmp.resolve("fcos"), 1);
        assertTrue(InstanceSegmenter.isInstanceModel(dir));
        assertFalse(InstanceSegmenter.isInstanceModel(detector));
        assertFalse(Detector.isDetectionModel(dir));
        IOException e = assertThrows(IOException.class, () -> InstanceSegmenter.open(detector));
        assertTrue(e.getMessage().contains("holds a 'detection' model, not an instance model"),
                e.getMessage());
        IOException c = assertThrows(IOException.class, () -> InstanceSegmenter.open(classifier,
                BackendKind.ONNX));
        assertTrue(c.getMessage().contains("holds a 'classification' model"), c.getMessage());
        IOException d = assertThrows(IOException.class, () -> Detector.open(dir));
        assertTrue(d.getMessage().contains("not a detection model"), d.getMessage());
        IOException file = assertThrows(IOException.class, () -> InstanceSegmenter.open(
                dir.resolve("model.json"), BackendKind.DJL));
        assertTrue(file.getMessage().contains("is a file; the djl backend needs a model "
                + "directory"), file.getMessage());
    }
}
