package dev.hsresnet.vision.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.nn.WeightInit;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fresh weights of an {@link FcosNet}, reproducible from a seed (one generator per parameter
 * seeded from the seed and the PyTorch name, as {@link WeightInit}).
 *
 * <ul>
 *   <li>backbone and neck: {@link WeightInit}'s (He-normal convolutions with fan-out, unit BN
 *       scales, zero biases, including the FPN's);
 *   <li>head (mmdet's {@code FCOSHead.init_weights}): every convolution of the towers and the
 *       predictors (the mask coefficients' {@code conv_coeff} too, when there is one) normal(0,
 *       0.01); {@code conv_reg} and {@code conv_centerness} biases 0,
 *       {@code conv_cls}'s bias {@code -log((1 - p) / p)} for the prior probability {@code p}
 *       ({@link DetectionSpec#classBias()}), so every class starts at probability {@code p}
 *       (Lin et al. 2017); GroupNorm weight 1 and bias 0; each level's scale 1.
 * </ul>
 *
 * Any other part of a network keeps {@link WeightInit}'s values (the YOLACT prototype branch is
 * then overwritten by {@code InstanceInit}).
 */
public final class DetectionInit {

    /** The head convolutions' standard deviation (mmdet's {@code normal_init(std=0.01)}). */
    static final double HEAD_STD = 0.01;

    private static final String HEAD = "bbox_head.";

    private DetectionInit() {}

    /**
     * Overwrites every parameter of an initialized network.
     *
     * @param net the initialized network
     * @param seed the seed
     * @param zeroInitLastBn whether the backbone's {@code bn3} gammas start at 0
     */
    static void apply(FcosNet net, long seed, boolean zeroInitLastBn) {
        apply(net, net.spec().classBias(), seed, zeroInitLastBn);
    }

    /**
     * Overwrites every parameter of an initialized network that holds an {@link FcosHead} under
     * the name {@code bbox_head}: {@link WeightInit} everywhere, then the head as above.
     *
     * @param net the initialized network
     * @param classBias the classifier's bias, {@link DetectionSpec#classBias()}
     * @param seed the seed
     * @param zeroInitLastBn whether the backbone's {@code bn3} gammas start at 0
     * @throws IllegalStateException when a head parameter is of a kind it does not know
     */
    public static void apply(Block net, double classBias, long seed, boolean zeroInitLastBn) {
        WeightInit.apply(net, seed, zeroInitLastBn);
        float bias = (float) classBias;
        for (Map.Entry<String, Parameter> e : StateDict.of(net).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(HEAD)) {
                continue;
            }
            NDArray array = e.getValue().getArray();
            int n = Math.toIntExact(array.size());
            float[] v = new float[n];
            long[] shape = array.getShape().getShape();
            if (shape.length == 4) {
                SplittableRandom rng = new SplittableRandom(mix(seed, name));
                for (int i = 0; i < n; i++) {
                    v[i] = (float) (rng.nextGaussian() * HEAD_STD);
                }
            } else if (name.endsWith(".scale") || name.endsWith(".gn.weight")) {
                Arrays.fill(v, 1f);
            } else if (name.equals(HEAD + "conv_cls.bias")) {
                Arrays.fill(v, bias);
            } else if (!name.endsWith(".bias")) {
                throw new IllegalStateException("no initialization for head parameter " + name);
            }
            Weights.setValues(array, v);
        }
    }

    /**
     * @param seed the run seed
     * @param name the parameter's PyTorch name
     * @return a 64-bit seed for that parameter's generator (SplitMix64-style finalizer)
     */
    public static long mix(long seed, String name) {
        long h = (seed ^ 0x5DEECE66DL) * 0x9E3779B97F4A7C15L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }
}
