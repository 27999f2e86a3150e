package dev.hsresnet.core.testing;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.engine.ConvCheck;
import dev.hsresnet.core.nn.WeightInit;
import java.util.SplittableRandom;

/** Test helpers: a block inside a DJL model, deterministic inputs, forward calls. */
public final class Nets {

    private Nets() {}

    /**
     * Puts {@code block} into a new model, initializes it for {@code inputShape} and fills it with
     * the project's seeded initialization.
     */
    public static Model initialized(Block block, Shape inputShape, long seed) {
        Model model = Model.newInstance("test");
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
        WeightInit.apply(block, seed, false);
        return model;
    }

    /** @return a standard-normal array drawn in Java from {@code seed} */
    public static NDArray randomInput(NDManager manager, Shape shape, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rng.nextGaussian();
        }
        return manager.create(values, shape);
    }

    /** Runs a forward pass with parameters used in place. */
    public static NDList forward(Block block, NDArray input, boolean training) {
        return block.forward(new ParameterStore(input.getManager(), false), new NDList(input),
                training);
    }

    /** @return whether every element is finite (no NaN, no infinity) */
    public static boolean allFinite(NDArray array) {
        for (float v : array.toFloatArray()) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** @return max |a - b| / max |b|, the relative error the cross-checks bound */
    public static double relativeError(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError("lengths differ: " + actual.length + " vs " + expected.length);
        }
        return ConvCheck.relativeError(actual, expected);
    }
}
