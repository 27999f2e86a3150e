package dev.hsresnet.deploy.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.onnx.DetNets;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosDecoder;
import dev.hsresnet.vision.detection.FcosNet;
import dev.hsresnet.vision.detection.FcosPoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two detection backends run the same network: {@link DjlDetectionBackend} (frozen, the
 * backbone's BatchNorms folded in libtorch) and {@link OrtDetectionBackend} (exported in memory
 * from that prepared model, and from an {@code .onnx} file of an unprepared one) give the same raw outputs (1e-4; distances in
 * strides) and the same decoded detections, batch 2, at a multiple of 32 and at an odd size;
 * every backend checks its input and says what it is.
 */
class DetectionBackendParityTest {

    @TempDir
    Path tmp;

    @Test
    void djlAndOnnxRuntimeDetectTheSame() throws Exception {
        DetectionSpec spec = DetNets.hs5();
        Path file = tmp.resolve("det.onnx");
        try (DetectionModel source = DetNets.create(spec, 8)) {
            OnnxExporter.exportDetection(source, new OnnxOptions(11, false), file);
        }
        FcosNet shapes = new FcosNet(spec);
        FcosDecoder decoder = BatchDetector.decoder(spec, 0.05);
        try (DjlDetectionBackend djl = new DjlDetectionBackend(DetNets.create(spec, 8));
                // exported from the prepared model: its state dict is still the one saved
                DetectionBackend inMemory = OrtDetectionBackend.of(djl.model(),
                        OnnxOptions.defaults(), 2);
                DetectionBackend fromFile = OrtDetectionBackend.open(file, 1)) {
            assertEquals(BackendKind.DJL, djl.kind());
            assertEquals(BackendKind.ONNX, inMemory.kind());
            assertEquals(3, ((OrtDetectionBackend) fromFile).detector().numClasses());
            for (int[] size : List.of(new int[] {64, 96}, new int[] {50, 71})) {
                int h = size[0];
                int w = size[1];
                float[] x = DetNets.images(new long[] {2, 3, h, w}, h);
                DetectionBackend.RawOutputs reference = djl.run(x, 2, h, w);
                FcosPoints points = new FcosPoints(spec.strides(), shapes.levelSizes(h, w));
                for (DetectionBackend ort : List.of(inMemory, fromFile)) {
                    DetectionBackend.RawOutputs out = ort.run(x, 2, h, w);
                    double cls = close(out.clsLogits(), reference.clsLogits(), 1);
                    double ctr = close(out.centernessLogits(), reference.centernessLogits(), 1);
                    double box = close(inStrides(out.boxDistances(), points),
                            inStrides(reference.boxDistances(), points), 1);
                    System.out.printf(Locale.ROOT, "detection backends %dx%d: max |onnx - djl "
                            + "folded| cls %.1e, ctr %.1e, box %.1e strides%n", h, w, cls, ctr,
                            box);
                    for (int i = 0; i < 2; i++) {
                        List<DetectedBox> a = decoder.decode(reference.clsLogits(),
                                reference.boxDistances(), reference.centernessLogits(), i,
                                points, h, w, 1f);
                        List<DetectedBox> b = decoder.decode(out.clsLogits(),
                                out.boxDistances(), out.centernessLogits(), i, points, h, w, 1f);
                        assertTrue(a.size() > 0, "something is detected");
                        assertEquals(a.size(), b.size());
                        for (int j = 0; j < a.size(); j++) {
                            assertEquals(a.get(j).classIndex(), b.get(j).classIndex());
                            assertEquals(a.get(j).score(), b.get(j).score(), 1e-5);
                            assertEquals(a.get(j).x1(), b.get(j).x1(), 1e-3);
                            assertEquals(a.get(j).y2(), b.get(j).y2(), 1e-3);
                        }
                    }
                }
            }
            for (DetectionBackend b : List.of(djl, inMemory)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> b.run(new float[10], 1, 8, 8));
                assertEquals("input has 10 floats but 1 images of 3x8x8 need 192",
                        e.getMessage());
                e = assertThrows(IllegalArgumentException.class,
                        () -> b.run(new float[0], 0, 8, 8));
                assertEquals("batch, height and width must be >= 1, got 0, 8, 8",
                        e.getMessage());
            }
        }
    }

    /** @return the max abs difference, asserted at most {@code 1e-4 * scale} */
    private static double close(float[] actual, float[] expected, double scale) {
        assertEquals(expected.length, actual.length);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
        }
        assertTrue(max <= 1e-4 * scale, "max abs difference " + max);
        return max;
    }

    private static float[] inStrides(float[] distances, FcosPoints points) {
        float[] out = new float[distances.length];
        for (int i = 0; i < distances.length; i++) {
            out[i] = distances[i] / points.strideOf((i / 4) % points.count());
        }
        return out;
    }
}
