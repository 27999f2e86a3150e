package dev.hsresnet.core.regression;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.nn.HSBlock;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.testing.Nets;
import java.util.Map;

/**
 * Child-JVM program for ENGINE.md bug 1: NaN gradients in HS blocks with 2 threads (measured here:
 * oneDNN's NCHW 3x3 backward for channel counts that are not multiples of 16, see
 * docs/engine.md). Trains HS blocks of many shapes repeatedly and exits 3 at the first non-finite
 * gradient, 0 when all are finite.
 */
public final class HsBlockTrainingChild {

    private HsBlockTrainingChild() {}

    public static void main(String[] args) {
        for (int[] cfg : new int[][] {{4, 16, 1}, {4, 16, 2}, {8, 8, 1}, {5, 13, 2}, {4, 24, 1}, {4, 6, 1}, {5, 3, 1}}) {
            HSBlock block = new HSBlock(cfg[0], cfg[1], cfg[2]);
            Shape in = new Shape(8, cfg[0] * cfg[1], 28, 28);
            try (Model model = Nets.initialized(block, in, 1)) {
                Map<String, Parameter> params = StateDict.of(block);
                for (int step = 0; step < 10; step++) {
                    try (NDManager m = model.getNDManager().newSubManager();
                            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray x = Nets.randomInput(m, in, step);
                        NDArray y = Nets.forward(block, x, true).singletonOrThrow();
                        gc.backward(y.mul(y).mean());
                        for (Map.Entry<String, Parameter> e : params.entrySet()) {
                            Parameter p = e.getValue();
                            if (p.requiresGradient()
                                    && !Nets.allFinite(p.getArray().getGradient())) {
                                System.out.println("non-finite gradient in " + e.getKey()
                                        + " of " + block + " at step " + step);
                                System.exit(3);
                            }
                        }
                    }
                }
            }
        }
        System.out.println("all gradients finite");
        System.exit(0);
    }
}
