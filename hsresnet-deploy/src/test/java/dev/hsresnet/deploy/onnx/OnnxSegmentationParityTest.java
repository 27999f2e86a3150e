package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.vision.segmentation.SegmentationSpec;
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
 * An exported segmentation network passes ONNX's full check, and ONNX Runtime's logits equal
 * DJL's {@code SegmentationNet} eval forward (same weights) to 1e-4 max abs difference: an HS
 * backbone, a plain dilated one (output stride 8) and a dilated HS one (16); BatchNorm folded and
 * not; opsets 17, 11 (Resize's roi and scales as empty tensors) and 13; several inputs through
 * one session, batch 1 and 2, sizes that are multiples of 32 and sizes that are not even
 * multiples of 8 (where the FPN and the head resize to sizes that are not a factor of 2 apart,
 * and the head shrinks its coarse levels).
 */
class OnnxSegmentationParityTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        List<long[]> multiplesAndNot = List.of(new long[] {1, 3, 64, 96},
                new long[] {2, 3, 40, 56});
        return Stream.of(
                Arguments.of("HS, stride 32", SegNets.hs(), new OnnxOptions(17, true),
                        multiplesAndNot),
                Arguments.of("plain, dilated, stride 8", SegNets.plainDilated(),
                        new OnnxOptions(11, false), multiplesAndNot),
                Arguments.of("HS, dilated, stride 16", SegNets.hsStride16(),
                        new OnnxOptions(13, true),
                        List.of(new long[] {1, 3, 45, 61}, new long[] {2, 3, 33, 47})),
                // C5 of 20x26 at output stride 8: the 12- and 24-rate taps land inside
                Arguments.of("HS DeepLabV3, dilated, stride 8", SegNets.hsDeepLab(),
                        new OnnxOptions(17, true), List.of(new long[] {1, 3, 160, 208},
                                new long[] {2, 3, 40, 56})));
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("cases")
    void ortMatchesDjl(String name, SegmentationSpec spec, OnnxOptions options,
            List<long[]> inputs) throws Exception {
        Path file = tmp.resolve("seg.onnx");
        try (SegNets.Built net = SegNets.create(spec, 21)) {
            OnnxExporter.exportSegmentation(spec, net.stateDict(), "parity",
                    SegNets.preprocessing(), options, file);
            PythonOnnxChecker.check(List.of(file));
            try (OrtSegmenter ort = OrtSegmenter.open(file, 2)) {
                long seed = 5;
                for (long[] shape : inputs) {
                    float[] x = SegNets.images(shape, seed++);
                    float[] djl = net.forward(x, shape);
                    OrtSegmenter.Logits out = ort.logits(x, shape);
                    assertArrayEquals(new long[] {shape[0], spec.numClasses(), shape[2],
                            shape[3]}, out.shape());
                    double diff = maxAbsDiff(out.values(), djl);
                    double scale = maxAbs(djl);
                    System.out.printf(Locale.ROOT, "segmentation parity %s, %s, input %s: "
                            + "max |ort - djl| %.2e, max |logit| %.3f (ratio %.1e)%n", name,
                            options, Arrays.toString(shape), diff, scale, diff / scale);
                    assertTrue(scale > 0.1, "logits are not trivial: max " + scale);
                    assertTrue(diff <= TOLERANCE, name + " " + Arrays.toString(shape)
                            + ": max abs difference " + diff + " > " + TOLERANCE);
                }
            }
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    private static double maxAbs(float[] a) {
        double max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
