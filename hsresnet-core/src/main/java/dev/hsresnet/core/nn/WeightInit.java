package dev.hsresnet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.hsresnet.core.io.Weights;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fresh weights, reproducible from a seed: the same seed gives bit-identical weights whatever the
 * engine, device or thread count, because the values are drawn in Java, one generator per
 * parameter seeded from (seed, PyTorch name).
 *
 * <p>The scheme is torchvision's and timm's for ResNets: convolutions Kaiming-normal with fan-out
 * ({@code std = sqrt(2 / (out * kh * kw))}); BatchNorm gamma 1 and beta 0 (gamma 0 for each
 * block's last BN when the spec asks for zero-init), running mean 0 and variance 1; the classifier
 * PyTorch's Linear default, uniform in {@code +-1/sqrt(in)} for weight and bias.
 */
public final class WeightInit {

    private WeightInit() {}

    /**
     * Overwrites every parameter of an initialized network.
     *
     * @param root the initialized block
     * @param seed the seed
     * @param zeroInitLastBn whether the {@code bn3} gammas of bottlenecks start at 0
     */
    public static void apply(Block root, long seed, boolean zeroInitLastBn) {
        Map<String, Parameter> params = StateDict.of(root);
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String name = e.getKey();
            NDArray array = e.getValue().getArray();
            Weights.setValues(
                    array, values(name, array.getShape().getShape(), params, seed, zeroInitLastBn));
        }
    }

    private static float[] values(
            String name,
            long[] shape,
            Map<String, Parameter> params,
            long seed,
            boolean zeroInitLastBn) {
        int n = Math.toIntExact(numel(shape));
        float[] v = new float[n];
        SplittableRandom rng = new SplittableRandom(mix(seed, name));
        if (name.endsWith("running_var")) {
            Arrays.fill(v, 1f);
        } else if (name.endsWith("running_mean")) {
            return v;
        } else if (name.startsWith("fc.")) {
            long fanIn = params.get("fc.weight").getShape().get(1);
            double bound = 1.0 / Math.sqrt(fanIn);
            for (int i = 0; i < n; i++) {
                v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
        } else if (shape.length == 4) {
            double std = Math.sqrt(2.0 / (shape[0] * shape[2] * shape[3]));
            for (int i = 0; i < n; i++) {
                v[i] = (float) (rng.nextGaussian() * std);
            }
        } else if (name.endsWith("weight")) {
            boolean zero = zeroInitLastBn && name.endsWith("bn3.weight");
            Arrays.fill(v, zero ? 0f : 1f);
        }
        return v;
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** A 64-bit seed from the run seed and the parameter name (SplitMix64-style finalizer). */
    private static long mix(long seed, String name) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }
}
