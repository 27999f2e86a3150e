package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.deploy.instance.InstanceTestModels;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosPoints;
import dev.hsresnet.vision.instance.DetectedInstance;
import dev.hsresnet.vision.instance.InstanceDecoder;
import dev.hsresnet.vision.instance.InstanceModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An exported YOLACT-on-FCOS instance segmenter passes ONNX's full check, and ONNX Runtime's five
 * outputs equal DJL's {@code YolactNet} eval forward (same weights, BatchNorm not folded in DJL)
 * within the detection parity's bound, 1e-4 max abs difference (class and centerness logits,
 * distances in strides, coefficients, prototypes), and decode ({@link InstanceDecoder}) to the
 * same instances: the same detections as {@link OnnxDetectionParityTest} requires, and masks
 * equal or of mask IoU above 0.99. The detection parity's networks (HS and plain, P3-P5 and
 * P3-P7, BatchNorm folded and not, opsets 11 to 17) with 4 prototypes, batch 2, at a multiple of
 * 32 and at sizes that are not (where the prototypes are {@code 2 ceil(H / 8)} high).
 */
class OnnxInstanceParityTest {

    private static final double TOLERANCE = 1e-4;

    /** The prototypes of the test networks. */
    private static final int K = 4;

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        List<long[]> sizes = List.of(new long[] {2, 3, 64, 96}, new long[] {2, 3, 45, 61});
        return Stream.of(
                Arguments.of("HS, P3-P7", DetNets.hs5(), new OnnxOptions(17, true), sizes),
                Arguments.of("HS, P3-P5", DetNets.hs3(), new OnnxOptions(11, false),
                        List.of(new long[] {2, 3, 33, 130})),
                Arguments.of("plain, P3-P5", DetNets.plain3(), new OnnxOptions(13, true),
                        List.of(new long[] {2, 3, 77, 50})));
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("cases")
    void ortMatchesDjl(String name, DetectionSpec spec, OnnxOptions options, List<long[]> inputs)
            throws Exception {
        Path file = tmp.resolve("yolact.onnx");
        try (InstanceModel model = DetNets.createInstance(spec, K, 21)) {
            OnnxExporter.exportInstance(model, options, file);
            PythonOnnxChecker.check(List.of(file));
            InstanceDecoder decoder = new InstanceDecoder(BatchDetector.decoder(spec,
                    spec.scoreThreshold()), K);
            try (OrtDetector ort = OrtDetector.open(file, 2)) {
                assertNotNull(ort.instanceSpec(), "read back as an instance segmenter");
                assertEquals(K, ort.instanceSpec().prototypes());
                long seed = 5;
                for (long[] shape : inputs) {
                    float[] x = DetNets.images(shape, seed++);
                    float[][] djl = DetNets.forward(model, x, shape);
                    OrtDetector.Outputs out = ort.run(x, shape);
                    int h = (int) shape[2];
                    int w = (int) shape[3];
                    int[] proto = model.block().prototypeSize(h, w);
                    assertEquals(proto[0], out.prototypeHeight());
                    assertEquals(proto[1], out.prototypeWidth());
                    float[][] onnx = {out.clsLogits(), out.boxDistances(), out.centernessLogits(),
                        out.coefficients(), out.prototypes()};
                    FcosPoints points = new FcosPoints(spec.strides(), model.block()
                            .levelSizes(h, w));
                    double[] diff = {
                        check(name, shape, "cls", onnx[0], djl[0]),
                        check(name, shape, "ctr", onnx[2], djl[2]),
                        check(name, shape, "box (strides)",
                                OnnxDetectionParityTest.inStrides(onnx[1], points),
                                OnnxDetectionParityTest.inStrides(djl[1], points)),
                        check(name, shape, "coefficients", onnx[3], djl[3]),
                        check(name, shape, "prototypes", onnx[4], djl[4])};
                    int found = 0;
                    long maskPixels = 0;
                    int differ = 0;
                    double worstIou = 1;
                    for (int i = 0; i < shape[0]; i++) {
                        InstanceDecoder.Frame frame = new InstanceDecoder.Frame(h, w, 1f, h, w);
                        List<DetectedInstance> a = decoder.decode(djl[0], djl[1], djl[2],
                                djl[3], djl[4], i, points, frame);
                        List<DetectedInstance> b = decoder.decode(onnx[0], onnx[1], onnx[2],
                                onnx[3], onnx[4], i, points, frame);
                        String what = name + " " + Arrays.toString(shape) + " image " + i;
                        OnnxDetectionParityTest.assertSameDetections(boxes(a), boxes(b), what);
                        for (int j = 0; j < a.size(); j++) {
                            double iou = InstanceTestModels.maskIou(a.get(j), b.get(j));
                            assertTrue(iou > 0.99, what + " instance " + j + ": mask IoU " + iou);
                            worstIou = Math.min(worstIou, iou);
                            differ += a.get(j).mask().equals(b.get(j).mask()) ? 0 : 1;
                            maskPixels += a.get(j).mask().area();
                        }
                        found += a.size();
                    }
                    assertTrue(found > 0, "something is detected");
                    assertTrue(maskPixels > 0, "some masks are not empty");
                    System.out.printf(Locale.ROOT, "instance parity %s, %s, input %s: max "
                            + "|ort - djl| cls %.1e, ctr %.1e, box %.1e strides, coefficients "
                            + "%.1e, prototypes %.1e (max %.1f); %d instances, %d mask pixels, "
                            + "%d masks not identical, lowest mask IoU %.6f%n", name, options,
                            Arrays.toString(shape), diff[0], diff[1], diff[2], diff[3], diff[4],
                            DetNets.maxAbs(djl[4]), found, maskPixels, differ, worstIou);
                }
            }
        }
    }

    private static List<DetectedBox> boxes(List<DetectedInstance> instances) {
        return instances.stream().map(DetectedInstance::box).toList();
    }

    private static double check(String name, long[] shape, String what, float[] actual,
            float[] expected) {
        return OnnxDetectionParityTest.check(name, shape, what, actual, expected, TOLERANCE);
    }
}
