package dev.hsresnet.deploy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.vision.task.DenseModel;

/** The inference forward of a dense-task model on DJL, its outputs copied to the Java heap. */
public final class DjlOutputs {

    private DjlOutputs() {}

    /**
     * Runs the model in inference mode in a sub-manager of its own manager, closed before this
     * returns, so nothing accumulates between calls.
     *
     * @param model the model (prepared for inference or not)
     * @param channels its input channels
     * @param input {@code (n, channels, height, width)} float32, row-major, normalized
     * @param n batch size, at least 1
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @return every output of the network, in order, row-major
     * @throws IllegalArgumentException when {@code input.length} does not match the shape
     */
    public static float[][] run(DenseModel<?, ?> model, int channels, float[] input, int n,
            int height, int width) {
        Inputs.check(input, n, channels, height, width);
        try (NDManager call = model.manager().newSubManager()) {
            NDList out = model.forward(call.create(input, new Shape(n, channels, height, width)),
                    false);
            float[][] copied = new float[out.size()][];
            for (int i = 0; i < copied.length; i++) {
                copied[i] = out.get(i).toFloatArray();
            }
            return copied;
        }
    }
}
