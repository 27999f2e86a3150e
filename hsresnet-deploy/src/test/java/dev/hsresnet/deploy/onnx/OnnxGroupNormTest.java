package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.testing.Nets;
import dev.hsresnet.vision.nn.GroupNorm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both GroupNorm lowerings equal DJL's {@link GroupNorm} (random affine parameters, an input
 * with a per-channel offset so the mean matters) to 1e-5: one group, one channel per group and
 * the towers' 4 per group, at odd sizes and batch 2, through one session of symbolic shape; and
 * the lowering writes the nodes it says.
 */
class OnnxGroupNormTest {

    @ParameterizedTest(name = "{0}, {1} groups of {2} channels")
    @CsvSource({"INSTANCE_NORM, 1, 6", "INSTANCE_NORM, 8, 8", "INSTANCE_NORM, 4, 16",
        "REDUCE_MEAN, 1, 6", "REDUCE_MEAN, 8, 8", "REDUCE_MEAN, 4, 16"})
    void eachLoweringIsDjlsGroupNorm(GroupNormLowering lowering, int groups, int channels)
            throws Exception {
        SplittableRandom rng = new SplittableRandom(groups * 31L + channels);
        float[] weight = new float[channels];
        float[] bias = new float[channels];
        for (int c = 0; c < channels; c++) {
            weight[c] = (float) ((rng.nextBoolean() ? 1 : -1) * rng.nextDouble(0.5, 1.5));
            bias[c] = (float) rng.nextGaussian();
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("gn.0.weight", Tensor.ofFloats(new long[] {channels}, weight));
        weights.put("gn.0.bias", Tensor.ofFloats(new long[] {channels}, bias));
        byte[] onnx = GroupNormGraphs.chain(lowering, weights, 1, channels, groups,
                List.of("n", (long) channels, "h", "w"), false);
        GraphSummary graph = GraphSummary.of(onnx);
        assertEquals(lowering == GroupNormLowering.INSTANCE_NORM ? 1 : 0,
                graph.count("InstanceNormalization"));
        assertEquals(lowering == GroupNormLowering.REDUCE_MEAN ? 2 : 0,
                graph.count("ReduceMean"));
        assertEquals(2, graph.count("Reshape"));

        GroupNorm gn = new GroupNorm(groups, channels);
        try (Model model = Nets.initialized(gn, new Shape(1, channels, 4, 4), 1);
                GroupNormGraphs.Session ort = new GroupNormGraphs.Session(onnx, 1)) {
            Weights.setValues(gn.getParameters().get("weight").getArray(), weight);
            Weights.setValues(gn.getParameters().get("bias").getArray(), bias);
            for (long[] shape : List.of(new long[] {2, channels, 7, 5},
                    new long[] {1, channels, 1, 1}, new long[] {2, channels, 13, 9})) {
                float[] x = SegNets.images(shape, shape[2]);
                int plane = (int) (shape[2] * shape[3]);
                for (int i = 0; i < x.length; i++) {
                    x[i] = 3 * x[i] + (i / plane) % channels; // an offset per channel
                }
                float[] expected;
                try (NDManager m = model.getNDManager().newSubManager()) {
                    expected = Nets.forward(gn, m.create(x, new Shape(shape)), false)
                            .singletonOrThrow().toFloatArray();
                }
                float[] actual = ort.run(x, shape);
                double diff = DetNets.maxAbsDiff(actual, expected);
                assertTrue(diff <= 1e-5, lowering + " " + java.util.Arrays.toString(shape)
                        + ": max abs difference " + diff);
            }
        }
    }
}
