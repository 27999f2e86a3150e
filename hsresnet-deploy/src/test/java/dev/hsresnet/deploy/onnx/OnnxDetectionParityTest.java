package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosDecoder;
import dev.hsresnet.vision.detection.FcosPoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An exported FCOS detector passes ONNX's full check, and ONNX Runtime's three outputs equal
 * DJL's {@code FcosNet} eval forward (same weights, BatchNorm not folded in DJL) to 1e-4 max abs
 * difference (the class and centerness logits as they are, the distances in strides, the unit
 * of the regression before {@code * stride}: float32 rounding is about 1e-6 of the largest value,
 * and a distance of 100 pixels would take 1e-4 of it), and decode ({@link FcosDecoder}) to the
 * same detections: HS and plain backbones,
 * P3-P5 and P3-P7, 0 to 3 tower units, 1 to 8 GroupNorm groups; BatchNorm folded and not;
 * opsets 11, 13 and 17; batch 2 at a size that is a multiple of 32 and at sizes that are not (where
 * every level's size is rounded up by the strided convolutions, and the FPN upsamples to sizes
 * that are not a factor of 2 apart).
 */
class OnnxDetectionParityTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        List<long[]> sizes = List.of(new long[] {2, 3, 64, 96}, new long[] {2, 3, 45, 61});
        return Stream.of(
                Arguments.of("HS, P3-P7", DetNets.hs5(), new OnnxOptions(17, true), sizes),
                Arguments.of("HS, P3-P7", DetNets.hs5(), new OnnxOptions(11, false),
                        List.of(new long[] {2, 3, 33, 130})),
                Arguments.of("HS, P3-P5", DetNets.hs3(), new OnnxOptions(13, true), sizes),
                Arguments.of("plain, P3-P5", DetNets.plain3(), new OnnxOptions(11, true), sizes),
                Arguments.of("plain, P3-P5", DetNets.plain3(), new OnnxOptions(17, false),
                        List.of(new long[] {2, 3, 77, 50})),
                Arguments.of("plain, P3-P7", DetNets.plain5(), new OnnxOptions(17, true), sizes));
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("cases")
    void ortMatchesDjl(String name, DetectionSpec spec, OnnxOptions options, List<long[]> inputs)
            throws Exception {
        Path file = tmp.resolve("det.onnx");
        try (DetectionModel model = DetNets.create(spec, 21)) {
            OnnxExporter.exportDetection(model, options, file);
            PythonOnnxChecker.check(List.of(file));
            FcosDecoder decoder = BatchDetector.decoder(spec, spec.scoreThreshold());
            try (OrtDetector ort = OrtDetector.open(file, 2)) {
                long seed = 5;
                for (long[] shape : inputs) {
                    float[] x = DetNets.images(shape, seed++);
                    float[][] djl = DetNets.forward(model, x, shape);
                    OrtDetector.Outputs out = ort.run(x, shape);
                    int p = (int) model.block().locations(shape[2], shape[3]);
                    assertEquals(p, out.locations());
                    float[][] onnx = {out.clsLogits(), out.boxDistances(),
                        out.centernessLogits()};
                    int h = (int) shape[2];
                    int w = (int) shape[3];
                    FcosPoints points = new FcosPoints(spec.strides(), model.block()
                            .levelSizes(h, w));
                    double cls = check(name, shape, "cls", onnx[0], djl[0], TOLERANCE);
                    double ctr = check(name, shape, "ctr", onnx[2], djl[2], TOLERANCE);
                    double box = check(name, shape, "box (pixels)", onnx[1], djl[1],
                            Double.POSITIVE_INFINITY);
                    double boxInStrides = check(name, shape, "box (strides)",
                            inStrides(onnx[1], points), inStrides(djl[1], points), TOLERANCE);
                    int found = 0;
                    for (int i = 0; i < shape[0]; i++) {
                        List<DetectedBox> a = decoder.decode(djl[0], djl[1], djl[2], i, points,
                                h, w, 1f);
                        List<DetectedBox> b = decoder.decode(onnx[0], onnx[1], onnx[2], i,
                                points, h, w, 1f);
                        assertSameDetections(a, b, name + " " + Arrays.toString(shape)
                                + " image " + i);
                        found += a.size();
                    }
                    assertTrue(found > 0, "something is detected");
                    System.out.printf(Locale.ROOT, "detection parity %s, %s, input %s: max "
                            + "|ort - djl| cls %.1e (max %.1f), ctr %.1e (max %.1f), box %.1e px "
                            + "(max %.1f px) = %.1e strides; %d detections equal%n", name,
                            options, Arrays.toString(shape), cls, DetNets.maxAbs(djl[0]), ctr,
                            DetNets.maxAbs(djl[2]), box, DetNets.maxAbs(djl[1]), boxInStrides,
                            found);
                }
            }
        }
    }

    /**
     * @return the max abs difference, after checking that the reference is not trivial (its
     *     largest magnitude above 0.5) and the difference is within {@code tolerance}
     */
    static double check(String name, long[] shape, String what, float[] actual,
            float[] expected, double tolerance) {
        double diff = DetNets.maxAbsDiff(actual, expected);
        double scale = DetNets.maxAbs(expected);
        assertTrue(scale > 0.5, what + " outputs are not trivial: max " + scale);
        assertTrue(diff <= tolerance, name + " " + Arrays.toString(shape) + " " + what
                + ": max abs difference " + diff + " > " + tolerance);
        return diff;
    }

    /**
     * @return the distances {@code (N, P, 4)} divided by each location's stride: the regression
     *     in the unit the head predicts it before {@code * stride}, where float32 rounding is the
     *     same on every level
     */
    static float[] inStrides(float[] distances, FcosPoints points) {
        float[] out = new float[distances.length];
        int p = points.count();
        for (int i = 0; i < distances.length; i++) {
            out[i] = distances[i] / points.strideOf((i / 4) % p);
        }
        return out;
    }

    /** Same classes in the same order, scores to 1e-5, corners to 1e-3 pixels. */
    static void assertSameDetections(List<DetectedBox> expected, List<DetectedBox> actual,
            String what) {
        assertEquals(expected.size(), actual.size(), what + ": number of detections");
        List<String> differences = new ArrayList<>();
        for (int j = 0; j < expected.size(); j++) {
            DetectedBox e = expected.get(j);
            DetectedBox a = actual.get(j);
            float corner = Math.max(Math.max(Math.abs(e.x1() - a.x1()), Math.abs(e.y1() - a.y1())),
                    Math.max(Math.abs(e.x2() - a.x2()), Math.abs(e.y2() - a.y2())));
            if (e.classIndex() != a.classIndex() || Math.abs(e.score() - a.score()) > 1e-5
                    || corner > 1e-3) {
                differences.add(j + ": " + e + " vs " + a);
            }
        }
        assertEquals(List.of(), differences, what);
    }
}
