package dev.hsresnet.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.train.loop.Losses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training steps leave nothing behind in the model's manager: every array a step makes belongs to
 * the batch's sub-manager or to the step's own. (A 1x1 convolution once attached its reshaped
 * weight to the model's manager, one per call, and memory grew without end.)
 */
class StepMemoryTest {

    @ParameterizedTest
    @ValueSource(strings = {"hs_resnet29_cifar", "resnet29_cifar"})
    void theModelsManagerDoesNotGrow(String name) {
        ModelConfig base = ModelConfig.of(name, 10, 1);
        ModelConfig config = base.withPreprocessing(base.preprocessing().withSize(16));
        try (ResNetModel model = ResNetModel.create(config, 0)) {
            Sgd sgd = new Sgd(model.parameters(), model.manager(), 0.9, true, 5e-4, false);
            BaseNDManager manager = (BaseNDManager) model.manager();
            step(model, sgd);
            int after = manager.getManagedArrays().size();
            for (int i = 0; i < 4; i++) {
                step(model, sgd);
            }
            assertEquals(after, manager.getManagedArrays().size());
        }
    }

    private static void step(ResNetModel model, Sgd sgd) {
        try (NDManager batch = model.manager().newSubManager()) {
            NDArray x = batch.randomNormal(new Shape(4, 1, 16, 16));
            NDArray y = batch.create(new int[] {0, 1, 2, 3}).oneHot(10);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(Losses.softCrossEntropy(model.forward(x, true).singletonOrThrow(), y));
            }
            sgd.step(0.01);
        }
    }
}
