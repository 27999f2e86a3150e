package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.core.spec.Stem;
import dev.hsresnet.core.testing.Nets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One bottleneck alone on ONNX Runtime computes what the DJL block computes. */
class OnnxBlockTest {

    @Test
    void everyBlockOfAMixedNetworkMatchesDjl() throws Exception {
        ResNetSpec spec = ResNetSpec.builder().stem(Stem.DEEP).stemWidth(16)
                .stages(List.of(StageSpec.hs(2, 8, 3, 4), StageSpec.plain(2, 16),
                        StageSpec.hs(2, 16, 5, 3)))
                .numClasses(0).build();
        ModelConfig config = SmallNets.config("blocks", spec, 32);
        try (ResNetModel model = SmallNets.create(config, 5)) {
            long[][] shapes = {{2, 16, 8, 8}, {2, 32, 8, 8}, {2, 32, 8, 8}, {2, 64, 4, 4},
                {2, 64, 4, 4}, {2, 64, 2, 2}};
            var state = model.stateDict();
            model.network().prepareForInference();
            for (int stage = 0; stage < 3; stage++) {
                for (int block = 0; block < 2; block++) {
                    long[] shape = shapes[stage * 2 + block];
                    float[] input = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
                    SplittableRandom rng = new SplittableRandom(stage * 2L + block);
                    for (int i = 0; i < input.length; i++) {
                        input[i] = (float) rng.nextGaussian();
                    }
                    float[] djl = djl(model, stage, block, input, shape);
                    try (OnnxBlock b = OnnxBlock.open(spec, stage, block, state, shape[2],
                            shape[3], 1); OnnxBlock.Input x = b.input(input, shape)) {
                        float[] ort = b.output(input, shape);
                        assertEquals(djl.length, ort.length);
                        x.run();
                        double err = Nets.relativeError(ort, djl);
                        assertTrue(err < 1e-4, "block " + stage + "." + block + ": " + err);
                    }
                }
            }
            var e = assertThrows(IllegalArgumentException.class,
                    () -> OnnxBlock.open(spec, 3, 0, state, 2, 2, 1));
            assertTrue(e.getMessage().contains("no block 3.0"), e.getMessage());
        }
    }

    private static float[] djl(ResNetModel model, int stage, int block, float[] input,
            long[] shape) {
        Block b = model.network().layer(stage).getChildren().get(block).getValue();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = m.create(input, new Shape(shape));
            return b.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
        }
    }
}
