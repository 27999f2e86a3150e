package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionModels;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Times the two GroupNorm lowerings in ONNX Runtime: the eight GroupNorm + Relu of the FCOS
 * towers alone on P3 of a 512x512 input (64 channels, 16 groups, 64x64), and the whole {@code
 * fcos_hs_resnet26_lite} at 512x512, on 1 and 2 intra-op threads; runs alternate between the
 * lowerings, median of each. Not a test of the suite (its name does not end in {@code Test}):
 * run it by name,
 *
 * <pre>
 * mvn -o -q -B -pl hsresnet-deploy -am test -Dtest=GroupNormLoweringTiming \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and read the lines it prints (docs/detection.md, "ONNX export", has the figures).
 */
class GroupNormLoweringTiming {


    @Test
    void timeBothLowerings() throws Exception {
        int channels = 64;
        int groups = 16;
        long[] p3 = {1, channels, 64, 64};
        Map<GroupNormLowering, byte[]> towers = new EnumMap<>(GroupNormLowering.class);
        for (GroupNormLowering l : GroupNormLowering.values()) {
            towers.put(l, groupNorms(l, 8, channels, groups, p3));
        }
        for (int threads : new int[] {1, 2}) {
            report("8 x GroupNorm + Relu, 1x64x64x64, 16 groups", towers, p3, 30, threads);
        }

        Map<GroupNormLowering, byte[]> detectors = new EnumMap<>(GroupNormLowering.class);
        try (DetectionModel m = DetectionModel.create(
                DetectionModels.config("fcos_hs_resnet26_lite", List.of("object")), 1)) {
            for (GroupNormLowering l : GroupNormLowering.values()) {
                detectors.put(l, DetectionExport.modelProto(m.spec(), m.stateDict(), "timing",
                        m.config().preprocessing(), null, OnnxOptions.defaults(), l)
                        .toByteArray());
            }
        }
        for (Map.Entry<GroupNormLowering, byte[]> e : detectors.entrySet()) {
            OnnxMetadata meta = OnnxMetadata.parse(e.getValue(), "fcos_hs_resnet26_lite");
            System.out.printf(Locale.ROOT, "GroupNorm lowering %s: fcos_hs_resnet26_lite has %d "
                    + "nodes, %d initializers, %.1f MB%n", e.getKey(), meta.nodeCount(),
                    meta.initializerCount(), e.getValue().length / 1e6);
        }
        for (int threads : new int[] {1, 2}) {
            report("fcos_hs_resnet26_lite, 1x3x512x512", detectors,
                    new long[] {1, 3, 512, 512}, 10, threads);
        }
    }

    /** A graph of {@code count} GroupNorm + Relu units on an input of {@code shape}. */
    private static byte[] groupNorms(GroupNormLowering lowering, int count, int channels,
            int groups, long[] shape) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        float[] scale = new float[channels];
        Arrays.fill(scale, 1.2f);
        float[] shift = new float[channels];
        Arrays.fill(shift, 0.1f);
        for (int k = 0; k < count; k++) {
            weights.put("gn." + k + ".weight", Tensor.ofFloats(new long[] {channels}, scale));
            weights.put("gn." + k + ".bias", Tensor.ofFloats(new long[] {channels}, shift));
        }
        return GroupNormGraphs.chain(lowering, weights, count, channels, groups,
                List.of(shape[0], shape[1], shape[2], shape[3]), true);
    }

    private static void report(String what, Map<GroupNormLowering, byte[]> models, long[] shape,
            int runs, int threads) throws ai.onnxruntime.OrtException {
        float[] input = SegNets.images(shape, 3);
        Map<GroupNormLowering, GroupNormGraphs.Session> sessions =
                new EnumMap<>(GroupNormLowering.class);
        Map<GroupNormLowering, double[]> ms = new EnumMap<>(GroupNormLowering.class);
        try {
            for (Map.Entry<GroupNormLowering, byte[]> e : models.entrySet()) {
                sessions.put(e.getKey(), new GroupNormGraphs.Session(e.getValue(), threads));
                ms.put(e.getKey(), new double[runs]);
            }
            for (GroupNormGraphs.Session s : sessions.values()) {
                for (int i = 0; i < 3; i++) {
                    s.run(input, shape);
                }
            }
            for (int i = 0; i < runs; i++) {
                for (var e : sessions.entrySet()) {
                    long t0 = System.nanoTime();
                    e.getValue().run(input, shape);
                    ms.get(e.getKey())[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        } finally {
            for (GroupNormGraphs.Session s : sessions.values()) {
                s.close();
            }
        }
        StringBuilder line = new StringBuilder("GroupNorm lowering, " + what + ", ORT "
                + threads + " thread(s), median of " + runs + ":");
        for (Map.Entry<GroupNormLowering, double[]> e : ms.entrySet()) {
            double[] v = e.getValue().clone();
            Arrays.sort(v);
            line.append(String.format(Locale.ROOT, " %s %.2f ms", e.getKey(), v[v.length / 2]));
            assertTrue(v[0] > 0);
        }
        System.out.println(line);
    }
}
