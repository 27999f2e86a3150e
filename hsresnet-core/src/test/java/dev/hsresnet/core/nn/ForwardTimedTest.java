package dev.hsresnet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import org.junit.jupiter.api.Test;

/** The timed forward the architecture search uses gives the forward's output, part by part. */
class ForwardTimedTest {

    @Test
    void theTimedForwardIsTheInferenceForward() {
        try (ResNetModel model = ResNetModel.create(ModelConfig.of("hs_resnet26_nano", 5, 3), 3)) {
            model.network().prepareForInference();
            try (NDManager m = model.manager().newSubManager()) {
                NDArray x = m.randomNormal(new Shape(2, 3, 64, 64));
                float[] expected = model.forward(x, false).singletonOrThrow().toFloatArray();
                long[] nanos = new long[6];
                float[] timed = model.network().forwardTimed(new ParameterStore(m, false), x,
                        nanos);
                assertArrayEquals(expected, timed, 1e-6f);
                for (long n : nanos) {
                    assertTrue(n > 0, java.util.Arrays.toString(nanos));
                }
                assertThrows(IllegalArgumentException.class, () -> model.network()
                        .forwardTimed(new ParameterStore(m, false), x, new long[5]));
            }
        }
    }
}
