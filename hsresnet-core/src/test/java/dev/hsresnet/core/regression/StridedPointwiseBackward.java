package dev.hsresnet.core.regression;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.nn.Bottleneck;
import dev.hsresnet.core.nn.SpatialStage;
import dev.hsresnet.core.spec.HsConfig;
import dev.hsresnet.core.spec.Shortcut;
import dev.hsresnet.core.testing.Nets;

/**
 * Child-JVM program for ENGINE.md bug 2: SIGFPE in oneDNN in the backward of a 1x1 stride-2 conv
 * with at least 512 channels. Trains the first block of ResNet-50's stages 3 and 4 with the plain
 * ("b") shortcut, whose projection is exactly such a conv; exits 0 if the process survives and
 * the gradients are finite.
 */
public final class StridedPointwiseBackward {

    private StridedPointwiseBackward() {}

    public static void main(String[] args) {
        int[][] blocks = {{512, 1024, 14}, {1024, 2048, 8}};
        for (int[] b : blocks) {
            Bottleneck block = new Bottleneck(b[0], 96, b[1], 2,
                    SpatialStage.hs(new HsConfig(4, 24)), Shortcut.PLAIN);
            Shape in = new Shape(2, b[0], b[2], b[2]);
            try (Model model = Nets.initialized(block, in, 1)) {
                for (int step = 0; step < 3; step++) {
                    try (NDManager m = model.getNDManager().newSubManager();
                            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = Nets.forward(block, Nets.randomInput(m, in, step), true)
                                .singletonOrThrow();
                        gc.backward(y.mean());
                    }
                }
                NDArray g = block.getParameters().valueAt(0).getArray().getGradient();
                if (!Nets.allFinite(g)) {
                    System.out.println("non-finite gradient in " + block);
                    System.exit(3);
                }
            }
        }
        System.out.println("survived the strided 1x1 backward");
        System.exit(0);
    }
}
