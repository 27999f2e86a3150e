package dev.hsresnet.deploy.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.spec.ResNetSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Test networks for the exporter: small specs, BN statistics that make folding matter. */
final class SmallNets {

    private SmallNets() {}

    /**
     * A configuration for a custom architecture at a given input size (crop 1.0, statistics 0.5 /
     * 0.25 per channel).
     */
    static ModelConfig config(String name, ResNetSpec spec, int size) {
        int c = spec.inChannels();
        Preprocessing p = new Preprocessing(size, 1.0, "bilinear",
                Collections.nCopies(c, 0.5), Collections.nCopies(c, 0.25));
        return new ModelConfig(ModelConfig.FORMAT, ModelConfig.FORMAT_VERSION, name, spec, p,
                null, null);
    }

    /**
     * A model with seeded weights and random BN affine parameters and running statistics
     * (gamma of either sign in 0.5..1.5, beta N(0, 0.3), mean N(0, 0.5), var 0.3..2.0), so a
     * wrongly folded or misplaced BN changes the output.
     */
    static ResNetModel create(ModelConfig config, long seed) {
        ResNetModel model = ResNetModel.create(config, seed);
        try {
            model.loadStateDict(randomizeBatchNorm(model.stateDict(), seed), "randomized BN");
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    static Map<String, Tensor> randomizeBatchNorm(Map<String, Tensor> stateDict, long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 31 + 7);
        Map<String, Tensor> out = new LinkedHashMap<>(stateDict);
        for (String key : stateDict.keySet()) {
            if (!key.endsWith(".running_mean")) {
                continue;
            }
            String bn = key.substring(0, key.length() - ".running_mean".length());
            int n = (int) stateDict.get(key).numel();
            float[] gamma = new float[n];
            float[] beta = new float[n];
            float[] mean = new float[n];
            float[] var = new float[n];
            for (int i = 0; i < n; i++) {
                gamma[i] = (float) ((rng.nextBoolean() ? 1 : -1) * rng.nextDouble(0.5, 1.5));
                beta[i] = (float) (0.3 * rng.nextGaussian());
                mean[i] = (float) (0.5 * rng.nextGaussian());
                var[i] = (float) rng.nextDouble(0.3, 2.0);
            }
            long[] shape = {n};
            out.put(bn + ".weight", Tensor.ofFloats(shape, gamma));
            out.put(bn + ".bias", Tensor.ofFloats(shape, beta));
            out.put(bn + ".running_mean", Tensor.ofFloats(shape, mean));
            out.put(bn + ".running_var", Tensor.ofFloats(shape, var));
        }
        return out;
    }

    /** @return {@code n} standard-normal images of the model's input shape, NCHW */
    static float[] images(ModelConfig config, int n, long seed) {
        int size = config.inputSize();
        int floats = n * config.architecture().inChannels() * size * size;
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[floats];
        for (int i = 0; i < floats; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    /** @return DJL's inference-mode output for {@code n} images, flattened row-major */
    static float[] djlForward(ResNetModel model, float[] images, int n) {
        int size = model.config().inputSize();
        Shape shape = new Shape(n, model.config().architecture().inChannels(), size, size);
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = m.create(images, shape);
            return model.forward(x, false).singletonOrThrow().toFloatArray();
        }
    }

    /** @return the rows concatenated */
    static float[] flatten(float[][] rows) {
        return dev.hsresnet.deploy.Inputs.flatten(rows);
    }
}
